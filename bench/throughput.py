"""Throughput, latency and memory: each contestant in its own fresh process, all pinned to the same core."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

# (name, slow): a slow contestant gets only the first --slow-messages of the same list.
CONTESTANTS = [
    ("harbour", False),
    ("harbour-drafts", False),
    ("alt-profanity-check", False),
    ("alt-profanity-check (batch)", False),
    ("better-profanity", True),
]


def pick_core() -> int:
    """The highest-numbered core this process may use (core 0 tends to take the system's interrupts)."""
    return max(os.sched_getaffinity(0))


def run(messages: list[str], *, core: int, slow_limit: int, passes: int = 5, log=print) -> dict[str, dict]:
    env = dict(
        os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONHASHSEED="0"
    )
    results = {}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(messages, f)
        path = f.name
    try:
        for name, slow in CONTESTANTS:
            limit = slow_limit if slow else len(messages)
            log(
                f"bench: throughput of {name} on {min(limit, len(messages))} messages, {passes} passes, core {core} …"
            )
            proc = subprocess.run(
                [sys.executable, "-m", "bench.contestant", name, path, str(core), str(limit), str(passes)],
                capture_output=True,
                text=True,
                env=env,
                timeout=1800,
                check=False,
            )
            if proc.returncode != 0:
                tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
                results[name] = {"error": f"{name} failed (exit {proc.returncode}): {' | '.join(tail)}"}
            else:
                results[name] = json.loads(proc.stdout.strip().splitlines()[-1])
    finally:
        os.unlink(path)
    return results
