"""`harbour run`: the local demo in one command.

Prepares the database (SQLite in WAL mode unless DATABASE_URL says otherwise), starts the local Graph API
simulator when no Meta app is set (HARBOUR_META_APP_ID) on the next port, collects the static files,
loads the demo organisation, prints how to sign in, then runs the web server (gunicorn), the
task worker (`harbour worker`, which is db_worker) and the scheduler (`harbour ingest --loop`) as
child processes. One SIGINT or SIGTERM stops them all cleanly; if any child dies, the others are
stopped and the command fails with a message saying which one died.
"""

import ctypes
import hashlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

HOST = "127.0.0.1"
STOP_TIMEOUT = 30  # seconds a child gets to finish its current request or task before it is killed


def _die_with_parent() -> None:
    """In the child: receive SIGTERM if `harbour run` itself is killed, so nothing is left running."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the signal handlers below still stop the children on a normal exit


def local_environment(environ) -> dict:
    """The children's environment: what is set wins; otherwise the defaults of a local demo."""
    env = dict(environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")
    env.setdefault("HARBOUR_DATA_DIR", str(settings.DATA_DIR))
    # Plain HTTP is only for this computer: the server listens on 127.0.0.1 alone.
    env.setdefault("HARBOUR_HTTPS", "false")
    # The demo feed posts every 20 seconds: poll often, so the inbox fills while you watch.
    env.setdefault("HARBOUR_POLL_SECONDS", "15")
    return env


class Child:
    def __init__(self, label: str, command: list[str], env: dict, *, stateless: bool = False):
        self.label = label
        # Stopped by SIGTERM's default action is clean for a process that holds nothing half-done.
        self.clean_codes = {0, -signal.SIGTERM} if stateless else {0}
        # A session of its own: a Ctrl-C in the terminal reaches only `harbour run`, which then sends
        # each child exactly one SIGTERM (a second one would make db_worker abandon its task).
        self.process = subprocess.Popen(command, env=env, start_new_session=True, preexec_fn=_die_with_parent)  # noqa: PLW1509 -- runs before exec; no threads yet

    @property
    def pid(self) -> int:
        return self.process.pid

    def exited(self) -> int | None:
        return self.process.poll()

    def terminate(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def wait(self, deadline: float) -> int:
        try:
            return self.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


class Command(BaseCommand):
    help = "Run Harbour on this computer: web console and task worker, with a demo organisation."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
        parser.add_argument(
            "--no-worker", action="store_true", help="run the web server only: no task worker or scheduler"
        )
        parser.add_argument("--no-demo", action="store_true", help="do not load the demo organisation")

    def handle(self, *args, port: int, no_worker: bool, no_demo: bool, **options):
        if not 0 < port < 65535:
            raise CommandError(f"--port must be between 1 and 65534, not {port}")
        # No Meta app set: Instagram, Facebook and Threads go to the local Graph API simulator instead.
        simulator = None if os.environ.get("HARBOUR_META_APP_ID") else self.start_simulator(port + 1)
        try:
            self.prepare(no_demo, f"http://{HOST}:{port}/")
            children = self.start(port, no_worker)
        except BaseException:
            if simulator is not None:
                simulator.terminate()
                simulator.wait(time.monotonic() + STOP_TIMEOUT)
            raise
        self.supervise([simulator, *children] if simulator else children, port)

    def start_simulator(self, port: int) -> "Child":
        """The local Graph API simulator (not Meta) on port, with Harbour's Meta settings pointed at it, here
        and in the children: the demo's Instagram channel collects from it, and a manager can connect an
        account through its dialog (docs/connectors.md, "Connecting a Meta account")."""
        from harbour.connectors.meta.simulator.server import APP_ID, APP_SECRET

        command = [sys.executable, "-m", "harbour.connectors.meta.simulator", "--port", str(port)]
        child = Child("Graph API simulator", command, local_environment(os.environ), stateless=True)
        url = f"http://{HOST}:{port}"
        deadline = time.monotonic() + 15
        while not _answers_at(f"{url}/_sim/deliveries"):
            if child.exited() is not None or time.monotonic() > deadline:
                child.terminate()
                raise CommandError(
                    f"The Graph API simulator did not start on port {port}: is the port in use?"
                )
            time.sleep(0.1)
        values = {
            "HARBOUR_META_APP_ID": APP_ID,
            "HARBOUR_META_APP_SECRET": APP_SECRET,
            "HARBOUR_META_WEBHOOK_VERIFY_TOKEN": "demo-verify-token-not-for-production",
            "HARBOUR_META_GRAPH_URL": url,
            "HARBOUR_META_DIALOG_URL": url,
        }
        if not os.environ.get("HARBOUR_THREADS_APP_ID"):
            values |= {
                "HARBOUR_THREADS_APP_ID": APP_ID,
                "HARBOUR_THREADS_APP_SECRET": APP_SECRET,
                "HARBOUR_THREADS_GRAPH_URL": url,
                "HARBOUR_THREADS_DIALOG_URL": url,
            }
        for name, value in values.items():
            os.environ[name] = value
            setattr(settings, name, value)
        self.stdout.write(f"Started the Graph API simulator (not Meta) at {url} (pid {child.pid}).")
        return child

    def prepare(self, no_demo: bool, url: str) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                raise CommandError(
                    f"SQLite is in {mode!r} journal mode, not WAL; is the data folder on a network drive?"
                )
        collect_static()
        if not no_demo:
            call_command("seed_demo", url=url, stdout=self.stdout)
        connection.close()  # the children open their own connections

    def start(self, port: int, no_worker: bool) -> list[Child]:
        env = local_environment(os.environ)
        web = [
            sys.executable,
            "-m",
            "gunicorn",
            "harbour.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            # Two cores: two processes with four threads each (requests mostly wait on the database),
            # forked from one loaded copy of Django.
            "--worker-class",
            "gthread",
            "--workers",
            "2",
            "--threads",
            "4",
            "--preload",
            "--graceful-timeout",
            str(STOP_TIMEOUT - 5),
            "--timeout",
            "60",
            "--access-logfile",
            "-",
            "--error-logfile",
            "-",
            "--no-control-socket",
        ]
        children = [Child("web server", web, env)]
        if not no_worker:
            # db_worker under a name that lets requeue_stale_tasks tell when it died; and the scheduler
            # that enqueues channel polls and daily jobs for it.
            worker = [sys.executable, "-m", "harbour.cli", "worker", "--queue-name", "*"]
            children.append(Child("task worker", worker, env))
            scheduler = [sys.executable, "-m", "harbour.cli", "ingest", "--loop"]
            children.append(Child("scheduler", scheduler, env, stateless=True))
        for child in children:
            self.stdout.write(f"Started the {child.label} (pid {child.pid}).")
        return children

    def supervise(self, children: list[Child], port: int) -> None:
        stop_requested = []

        def request_stop(signum, frame):
            stop_requested.append(signum)

        previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        announced = False
        died = None
        try:
            while not stop_requested:
                died = next((c for c in children if c.exited() is not None), None)
                if died is not None:
                    break
                if not announced and _answers(port):
                    self.stdout.write(
                        self.style.SUCCESS(f"Harbour is running at http://{HOST}:{port}/ (Ctrl-C stops it).")
                    )
                    announced = True
                time.sleep(0.2)
        finally:
            if died is not None:
                self.stderr.write(
                    f"The {died.label} stopped unexpectedly (exit code {died.exited()}); stopping the rest."
                )
            elif stop_requested:
                self.stdout.write(f"Stopping Harbour ({signal.Signals(stop_requested[0]).name} received)...")
            for child in children:
                child.terminate()
            deadline = time.monotonic() + STOP_TIMEOUT
            codes = {child.label: child.wait(deadline) for child in children}
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if died is not None:
            raise CommandError(
                f"Harbour stopped because the {died.label} stopped (exit code {codes[died.label]})."
            )
        failed = {
            child.label: codes[child.label]
            for child in children
            if codes[child.label] not in child.clean_codes
        }
        if failed:
            raise CommandError(
                "Harbour stopped, but not cleanly: "
                + ", ".join(f"the {label} exited with code {code}" for label, code in failed.items())
            )
        self.stdout.write("Harbour stopped.")


def collect_static() -> None:
    """collectstatic, skipped when no source file changed since the last run (it takes seconds)."""
    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    stamp = Path(settings.STATIC_ROOT) / ".harbour-sources"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(digest.hexdigest())


def _answers(port: int) -> bool:
    return _answers_at(f"http://{HOST}:{port}/healthz")


def _answers_at(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False
