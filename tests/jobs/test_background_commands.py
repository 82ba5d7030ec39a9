"""The long-running background commands (`harbour worker`, `harbour ingest`) start without Django's system
checks. On SQLite, JSONField's check opens an IMMEDIATE transaction: a worker started while another program
held the write lock waited out the busy timeout, then exited with "SQLite does not support JSONFields" and
took `harbour run` down with it (a CI run of tests/test_harbour_run.py::test_a_locked_database_stops_nothing
met it when the lock was taken before the worker had finished starting). `harbour run` and deployments run
the checks before starting them; that test covers the waiting itself."""

import pytest
from django.core.management import load_command_class


@pytest.mark.parametrize("name", ["worker", "ingest"])
def test_a_background_command_runs_no_system_checks_at_start(name):
    command = load_command_class("harbour.jobs", name)
    assert command.requires_system_checks == []
    assert "--skip-checks" not in command.create_parser("harbour", name).format_usage()
