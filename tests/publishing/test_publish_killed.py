"""Issue 20: a worker killed with SIGKILL mid-publish, restarted; the post exists exactly once on the
Bluesky network and the publication is recorded published.

A real worker process (`harbour worker`, on the database queue) publishes a scheduled post to the local
Bluesky network (@atproto/dev-env). The worker imports tests/publishing/kill_point.py, which waits after
Bluesky has answered (the post is on the network) and before Harbour writes anything; the test kills it
there with SIGKILL, requeues the stale task (harbour/jobs/stale.py) as the scheduler does, and starts a new
worker. The new attempt asks Bluesky first (find_published, the record with the publication's key), finds
the post and records it, instead of posting again.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from harbour.jobs.stale import requeue_stale_tasks
from harbour.publishing import services
from harbour.publishing.models import PostState, Publication, PublicationState
from tests.cast import bluesky_channel, database_url, give_training

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
# The worker imports the kill point (tests only, read from the environment), then runs as `harbour worker`.
WORKER = (
    f"import sys; sys.path.insert(0, {str(ROOT)!r}); import tests.publishing.kill_point; "
    "from harbour.cli import main; main(sys.argv[1:])"
)


def start_worker(*args: str, kill_file: Path | None = None, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "HARBOUR_DATA_DIR": str(settings.DATA_DIR),
        "DJANGO_SETTINGS_MODULE": "harbour.settings",
        "HARBOUR_TASK_BACKEND": "database",
        "HARBOUR_TEST_BLUESKY_LOOPBACK": "true",
    }
    env.pop("HARBOUR_TEST_KILL_AFTER_PUBLISH", None)
    if kill_file is not None:
        env["HARBOUR_TEST_KILL_AFTER_PUBLISH"] = str(kill_file)
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, "worker", *args],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for(condition, timeout: float, what: str, process: subprocess.Popen, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if process.poll() is not None:
            raise AssertionError(
                f"the worker exited with {process.returncode} before {what}:\n{log.read_text()}"
            )
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}:\n{log.read_text()[-5000:]}")


def posts_on_the_network(account) -> list:
    return account.client.com.atproto.repo.list_records(
        {"repo": account.did, "collection": "app.bsky.feed.post", "limit": 100}
    ).records


def test_a_worker_killed_between_blueskys_answer_and_the_database_write_posts_once(
    org, manager, moderator, author, reviewer, bluesky_account, atproto_network, tmp_path
):
    account = bluesky_account("pubkilled")
    channel = bluesky_channel(org, manager, moderator, account, atproto_network.pds)
    give_training(reviewer, "approve")
    text = "Summer trip sign-up opens on Monday. Where would you like to go?"
    post = services.create_post(by=author, title="Summer trip", text=text, channel_ids=[channel.pk])
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=reviewer, version_number=1, approve=True)
    publication = Publication.objects.get(post=post)
    task = DBTaskResult.objects.get(task_path="harbour.publishing.tasks.publish")
    assert task.status == TaskResultStatus.READY

    kill_file, log = tmp_path / "answered", tmp_path / "worker.log"
    worker = start_worker(kill_file=kill_file, log=log)
    try:
        wait_for(lambda: kill_file.exists(), 120, "Bluesky's answer", worker, log)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()  # reaped, so its pid is really gone
    answered = kill_file.read_text()

    # What the kill leaves: the post is on the network; Harbour holds the attempt, running, without it.
    assert [p.uri for p in posts_on_the_network(account)] == [answered]
    publication.refresh_from_db()
    assert publication.state == PublicationState.RUNNING and publication.attempts == 1
    assert publication.platform_id == ""
    assert DBTaskResult.objects.get(pk=task.pk).status == TaskResultStatus.RUNNING

    assert requeue_stale_tasks(lease=timedelta(hours=1)) == 1  # found by its dead worker's pid
    again = start_worker("--batch", log=tmp_path / "again.log")
    assert again.wait(timeout=180) == 0, (tmp_path / "again.log").read_text()[-3000:]

    finished = DBTaskResult.objects.get(pk=task.pk)
    assert finished.status == TaskResultStatus.SUCCESSFUL
    assert finished.return_value["outcome"] == "found"  # asked Bluesky first, never posted again
    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED and publication.attempts == 2
    assert publication.platform_id == answered
    assert publication.url == f"https://bsky.app/profile/{account.did}/post/{publication.key}"
    assert publication.post.state == PostState.PUBLISHED

    # Exactly once on the network: one record, the one with the publication's key, with the post's words.
    [only] = posts_on_the_network(account)
    assert only.uri == answered == f"at://{account.did}/app.bsky.feed.post/{publication.key}"
    assert only.value.text == text
    atproto_network.sync()
    feed = account.client.app.bsky.feed.get_author_feed({"actor": account.did}).feed
    assert [item.post.uri for item in feed] == [answered]
