"""Throughput, latency and memory: each contestant in its own fresh process, all pinned to the same core.

The cold figure comes first: a first pass over distinct messages the process has never seen, as a
service screening a live stream meets them. The warm figure (the same messages again) is beside it.
Harbour is timed two ways: through the library (`harbour.screening.screen`, one message per call, in
bench/contestant.py) and through the command line (`harbour screen --jsonl`, a fresh process per run,
timed from outside with its start-up and without it, in cli() here).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# (name, slow): a slow contestant gets only the first --slow-messages of the same list.
CONTESTANTS = [
    ("harbour", False),
    ("harbour (no second stage)", False),
    ("harbour-drafts", False),
    ("alt-profanity-check", False),
    ("alt-profanity-check (batch)", False),
    ("better-profanity", True),
]
# One thread for every numerical library, the same hash seed for every run.
ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}


def pick_core() -> int:
    """The highest-numbered core this process may use (core 0 tends to take the system's interrupts)."""
    return max(os.sched_getaffinity(0))


def run(
    messages: list[str],
    *,
    core: int,
    slow_limit: int,
    passes: int = 5,
    log=print,
    contestants: list[tuple[str, bool]] | None = None,
) -> dict[str, dict]:
    env = dict(os.environ, **ENV)
    results = {}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(messages, f)
        path = f.name
    try:
        for name, slow in contestants or CONTESTANTS:
            limit = slow_limit if slow else len(messages)
            log(
                f"bench: throughput of {name} on {min(limit, len(messages))} messages, cold pass then {passes} "
                f"warm, core {core} …"
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


def cli_command() -> list[str]:
    """`harbour screen --jsonl` as installed next to this interpreter, else `python -m harbour.screening`."""
    script = Path(sys.executable).with_name("harbour")
    if script.exists():
        return [str(script), "screen", "--jsonl"]
    found = shutil.which("harbour")
    return [found, "screen", "--jsonl"] if found else [sys.executable, "-m", "harbour.screening", "--jsonl"]


def _jsonl(messages: list[str], path: Path) -> None:
    """One line per message, with an author (200 of them, as the library contestant uses)."""
    with open(path, "w", encoding="utf-8") as f:
        for i, text in enumerate(messages):
            f.write(json.dumps({"id": i, "author": f"bench:{i % 200}", "text": text}, ensure_ascii=False))
            f.write("\n")


def _one_run(command: list[str], source: Path, core: int, env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one fresh `harbour screen --jsonl` process reading `source`, pinned
    to `core`, its output thrown away. Wall time is from before the process starts to after it exits."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(source, "rb") as stdin:
        proc = subprocess.run(
            command,
            stdin=stdin,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            preexec_fn=lambda: os.sched_setaffinity(0, {core}),
            timeout=1800,
            check=False,
        )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise RuntimeError(f"{' '.join(command)} exited {proc.returncode}: {' | '.join(tail)}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def cli(messages: list[str], *, core: int, repeats: int = 3, second_stage: bool = True, log=print) -> dict:
    """`harbour screen --jsonl` in fresh processes on one core: one line (start-up: interpreter, imports,
    the engine, one screen), the N distinct messages (cold, with and without that start-up), and the N
    messages twice (the second N, the difference of the two runs, is the warm figure). Each run `repeats`
    times; the median of each is used."""
    command = cli_command() + ([] if second_stage else ["--no-second-stage"])
    env = dict(os.environ, **ENV)
    n = len(messages)
    with tempfile.TemporaryDirectory() as folder:
        files = {
            "one": Path(folder) / "one.jsonl",
            "n": Path(folder) / "n.jsonl",
            "2n": Path(folder) / "2n.jsonl",
        }
        _jsonl([STARTUP_LINE], files["one"])
        _jsonl(messages, files["n"])
        _jsonl(messages + messages, files["2n"])
        log(f"bench: `{' '.join(command)}`, cold and warm, {n} messages, {repeats} runs each, core {core} …")
        runs: dict[str, list[tuple[float, float]]] = {k: [] for k in files}
        try:
            for _ in range(repeats):
                for key, path in files.items():
                    runs[key].append(_one_run(command, path, core, env))
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
            return {"error": str(exc)}

    def median(key: str, which: int) -> float:
        return statistics.median(r[which] for r in runs[key])

    startup, cold, twice = median("one", 0), median("n", 0), median("2n", 0)
    startup_cpu, cold_cpu, twice_cpu = median("one", 1), median("n", 1), median("2n", 1)
    return {
        "command": " ".join(command),
        "messages": n,
        "repeats": repeats,
        "startup_s": round(startup, 3),
        "cold_msgs_per_s_with_startup": round(n / cold, 1),
        "cold_msgs_per_s": _rate(n, cold - startup),
        "cold_cpu_msgs_per_s": _rate(n, cold_cpu - startup_cpu),
        "msgs_per_s": _rate(n, twice - cold),
        "cpu_msgs_per_s": _rate(n, twice_cpu - cold_cpu),
        "seconds": {k: [round(w, 3) for w, _ in v] for k, v in runs.items()},
        "cpu_seconds": {k: [round(c, 3) for _, c in v] for k, v in runs.items()},
    }


def _rate(n: int, seconds: float) -> float | None:
    """n / seconds, or None where a difference of two timings came out too small to mean anything (less
    than n messages would take at a million a second): noise, not a speed."""
    return round(n / seconds, 1) if seconds > n * 1e-6 else None


# The start-up run's one line: in no mix (see bench.contestant.STARTUP_TEXT).
STARTUP_LINE = "Start-up check: this sentence is screened once before the timed runs."
