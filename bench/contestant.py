"""One contestant, run in a fresh process pinned to one core:
python -m bench.contestant NAME MESSAGES CORE LIMIT [PASSES].

Prints one JSON line: start-up time, messages per second (the median of PASSES timed passes over the
messages), p50/p99 latency per call over every pass, and peak memory. A fresh process per contestant
keeps one contestant's imports and caches out of another's figures.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable


def harbour(direction: str) -> Callable[[str], object]:
    from harbour.screening import Context, Direction, screen

    states: dict[str, dict | None] = {}
    counter = iter(range(1 << 62))
    way = Direction(direction)  # parsed once, as inbox ingest holds a Direction already

    def call(text: str) -> object:
        # 200 authors, each author's grooming summary passed back in, as inbox ingest does.
        author = f"bench:{next(counter) % 200}"
        verdict = screen(text, Context(direction=way, author=author, author_state=states.get(author)))
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


SINGLE = {
    "harbour": lambda: harbour("incoming"),
    "harbour-drafts": lambda: harbour("outgoing"),
    "alt-profanity-check": alt_profanity_check,
    "better-profanity": better_profanity,
}


def percentile(sorted_ns: list[int], q: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    i = min(len(sorted_ns) - 1, max(0, round(q / 100 * len(sorted_ns)) - 1))
    return sorted_ns[i] / 1e6


def run_single(name: str, messages: list[str], passes: int = 5) -> dict:
    """Warm up on the first 50 messages (not timed), then time `passes` passes over all of them. The
    first pass meets most words for the first time; later ones find them in the caches, as a running
    service finds its common words, so the median pass is the steady state and the first is reported too."""
    started = time.perf_counter()
    call = SINGLE[name]()
    call(messages[0])
    startup = time.perf_counter() - started
    for text in messages[:50]:  # warm caches; not timed
        call(text)
    timings = []
    rates = []
    for _ in range(passes):
        wall = time.perf_counter()
        for text in messages:
            t0 = time.perf_counter_ns()
            call(text)
            timings.append(time.perf_counter_ns() - t0)
        rates.append(len(messages) / (time.perf_counter() - wall))
    timings.sort()
    return {
        "messages": len(messages),
        "passes": passes,
        "startup_s": round(startup, 3),
        "msgs_per_s": round(statistics.median(rates), 1),
        "first_pass_msgs_per_s": round(rates[0], 1),
        "pass_msgs_per_s": [round(r, 1) for r in rates],
        "p50_ms": round(percentile(timings, 50), 4),
        "p99_ms": round(percentile(timings, 99), 4),
        "max_ms": round(timings[-1] / 1e6, 4),
    }


def run_batch(messages: list[str]) -> dict:
    started = time.perf_counter()
    from profanity_check import predict

    predict(messages[:1])
    startup = time.perf_counter() - started
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        predict(messages)
        best = min(best, time.perf_counter() - t0)
    return {
        "messages": len(messages),
        "startup_s": round(startup, 3),
        "msgs_per_s": round(len(messages) / best, 1),
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
