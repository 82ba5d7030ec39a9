"""Harbour's pytest plugin, loaded from pyproject's addopts (`-p tests.plugin`) so that it runs
before pytest-django reads the settings (a conftest.py would be too late).

- With HARBOUR_TEST_DATABASE=postgres the suite runs against a throwaway PostgreSQL cluster, started
  here and stopped (its folder removed) at the end, whether the tests passed or not.
- Tests write nothing into the checkout (see _scratch_folders).
- Every test that touches the database is marked `database`; the PostgreSQL pass of `make test` runs those.

`tests` is a package (every folder has an __init__.py), so each test module and conftest.py is imported under
its own dotted name (tests.inbox.test_ingest, tests.screening.conftest); tests import the shared cast and
helpers from tests.cast, never from a conftest.py (tests/test_test_imports.py checks).
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.pgcluster import Cluster

# The Bluesky network's fixtures, for every folder that talks to Bluesky (one network a session).
pytest_plugins = ["tests.bluesky"]

OWNED = "HARBOUR_TEST_PG_CLUSTER"  # set while this run owns a cluster; xdist workers reuse it


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    # A wrapper runs before pytest-django's plain hook, which loads the settings.
    _scratch_folders(early_config)
    database = os.environ.get("HARBOUR_TEST_DATABASE", "sqlite")
    if database not in ("sqlite", "postgres"):
        raise pytest.UsageError("HARBOUR_TEST_DATABASE must be sqlite or postgres")
    if database == "postgres" and not os.environ.get(OWNED):
        cluster = Cluster()
        early_config.add_cleanup(cluster.stop)
        try:
            os.environ["DATABASE_URL"] = cluster.start()
        except BaseException:
            cluster.stop()  # the cleanup above never runs when configuration itself fails
            raise
        os.environ[OWNED] = str(cluster.dir)
        early_config.add_cleanup(lambda: os.environ.pop(OWNED, None))
    return (yield)


def _scratch_folders(early_config) -> None:
    """Tests write nothing into the checkout: unless the caller names its own, the data folder (the SQLite test
    database, generated keys, uploads) and hypothesis's example database live in a temporary folder, removed at
    the end. Two runs side by side therefore never share a test database. Subprocesses and xdist workers inherit
    the variables."""
    made = {}
    for variable, sub in (("HARBOUR_DATA_DIR", "data"), ("HYPOTHESIS_STORAGE_DIRECTORY", "hypothesis")):
        if not os.environ.get(variable):
            made[variable] = os.environ[variable] = str(
                Path(tempfile.mkdtemp(prefix=f"harbour-tests-{sub}-"))
            )

    def remove():
        for variable, path in made.items():
            os.environ.pop(variable, None)
            shutil.rmtree(path, ignore_errors=True)

    early_config.add_cleanup(remove)


# pytest-django refuses the database to a test that asks for none of these (or the django_db mark), so they name
# every test that touches it here or through a worker on the same database. A test whose only database is a
# subprocess's own (tests/test_harbour_run.py) carries the `database` mark itself.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "django_db_setup",
        "live_server",
    }
)


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("django_db") or DATABASE_FIXTURES.intersection(
            getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.database)


def pytest_configure(config):
    # A transactional test's flush on SQLite deletes rows the append-only triggers refuse to let go.
    from harbour.audit import triggers as audit_triggers  # noqa: F401  declares its tables
    from harbour.lib import append_only
    from harbour.moderation import triggers as moderation_triggers  # noqa: F401

    append_only.let_tests_flush()


def pytest_report_header(config):
    if os.environ.get(OWNED):
        return f"database: throwaway PostgreSQL cluster in {os.environ[OWNED]}"
    return None
