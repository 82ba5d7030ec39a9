"""One contestant, run in a fresh process pinned to one core:
python -m bench.contestant NAME MESSAGES CORE LIMIT [PASSES].

Prints one JSON line: start-up time (imports, loading, one call on a text that is not in the list), the
cold pass (the first pass over the messages, every one new to the process: the figure that counts), then
PASSES warm passes over the same messages (msgs/s is their median), p50/p99 latency per call for the cold
pass and over every warm pass, and peak memory. A fresh process per contestant keeps one contestant's
imports and caches out of another's figures.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable


def harbour(direction: str, second_stage: bool = True) -> Callable[[str], object]:
    from harbour.screening import Context, Direction, screen

    states: dict[str, dict | None] = {}
    counter = iter(range(1 << 62))
    way = Direction(direction)  # parsed once, as inbox ingest holds a Direction already

    def call(text: str) -> object:
        # 200 authors, each author's grooming summary passed back in, as inbox ingest does.
        author = f"bench:{next(counter) % 200}"
        context = Context(
            direction=way, author=author, author_state=states.get(author), second_stage=second_stage
        )
        verdict = screen(text, context)
        states[author] = verdict.author_state
        return verdict

    return call


def alt_profanity_check() -> Callable[[str], object]:
    from profanity_check import predict

    return lambda text: predict([text])


def better_profanity() -> Callable[[str], object]:
    from better_profanity import profanity

    profanity.load_censor_words()
    return profanity.contains_profanity


# Contestants whose screen may call the second stage's sentence encoder.
SECOND_STAGE = frozenset({"harbour", "harbour-drafts"})

SINGLE = {
    "harbour": lambda: harbour("incoming"),
    "harbour-drafts": lambda: harbour("outgoing"),
    "harbour (no second stage)": lambda: harbour("incoming", second_stage=False),
    "alt-profanity-check": alt_profanity_check,
    "better-profanity": better_profanity,
}


def percentile(sorted_ns: list[int], q: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    i = min(len(sorted_ns) - 1, max(0, round(q / 100 * len(sorted_ns)) - 1))
    return sorted_ns[i] / 1e6


# The start-up call's text: in no mix, so the cold pass still meets every message for the first time.
STARTUP_TEXT = "Start-up check: this sentence is screened once before the timed passes."


def _timed_pass(call: Callable[[str], object], messages: list[str]) -> tuple[float, float, list[int]]:
    """One pass: (msgs/s by wall time, msgs/s by this thread's CPU time, each call's ns)."""
    timings = []
    wall, cpu = time.perf_counter(), time.thread_time()
    for text in messages:
        t0 = time.perf_counter_ns()
        call(text)
        timings.append(time.perf_counter_ns() - t0)
    wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
    return len(messages) / wall, len(messages) / max(cpu, 1e-9), timings


def run_single(name: str, messages: list[str], passes: int = 5) -> dict:
    """Start up (one call on STARTUP_TEXT), then the cold pass: the first over the messages, each new to
    the process, so every per-word cache fills as it would on a stream of new messages. Then `passes` warm
    passes over the same messages, which find their words in the caches; the warm msgs/s is their median.
    The messages should be distinct (corpus.message_mix makes them so): a repeat inside the cold pass is
    warm."""
    started = time.perf_counter()
    call = SINGLE[name]()
    call(STARTUP_TEXT)
    encoder_load = None
    if name in SECOND_STAGE:  # the sentence encoder loads on the first message that needs it: start-up too
        loading = time.perf_counter()
        from harbour.screening import encoder

        encoder.embed([STARTUP_TEXT])
        encoder_load = round(time.perf_counter() - loading, 3)
    startup = time.perf_counter() - started
    cold, cold_cpu, cold_timings = _timed_pass(call, messages)
    cold_timings.sort()
    timings: list[int] = []
    rates, cpu_rates = [], []
    for _ in range(passes):
        rate, cpu_rate, pass_timings = _timed_pass(call, messages)
        rates.append(rate)
        cpu_rates.append(cpu_rate)
        timings += pass_timings
    timings.sort()
    return {
        "messages": len(messages),
        "distinct": len(set(messages)),
        "passes": passes,
        "startup_s": round(startup, 3),
        "encoder_load_s": encoder_load,
        "cold_msgs_per_s": round(cold, 1),
        "cold_cpu_msgs_per_s": round(cold_cpu, 1),
        "cold_p50_ms": round(percentile(cold_timings, 50), 4),
        "cold_p99_ms": round(percentile(cold_timings, 99), 4),
        "msgs_per_s": round(statistics.median(rates), 1),
        "cpu_msgs_per_s": round(statistics.median(cpu_rates), 1),
        "pass_msgs_per_s": [round(r, 1) for r in rates],
        "p50_ms": round(percentile(timings, 50), 4),
        "p99_ms": round(percentile(timings, 99), 4),
        "max_ms": round(max(timings[-1], cold_timings[-1]) / 1e6, 4),
    }


def run_batch(messages: list[str]) -> dict:
    started = time.perf_counter()
    from profanity_check import predict

    predict([STARTUP_TEXT])
    startup = time.perf_counter() - started
    seconds = []
    for _ in range(4):  # the first batch is the cold one; the best of the next three is the warm figure
        t0 = time.perf_counter()
        predict(messages)
        seconds.append(time.perf_counter() - t0)
    return {
        "messages": len(messages),
        "startup_s": round(startup, 3),
        "cold_msgs_per_s": round(len(messages) / seconds[0], 1),
        "msgs_per_s": round(len(messages) / min(seconds[1:]), 1),
    }


def main() -> None:
    name, path, core, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    passes = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    os.sched_setaffinity(0, {core})
    with open(path, encoding="utf-8") as f:
        messages = json.load(f)[:limit]
    try:
        if name == "alt-profanity-check (batch)":
            result = run_batch(messages)
        else:
            result = run_single(name, messages, passes)
    except ImportError as exc:
        result = {"error": f"{name}: import failed ({exc})"}
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["core"] = core
    print(json.dumps(result))


if __name__ == "__main__":
    main()
