"""The scheduler (harbour/jobs/scheduler.py): due polls and periodic jobs enqueued once, and tasks a dead
worker left running requeued (harbour/jobs/stale.py)."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from harbour.audit.models import AuditEvent
from harbour.inbox.ingest import POLL_LEASE
from harbour.inbox.models import IngestCursor
from harbour.inbox.tasks import poll_channel
from harbour.jobs import scheduler
from harbour.jobs.stale import requeue_stale_tasks, worker_gone, worker_name
from tests.cast import active_channel
from tests.inbox import inbox_sources

assert inbox_sources  # registers the test connectors


def queued(path):
    return DBTaskResult.objects.filter(task_path__endswith=path, status=TaskResultStatus.READY)


def test_due_polls_are_enqueued_once(org):
    channel = active_channel(org, "test_paged", total=1)
    active_channel(org, "test_paged", total=1)
    report = scheduler.run_due()
    assert report.enqueued["polls"] == 2
    assert (
        scheduler.run_due().enqueued["polls"] == 0
    )  # claimed: not again until the poll finishes or the lease ends
    kwargs = sorted(row.args_kwargs["kwargs"]["channel_id"] for row in queued("poll_channel"))
    assert channel.pk in kwargs
    with time_machine.travel(timezone.now() + POLL_LEASE + timedelta(seconds=1)):
        assert scheduler.run_due().enqueued["polls"] == 2  # a poll that never reported back is tried again


def test_a_finished_poll_sets_the_next_time(org, settings):
    channel = active_channel(org, "test_paged", total=3)
    scheduler.run_due()
    poll_channel.call(channel_id=channel.pk)
    position = IngestCursor.objects.get(channel=channel)
    assert timezone.now() + timedelta(seconds=settings.HARBOUR_POLL_SECONDS - 5) < position.next_poll_at
    with time_machine.travel(position.next_poll_at + timedelta(seconds=1)):
        assert scheduler.run_due().enqueued["polls"] == 1


def test_channels_needing_reconnection_or_not_active_are_not_polled(org):
    flagged = active_channel(org, "test_paged", total=1)
    flagged.reconnect_needed = True
    flagged.save()
    proposed = active_channel(org, "test_paged", total=1)
    proposed.status = "proposed"
    proposed.save()
    assert scheduler.run_due().enqueued["polls"] == 0


def test_daily_jobs_run_once_a_day(db):
    assert scheduler.run_due().jobs == len(scheduler.PERIODIC)
    assert scheduler.run_due().jobs == 0
    assert queued("send_privacy_review_reminders").count() == 1
    assert queued("email_checkpoints").count() == 1
    with time_machine.travel(timezone.now() + timedelta(days=1, seconds=1)):
        assert scheduler.run_due().jobs == len(scheduler.PERIODIC)


def running_task(worker_id, started_at):
    result = poll_channel.enqueue(channel_id=1)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=started_at, worker_ids=[worker_id]
    )
    return result.id


def dead_pid():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_task_whose_worker_died_is_requeued(db):
    host = worker_name().rpartition(":")[0]
    dead = running_task(f"{host}:{dead_pid()}", timezone.now())
    alive = running_task(worker_name(), timezone.now())
    elsewhere = running_task("other-host:1", timezone.now())
    assert requeue_stale_tasks(lease=timedelta(minutes=30)) == 1
    statuses = {str(pk): status for pk, status in DBTaskResult.objects.values_list("id", "status")}
    assert statuses[dead] == "READY" and statuses[alive] == "RUNNING" and statuses[elsewhere] == "RUNNING"
    assert AuditEvent.objects.get(action="tasks.requeued").detail["tasks"][0]["dead"] is True


def test_a_task_running_past_its_lease_is_requeued(db):
    old = running_task("a-random-worker-id", timezone.now() - timedelta(minutes=31))
    recent = running_task("another-random-id", timezone.now() - timedelta(minutes=5))
    call_command("requeue_stale_tasks", lease_minutes=30)
    statuses = {str(pk): status for pk, status in DBTaskResult.objects.values_list("id", "status")}
    assert statuses[old] == "READY" and statuses[recent] == "RUNNING"


def test_worker_names_are_checked_only_on_this_host():
    assert worker_gone(worker_name()) is False
    assert worker_gone("not-a-pid") is False
    assert worker_gone(f"{worker_name().rpartition(':')[0]}:{dead_pid()}") is True
    assert len(worker_name()) <= 64 and worker_name().endswith(f":{os.getpid()}")


@pytest.mark.parametrize("argv", [["ingest"], ["requeue_stale_tasks"]])
def test_the_commands_run(db, argv, capsys):
    call_command(*argv)
    assert "requeued 0 stale tasks" in capsys.readouterr().out.lower()
