"""A throwaway PostgreSQL cluster for the test suite, from Debian's `postgresql` package.

It lives in a temporary folder, listens on a free port on 127.0.0.1 with its socket in that folder,
and runs with fsync off: for tests only. tests/plugin.py starts and stops it.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def postgres_bin() -> Path:
    """The folder holding initdb and pg_ctl: Debian's newest, else whatever is on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise pytest.UsageError(
        "HARBOUR_TEST_DATABASE=postgres needs PostgreSQL's server programs (initdb, pg_ctl), which are "
        "not installed. On Debian: apt-get install postgresql (or run `make test`, which installs it)."
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster in a temporary folder, for tests only (fsync off)."""

    def __init__(self):
        self.bin = postgres_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="harbour-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0  # PostgreSQL refuses to run as root: use the postgres user

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            log = self.dir / "server.log"
            server_log = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise pytest.UsageError(
                f"Could not start the test PostgreSQL cluster: `{' '.join(args[:1])}` failed "
                f"({result.returncode}).\n{result.stderr.strip()}\n{server_log}"
            )

    def start(self) -> str:
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w", "-o", options, "start"
        )
        self._create_role()
        return f"postgres://harbour:harbour@127.0.0.1:{self.port}/harbour"

    def _create_role(self) -> None:
        import psycopg

        deadline = time.monotonic() + 10
        while True:
            try:
                conn = psycopg.connect(
                    host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
                )
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        with conn:
            # Not a superuser, like production: CREATEDB is all pytest-django needs for test_harbour.
            conn.execute("CREATE ROLE harbour LOGIN PASSWORD 'harbour' CREATEDB")
            conn.execute("CREATE DATABASE harbour OWNER harbour")

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
