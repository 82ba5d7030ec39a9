"""docs/security.md R1: a worker killed with SIGKILL mid-batch loses nothing and duplicates nothing.

A real worker process (`harbour worker`, which is db_worker --no-reload named "<host>:<pid>") ingests
500 items from a slow paged source; the test kills it after k items, requeues the stale task, starts
a new worker, and checks every item is stored exactly once with the final cursor.

The same for a moderation action (docs/moderation.md): the worker is killed while the platform call is
under way; the action is not lost, and a reply is never posted twice.
"""

import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Count
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from harbour.inbox.models import IngestCursor, Item
from harbour.inbox.tasks import poll_channel
from harbour.jobs.stale import requeue_stale_tasks
from tests.cast import active_channel, database_url
from tests.moderation import platforms  # noqa: F401  registers test_moderated, the worker imports it too

TOTAL = 500
HERE = Path(__file__).parent
ROOT = HERE.parent.parent
# The worker imports the test sources, then runs as `harbour worker`.
WORKER = (
    f"import sys; sys.path.insert(0, {str(ROOT)!r}); import tests.inbox.inbox_sources; "
    "import tests.moderation.platforms; "
    "from harbour.cli import main; main(sys.argv[1:])"
)


def start_worker(*args: str, stdout_to: Path | None = None) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "HARBOUR_DATA_DIR": str(settings.DATA_DIR),
        "DJANGO_SETTINGS_MODULE": "harbour.settings",
        "HARBOUR_TASK_BACKEND": "database",
    }
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, "worker", *args],
        cwd=ROOT,
        env=env,
        stdout=stdout_to.open("w") if stdout_to else subprocess.DEVNULL,
        stderr=subprocess.STDOUT if stdout_to else subprocess.PIPE,
        start_new_session=True,
    )


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(org, seed):
    kill_after = random.Random(seed).randrange(40, TOTAL - 100)
    channel = active_channel(org, "test_paged", total=TOTAL, page_size=20, delay=0.05)
    IngestCursor.objects.create(organisation=org, channel=channel)
    task = poll_channel.enqueue(channel_id=channel.pk)

    worker = start_worker()
    try:
        wait_for(
            lambda: Item.objects.filter(channel=channel).count() >= kill_after, 90, f"{kill_after} items"
        )
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()  # reaped, so its pid is really gone
    stored_at_kill = Item.objects.filter(channel=channel).count()
    assert stored_at_kill < TOTAL
    assert DBTaskResult.objects.get(pk=task.id).status == TaskResultStatus.RUNNING  # what the kill leaves

    assert requeue_stale_tasks(lease=timedelta(hours=1)) == 1  # found by its dead pid
    again = start_worker("--batch")
    assert again.wait(timeout=120) == 0, again.stderr.read().decode()[-2000:]

    assert DBTaskResult.objects.get(pk=task.id).status == TaskResultStatus.SUCCESSFUL
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()
    items = Item.objects.filter(channel=channel)
    assert items.count() == TOTAL
    assert not items.values("platform_id").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert set(items.values_list("platform_id", flat=True)) == {f"post-{n}" for n in range(TOTAL)}
    position = IngestCursor.objects.get(channel=channel)
    assert position.cursor == str(TOTAL) and position.items_stored == TOTAL


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("kind", "calls", "state"),
    [
        ("hide", 2, "succeeded"),  # sent again: hiding a hidden reply changes nothing on the platform
        ("reply", 1, "failed"),  # never posted twice: a person checks the thread (what_to_do says how)
    ],
)
def test_a_worker_killed_mid_action_loses_no_action_and_never_posts_a_reply_twice(
    org, manager, tmp_path, kind, calls, state
):
    from harbour.moderation.models import ModerationAction
    from harbour.moderation.services import act
    from tests.cast import give_training, make_item

    log = tmp_path / "platform-calls.log"
    channel = active_channel(org, "test_moderated", log=str(log), delay="60")
    give_training(manager, "moderate")
    item = make_item(channel, "you are all losers", thread_id="root-1")
    action = act(
        item,
        kind,
        by=manager,
        version=0,
        **({"text": "Thanks, we will look into it."} if kind == "reply" else {}),
    )
    task = DBTaskResult.objects.get(task_path="harbour.moderation.tasks.send_action")

    worker = start_worker()
    try:
        wait_for(lambda: log.exists() and log.read_text() != "", 90, "the platform call")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    action.refresh_from_db()
    assert (
        action.state == "running" and DBTaskResult.objects.get(pk=task.id).status == TaskResultStatus.RUNNING
    )

    channel.config["delay"] = "0"
    channel.save(update_fields=["config"])
    assert requeue_stale_tasks(lease=timedelta(hours=1)) == 1
    again = start_worker("--batch")
    assert again.wait(timeout=120) == 0, again.stderr.read().decode()[-2000:]

    action.refresh_from_db()
    assert action.state == state
    assert len(log.read_text().splitlines()) == calls
    assert ModerationAction.objects.filter(item=item).count() == 1
    assert DBTaskResult.objects.get(pk=task.id).status == TaskResultStatus.SUCCESSFUL
    if kind == "reply":
        assert "may or may not have been sent" in action.error and "do it again" in action.what_to_do
