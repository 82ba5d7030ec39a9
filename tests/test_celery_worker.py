"""Issue 16: HARBOUR_TASK_BACKEND=celery runs Harbour's tasks end to end.

A real redis-server on a free port, a real `harbour worker` in a subprocess (a Celery worker, on the
test database), tasks enqueued through Django's tasks API from this process and by the scheduler
(`harbour ingest`, also a subprocess), and a clean stop on SIGTERM.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.tasks import TaskResultStatus
from django.test import override_settings

from harbour.console.tasks import ping
from harbour.inbox.models import Item
from tests.cast import active_channel, database_url

ROOT = Path(__file__).resolve().parent.parent
# The worker registers the test connectors (tests/inbox/inbox_sources.py), then is `harbour worker`.
WORKER = (
    f"import sys; sys.path.insert(0, {str(ROOT)!r}); import tests.inbox.inbox_sources; "
    "from harbour.cli import main; main(sys.argv[1:])"
)
# What harbour/settings.py sets for HARBOUR_TASK_BACKEND=celery.
CELERY_TASKS = {
    "default": {
        "BACKEND": "django_tasks_celery.CeleryBackend",
        "OPTIONS": {"CELERY_APP": "harbour.jobs.celery.app"},
    }
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float, what: str, process=None, log: Path | None = None):
    """Wait for condition(); fail at once, with the log, if the process exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if process is not None and process.poll() is not None:
            output = log.read_text() if log else ""
            raise AssertionError(f"exited with {process.returncode} before {what}:\n{output}")
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}:\n{log.read_text()[-5000:] if log else ''}")


@pytest.fixture
def redis_url(tmp_path):
    """A throwaway redis-server on 127.0.0.1, keeping nothing on disk."""
    redis_bin = shutil.which("redis-server")
    if not redis_bin:
        pytest.fail("redis-server is not installed: apt-get install redis-server (make test-deps does it)")
    port = free_port()
    server = subprocess.Popen(
        [
            redis_bin,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    try:
        wait_for(answers, 30, "redis-server", server)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=30)


def celery_env(broker_url: str) -> dict:
    """The environment a deployment sets for Celery: the backend and the broker, nothing more."""
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "HARBOUR_DATA_DIR": str(settings.DATA_DIR),
        "DJANGO_SETTINGS_MODULE": "harbour.settings",
        "HARBOUR_TASK_BACKEND": "celery",
        "CELERY_BROKER_URL": broker_url,
        "PYTHONUNBUFFERED": "1",
    }


def parent_pid(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[1])


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_celery_worker_runs_tasks_enqueued_here_and_by_the_scheduler(org, redis_url, tmp_path):
    channel = active_channel(org, "test_paged", total=30, page_size=10)
    env = celery_env(redis_url)
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, "worker", "--concurrency", "2"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        # Enqueued here, through Django's tasks API: the result comes back through Redis.
        celery = {"CELERY_BROKER_URL": redis_url, "CELERY_RESULT_BACKEND": redis_url}
        with override_settings(TASKS=CELERY_TASKS, **celery):
            result = ping.enqueue()
            assert result.backend == "default" and result.status == TaskResultStatus.READY

            def finished() -> bool:
                result.refresh()
                return result.is_finished

            wait_for(finished, 60, "the ping to run", worker, log)
            assert result.status == TaskResultStatus.SUCCESSFUL, log.read_text()
            assert result.return_value["pong"] is True
            # It ran in one of this worker's pool processes, not here.
            assert parent_pid(result.return_value["pid"]) == worker.pid
            assert result.worker_ids and result.worker_ids[0].startswith(f"harbour-{worker.pid}@")
            assert result.task.module_path == "harbour.console.tasks.ping"

        # The scheduler enqueues the channel's first poll as it does on the database queue, unchanged.
        scheduler = subprocess.run(
            [sys.executable, "-m", "harbour.cli", "ingest"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert scheduler.returncode == 0, scheduler.stderr
        assert "Enqueued 1 polls" in scheduler.stdout

        def stored() -> bool:
            return Item.objects.filter(channel=channel).count() == 30

        wait_for(stored, 60, "the poll's 30 items", worker, log)
        assert "harbour.inbox.tasks.poll_channel" in log.read_text()
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
        try:
            code = worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
            raise
    # SIGTERM is a warm shutdown: the worker finishes and exits cleanly.
    assert code == 0, log.read_text()
    assert "Warm shutdown" in log.read_text()


@pytest.mark.parametrize("option", [["--batch"], ["--interval", "5"]])
def test_database_only_options_are_refused_for_celery(option):
    with override_settings(TASKS=CELERY_TASKS), pytest.raises(CommandError, match="database"):
        call_command("worker", *option)


def test_concurrency_is_refused_for_the_database_queue():
    with pytest.raises(CommandError, match="Celery"):
        call_command("worker", "--concurrency", "2")


# A task enqueued in a transaction reaches Redis only when it commits (harbour/jobs/queue.py), in a
# process configured as a deployment is (HARBOUR_TASK_BACKEND=celery).
SENT_ON_COMMIT = """
import json, sys
import django
django.setup()
import redis
from django.db import transaction
from harbour.console.tasks import ping
from harbour.jobs.queue import enqueue_on_commit

broker = redis.Redis.from_url(sys.argv[1])

def waiting():
    return sum(broker.llen(key) for key in broker.keys() if broker.type(key) == b"list")

seen = {}
try:
    with transaction.atomic():
        enqueue_on_commit(ping)
        seen["inside the rolled back transaction"] = waiting()
        raise RuntimeError
except RuntimeError:
    pass
seen["after the rollback"] = waiting()
with transaction.atomic():
    enqueue_on_commit(ping)
    seen["inside the committed transaction"] = waiting()
seen["after the commit"] = waiting()
print(json.dumps(seen))
"""


@pytest.mark.django_db(transaction=True)
def test_under_celery_a_task_is_sent_only_when_its_transaction_commits(redis_url):
    sent = subprocess.run(
        [sys.executable, "-c", SENT_ON_COMMIT, redis_url],
        cwd=ROOT,
        env=celery_env(redis_url),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert sent.returncode == 0, sent.stderr
    assert json.loads(sent.stdout.strip().splitlines()[-1]) == {
        "inside the rolled back transaction": 0,
        "after the rollback": 0,
        "inside the committed transaction": 0,
        "after the commit": 1,
    }
