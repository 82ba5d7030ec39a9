"""Issue 15 item 2: a task worker survives a locked database.

Another process holds SQLite's write lock for longer than the busy timeout while a real worker
(`harbour worker`) is polling a channel. The worker's writes are refused with "database is locked";
it waits, tries again once the lock is gone, and completes the poll, and it is still running after.
"""

import signal
import sqlite3
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from harbour.inbox.models import IngestCursor, Item
from harbour.inbox.tasks import poll_channel
from tests.cast import active_channel
from tests.inbox import inbox_sources
from tests.inbox.test_worker_killed import start_worker, wait_for

assert inbox_sources  # registers the test connectors

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TOTAL = 60


@pytest.fixture
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("the write lock that refuses with 'database is locked' is SQLite's")


def hold_write_lock() -> sqlite3.Connection:
    holder = sqlite3.connect(connection.settings_dict["NAME"], timeout=30, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_a_worker_waits_out_a_locked_database_and_completes_the_poll(org, sqlite_only, tmp_path):
    busy_timeout = settings.DATABASES["default"]["OPTIONS"]["timeout"]
    channel = active_channel(org, "test_paged", total=TOTAL, page_size=10, delay=0.3)
    IngestCursor.objects.create(organisation=org, channel=channel)
    task = poll_channel.enqueue(channel_id=channel.pk)
    log = tmp_path / "worker.log"
    worker = start_worker(stdout_to=log)  # its log, stderr included
    try:
        # Once it has stored a first page, take the write lock away for longer than the worker waits.
        wait_for(lambda: Item.objects.filter(channel=channel).exists(), 60, "the first page")
        holder = hold_write_lock()
        try:
            time.sleep(busy_timeout + 5)
            assert worker.poll() is None, "the worker exited while the database was locked"
            assert Item.objects.filter(channel=channel).count() < TOTAL  # it really was held up
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        wait_for(
            lambda: DBTaskResult.objects.get(pk=task.id).status == TaskResultStatus.SUCCESSFUL,
            120,
            "the poll to finish",
        )
        assert worker.poll() is None  # still running, ready for the next task
    finally:
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(timeout=60)
    output = Path(log).read_text()
    assert code == 0, output[-2000:]
    assert "the database is locked; trying again" in output
    assert Item.objects.filter(channel=channel).count() == TOTAL
    assert IngestCursor.objects.get(channel=channel).cursor == str(TOTAL)
