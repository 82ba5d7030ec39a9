"""Cost per message of the shipped classifiers and the grooming tracker, on real text, one process.

    python -m harbour.screening.training.speed [--datasets PATH] [--rows 5000]

Documents are made first and not timed (normalisation is the engine's cost, shared by every detector);
the time is what these detectors add to a screen. Pin to one core with `taskset -c 1` for stable figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from harbour.screening.detectors.classifier import (
    AbuseClassifier,
    BullyingClassifier,
    HateClassifier,
    SexualClassifier,
)
from harbour.screening.detectors.grooming import GroomingTracker
from harbour.screening.normalise import Document
from harbour.screening.training import data
from harbour.screening.verdict import Context


def measure(texts: list[str]) -> dict:
    classifiers = [AbuseClassifier(), HateClassifier(), BullyingClassifier(), SexualClassifier()]
    tracker = GroomingTracker()
    out = {"messages": len(texts), "mean_chars": round(statistics.mean(len(t) for t in texts), 1)}
    for warm in (True, False):  # first pass fills the per-word caches, as a running service would have
        per_message = []
        docs = [Document(t) for t in texts]
        for doc in docs:
            t0 = time.perf_counter()
            for c in classifiers:
                c.detect(doc, Context())
            per_message.append(time.perf_counter() - t0)
        if not warm:
            per_message.sort()
            out["four_classifiers_us_mean"] = round(statistics.mean(per_message) * 1e6, 1)
            out["four_classifiers_us_p50"] = round(per_message[len(per_message) // 2] * 1e6, 1)
            out["four_classifiers_us_p99"] = round(per_message[int(len(per_message) * 0.99)] * 1e6, 1)
    state = None
    docs = [Document(t) for t in texts]
    t0 = time.perf_counter()
    for doc in docs:
        _, state = tracker.detect_with_state(doc, Context(author="a", author_state=state))
    out["grooming_tracker_us_mean"] = round((time.perf_counter() - t0) / len(docs) * 1e6, 1)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets")
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args(argv)
    root = data.datasets_path(args.datasets)
    texts = [ex.text for ex in data.olid(root) if data.split_of(ex.source, ex.group) == "test"]
    texts += [ex.text for ex in data.convabuse(root) if data.split_of(ex.source, ex.group) == "test"]
    print(json.dumps(measure(texts[: args.rows]), indent=2))


if __name__ == "__main__":
    main()
