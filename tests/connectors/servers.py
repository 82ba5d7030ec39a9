"""Real servers on 127.0.0.1 for the connector tests: PostgreSQL, Redis and a Bluesky network from
@atproto/dev-env (tools/atproto), started on free ports and stopped afterwards. See docs/connectors.md."""

from __future__ import annotations

import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ATPROTO = ROOT / "tools" / "atproto"
NODE = ATPROTO / ".node" / "bin" / "node"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, name: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode} before it was ready")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{name} did not open port {port} within {timeout} s")


def stop(process: subprocess.Popen | None, wait: float = 15) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(wait)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def require_atproto_tools() -> None:
    if not NODE.exists() or not (ATPROTO / "node_modules" / "@atproto" / "dev-env").exists():
        raise RuntimeError(
            "The Bluesky test network is not installed: run tools/atproto/install.sh "
            "(make test runs it for you; it needs npm and a C compiler, about 2 minutes)."
        )


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name) or ""]
    if not found[-1]:
        raise RuntimeError(
            f"PostgreSQL's {name} is not installed: apt-get install postgresql (make test does it)"
        )
    return found[-1]


@dataclass
class Network:
    """A running network. sync() makes the AppView catch up with everything written so far."""

    pds: str
    plc: str
    bsky: str | None
    ctrl: str
    startup_ms: int
    ozone: str | None = None  # the moderation service (Ozone) the PDS sends reports to; full mode only
    processes: list = field(default_factory=list)
    work: str = ""
    launcher: subprocess.Popen | None = None

    def sync(self) -> None:
        urllib.request.urlopen(self.ctrl + "/process-all", data=b"", timeout=120).read()


def start_network(mode: str = "full") -> Network:
    """Start PostgreSQL + Redis + the full network (mode "full"), or the PDS and PLC alone ("pds")."""
    require_atproto_tools()
    work = tempfile.mkdtemp(prefix="harbour-atproto-")
    processes: list[subprocess.Popen] = []
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    try:
        env = dict(
            os.environ,
            PATH=f"{NODE.parent}:{os.environ['PATH']}",
            TMPDIR=os.path.join(work, "data"),
            LOG_ENABLED="false",
            ATP_MODE=mode,
        )
        os.makedirs(env["TMPDIR"])
        if mode == "full":
            if as_postgres:
                shutil.chown(work, "postgres")
            pg_port, redis_port = free_port(), free_port()
            subprocess.run(
                as_postgres
                + [
                    _pg_bin("initdb"),
                    "-D",
                    f"{work}/pg",
                    "-A",
                    "trust",
                    "-U",
                    "pg",
                    "--no-sync",
                    "-E",
                    "UTF8",
                ],
                check=True,
                capture_output=True,
            )
            postgres = subprocess.Popen(
                as_postgres
                + [
                    _pg_bin("postgres"),
                    "-D",
                    f"{work}/pg",
                    "-p",
                    str(pg_port),
                    "-k",
                    work,
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "full_page_writes=off",
                ],
                stdout=subprocess.DEVNULL,
                stderr=open(f"{work}/postgres.log", "w"),  # noqa: SIM115 -- the server writes it until stopped
            )
            processes.append(postgres)
            redis_bin = shutil.which("redis-server")
            if not redis_bin:
                raise RuntimeError(
                    "redis-server is not installed: apt-get install redis-server (make test does it)"
                )
            redis = subprocess.Popen(
                [
                    redis_bin,
                    "--port",
                    str(redis_port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            processes.append(redis)
            wait_for_port(pg_port, postgres, "PostgreSQL")
            wait_for_port(redis_port, redis, "Redis")
            env |= {
                "DB_POSTGRES_URL": f"postgresql://pg@127.0.0.1:{pg_port}/postgres",
                "REDIS_HOST": f"127.0.0.1:{redis_port}",
                "ATP_BSKY_PORT": str(free_port()),
                "ATP_OZONE_PORT": str(free_port()),
            }
        ctrl_port = free_port()
        env |= {
            "ATP_PDS_PORT": str(free_port()),
            "ATP_PLC_PORT": str(free_port()),
            "ATP_CTRL_PORT": str(ctrl_port),
        }
        stderr_path = f"{work}/launcher.log"
        launcher = subprocess.Popen(
            [str(NODE), "harbour-atproto-dev.mjs"],
            cwd=ATPROTO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=open(stderr_path, "w"),  # noqa: SIM115 -- the launcher writes it until stopped
            text=True,
        )
        processes.append(launcher)
        ready = None
        deadline = time.monotonic() + 120
        while ready is None and time.monotonic() < deadline:
            line = launcher.stdout.readline()
            if not line:
                break
            if line.startswith('{"ready"'):
                ready = json.loads(line)
        if ready is None:
            stop(launcher)
            tail = Path(stderr_path).read_text()[-3000:]
            raise RuntimeError(f"the Bluesky test network did not start:\n{tail}")
        # Keep draining stdout so a full pipe never blocks Node.
        threading.Thread(target=lambda: [None for _ in launcher.stdout], daemon=True).start()
        return Network(
            pds=ready["pds"],
            plc=ready["plc"],
            bsky=ready["bsky"],
            ctrl=f"http://127.0.0.1:{ctrl_port}",
            ozone=ready.get("ozone"),
            startup_ms=ready["startup_ms"],
            processes=processes,
            work=work,
            launcher=launcher,
        )
    except BaseException:
        for process in reversed(processes):
            stop(process)
        shutil.rmtree(work, ignore_errors=True)
        raise


def stop_network(network: Network) -> None:
    for process in reversed(network.processes):
        stop(process)
    shutil.rmtree(network.work, ignore_errors=True)


MASTODON_MOCK = ROOT / "tools" / "mastodon" / ".venv" / "bin" / "mastodon_mock"
MASTODON_ACCOUNTS = {"harbour_org": "org-token", "young_person": "young-token", "stranger": "stranger-token"}


@dataclass
class MastodonMock:
    url: str
    tokens: dict
    process: subprocess.Popen
    work: str


def start_mastodon_mock() -> MastodonMock:
    """mastodon_mock (a simulator of the Mastodon client API) with three seeded accounts and tokens."""
    if not MASTODON_MOCK.exists():
        raise RuntimeError(
            "The Mastodon simulator is not installed: run tools/mastodon/install.sh (make test does it)."
        )
    work = tempfile.mkdtemp(prefix="harbour-mastodon-")
    port = free_port()
    seeds = "".join(
        f'[[seed.accounts]]\nusername = "{name}"\ndisplay_name = "{name.replace("_", " ").title()}"\n'
        f'access_token = "{token}"\n\n'
        for name, token in MASTODON_ACCOUNTS.items()
    )
    config = Path(work, "mastodon_mock.toml")
    config.write_text(
        f'[server]\nhost = "127.0.0.1"\nport = {port}\n\n[database]\npath = ":memory:"\n\n'
        f"[auth]\nenforce_scopes = true\n\n{seeds}"
    )
    process = subprocess.Popen(
        [str(MASTODON_MOCK), "serve", "--config", str(config), "--in-memory", "--log-level", "warning"],
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=open(f"{work}/mastodon.log", "w"),  # noqa: SIM115 -- the simulator writes it until stopped
    )
    try:
        wait_for_port(port, process, "mastodon_mock")
    except RuntimeError as error:
        stop(process)
        raise RuntimeError(f"{error}\n{Path(work, 'mastodon.log').read_text()[-3000:]}") from None
    return MastodonMock(f"http://127.0.0.1:{port}", dict(MASTODON_ACCOUNTS), process, work)


def stop_mastodon_mock(mock: MastodonMock) -> None:
    stop(mock.process)
    shutil.rmtree(mock.work, ignore_errors=True)


class FileHost:
    """Harbour's public media addresses as Meta's servers reach them, on 127.0.0.1: each path answers its
    bytes (with its content type, where one is given), any other path 404, and every path asked is kept in
    `asked`, so a test can show a refused post fetched nothing. `host(path, data)` adds a file and returns
    its address."""

    def __init__(self, files: dict[str, tuple[bytes, str | None]] | None = None):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.files = dict(files or {})
        self.asked: list[str] = []
        host = self

        class Files(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                host.asked.append(self.path)
                data, kind = host.files.get(self.path, (None, None))
                self.send_response(200 if data is not None else 404)
                if kind:
                    self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data or b"")))
                self.end_headers()
                self.wfile.write(data or b"")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Files)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __call__(self, path: str, data: bytes, kind: str | None = None) -> str:
        self.files[path] = (data, kind)
        return self.url + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
