"""`harbour run` as a person uses it: a real web server and task worker on a free port."""

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from harbour.accounts.capabilities import Role

# `harbour run` migrates and uses its own database: on PostgreSQL, the cluster's (see tests/plugin.py).
pytestmark = [pytest.mark.slow, pytest.mark.database]

STARTED = re.compile(r"Started the (web server|task worker|scheduler) \(pid (\d+)\)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Harbour:
    """`harbour run` in a subprocess, with its output collected line by line."""

    def __init__(self, data_dir, *args: str):
        self.port = free_port()
        # Under HARBOUR_TEST_DATABASE=postgres, DATABASE_URL (the throwaway cluster) is kept: then
        # this runs on PostgreSQL, in the cluster's own database beside pytest's test database.
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("HARBOUR_")}
        self.env.update(
            HARBOUR_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1", DJANGO_SETTINGS_MODULE="harbour.settings"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "harbour.cli", "run", "--port", str(self.port), *args],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_until_running(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"harbour run exited with {self.process.returncode}:\n{self.output}")
            if any("Harbour is running at" in line for line in self.lines):
                return
            time.sleep(0.2)
        pytest.fail(f"harbour run did not start within {timeout} s:\n{self.output}")

    def children(self) -> dict[str, int]:
        return {m[1]: int(m[2]) for line in self.lines if (m := STARTED.search(line))}

    def stop(self, sig=signal.SIGTERM, timeout: float = 60) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()


def sign_in_over_http(run: Harbour, email: str, password: str, code: str) -> tuple[str, str]:
    """Sign in as a person would, through the real server; returns the final URL and page."""
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def submit(path: str, fields: dict) -> tuple[str, str]:
        with browser.open(run.url(path), timeout=30) as page:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())[1]
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        with browser.open(run.url(path), data=data, timeout=30) as page:
            return page.url, page.read().decode()

    url, _ = submit("/accounts/sign-in/", {"email": email, "password": password})
    assert url.endswith("/accounts/two-factor/"), url
    return submit("/accounts/two-factor/", {"code": code})


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("harbour-run")


@pytest.fixture
def harbour(data_dir):
    started = []

    def start(*args):
        started.append(Harbour(data_dir, *args))
        return started[-1]

    yield start
    for running in started:
        running.stop(signal.SIGKILL)
        for pid in running.children().values():
            if not gone(pid):
                os.kill(pid, signal.SIGKILL)


def test_run_serves_the_console_and_runs_tasks_then_stops_on_sigterm(harbour, data_dir):
    run = harbour()
    run.wait_until_running()
    children = run.children()
    assert set(children) == {"web server", "task worker", "scheduler"}

    with urllib.request.urlopen(run.url("/healthz"), timeout=10) as response:
        assert response.status == 200
    with urllib.request.urlopen(run.url("/readyz"), timeout=10) as response:
        assert response.status == 200

    # The demo organisation's sign-in table: every role, each with a password and a backup code.
    # Only the table's rows: the scheduler's first daily e-mails (console backend) may name the same addresses.
    table = [line.split() for line in run.lines if re.search(r"@derby-youth-voice\.example\s+Demo-", line)]
    assert len(table) == len(Role.values)  # one member per role
    assert all(re.fullmatch(r"[a-z0-9]{8}", row[-1]) for row in table)

    # The printed password and backup code sign the manager in (code of conduct next, then home).
    manager = next(row for row in table if row[0] == "Manager")
    url, page = sign_in_over_http(run, *manager[-3:])
    assert "/accounts/" not in url or "code-of-conduct" in url, url
    assert "Priya Sharma" in page or "Derby Youth Voice" in page
    # Every stylesheet, script and icon the page names is served (collectstatic + whitenoise).
    assets = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', page))
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    for asset in assets:
        with urllib.request.urlopen(run.url(asset), timeout=10) as response:
            assert response.status == 200, asset

    if "DATABASE_URL" not in run.env:
        with sqlite3.connect(data_dir / "harbour.sqlite3") as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    # A task enqueued through Django's tasks API by another process is run by the worker.
    enqueue = (
        "import django, json, time; django.setup()\n"
        "from harbour.console.tasks import ping\n"
        "result = ping.enqueue()\n"
        "deadline = time.monotonic() + 60\n"
        "while result.status not in ('SUCCESSFUL', 'FAILED') and time.monotonic() < deadline:\n"
        "    time.sleep(0.2); result.refresh()\n"
        "print(json.dumps({'status': result.status, 'value': result.return_value}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", enqueue], env=run.env, capture_output=True, text=True, timeout=90, check=False
    )
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome == {"status": "SUCCESSFUL", "value": {"pong": True, "pid": children["task worker"]}}

    assert run.stop(signal.SIGTERM) == 0, run.output
    assert "Harbour stopped." in run.output
    assert all(gone(pid) for pid in children.values())


def test_when_the_worker_dies_the_web_server_is_stopped_and_run_fails(harbour):
    run = harbour()
    run.wait_until_running()
    children = run.children()
    os.kill(children["task worker"], signal.SIGKILL)
    assert run.process.wait(timeout=60) != 0
    assert "The task worker stopped unexpectedly" in run.output
    assert gone(children["web server"]) and gone(children["scheduler"])


def test_no_worker_runs_the_web_server_alone(harbour):
    run = harbour("--no-worker")
    run.wait_until_running()
    assert set(run.children()) == {"web server"}
    assert run.stop(signal.SIGINT) == 0, run.output


def test_a_locked_database_stops_nothing(harbour, data_dir):
    """Issue 15 item 2: another program holds SQLite's write lock for longer than the busy timeout.
    The worker and the scheduler wait it out instead of exiting, so `harbour run` keeps going, and the
    worker runs a task once the lock is gone."""
    run = harbour()
    run.wait_until_running()
    if "DATABASE_URL" in run.env:
        pytest.skip("the write lock that refuses with 'database is locked' is SQLite's")
    children = run.children()
    holder = sqlite3.connect(data_dir / "harbour.sqlite3", timeout=30, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        time.sleep(26)  # the busy timeout (20 s), and the worker's and scheduler's next tries
        assert run.process.poll() is None, run.output
        assert not any(gone(pid) for pid in children.values()), run.output
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "the database is locked" in run.output.lower()  # it was met, and waited out
    enqueue = (
        "import django, json, time; django.setup()\n"
        "from harbour.console.tasks import ping\n"
        "result = ping.enqueue()\n"
        "deadline = time.monotonic() + 90\n"
        "while result.status not in ('SUCCESSFUL', 'FAILED') and time.monotonic() < deadline:\n"
        "    time.sleep(0.2); result.refresh()\n"
        "print(json.dumps({'status': result.status}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", enqueue], env=run.env, capture_output=True, text=True, timeout=120, check=False
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"status": "SUCCESSFUL"}, done.stderr[-2000:]
    assert run.stop(signal.SIGTERM) == 0, run.output
