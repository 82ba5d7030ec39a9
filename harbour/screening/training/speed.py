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


def _timed(docs: list, run, passes: int) -> list[float]:
    """Seconds per document, the fastest of `passes` runs for each (shared machines are noisy)."""
    best = [float("inf")] * len(docs)
    for _ in range(passes):
        for i, doc in enumerate(docs):
            t0 = time.perf_counter()
            run(doc)
            best[i] = min(best[i], time.perf_counter() - t0)
    return sorted(best)


def _summary(times: list[float], name: str) -> dict:
    return {
        f"{name}_us_mean": round(statistics.mean(times) * 1e6, 1),
        f"{name}_us_p50": round(times[len(times) // 2] * 1e6, 1),
        f"{name}_us_p99": round(times[int(len(times) * 0.99)] * 1e6, 1),
    }


def measure(texts: list[str], passes: int = 5) -> dict:
    classifiers = [AbuseClassifier(), HateClassifier(), BullyingClassifier(), SexualClassifier()]
    for c in classifiers:  # one ModelGroup, scored once per document, as in an engine
        c.share_with(classifiers)
    tracker = GroomingTracker()
    out = {
        "messages": len(texts),
        "mean_chars": round(statistics.mean(len(t) for t in texts), 1),
        "passes": passes,
    }
    docs = [Document(t) for t in texts]
    for doc in docs:
        _ = doc.word_set  # the lexicon detectors build this before ours run in a full screen

    def classify(doc):
        doc.cache.clear()  # each pass pays for the features again, as a new screen would
        for c in classifiers:
            c.detect(doc, Context())

    out |= _summary(_timed(docs, classify, passes), "four_classifiers")
    # A hit also pays for its explanation (ranking the words): the mean and p99 depend on how many hit.
    out["share_with_a_classifier_finding"] = round(
        sum(any(c.detect(doc, Context()) for c in classifiers) for doc in docs) / len(docs), 3
    )
    # One author sends every message; each is timed against the state the messages before it left.
    before, state = {}, None
    for doc in docs:
        before[id(doc)] = state
        _, state = tracker.detect_with_state(doc, Context(author="a", author_state=state))

    def track(doc):
        tracker.detect_with_state(doc, Context(author="a", author_state=before[id(doc)]))

    out |= _summary(_timed(docs, track, passes), "grooming_tracker")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datasets")
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args(argv)
    root = data.datasets_path(args.datasets)
    texts = [ex.text for ex in data.olid(root) if data.split_of(ex.source, ex.group) == "test"]
    texts += [ex.text for ex in data.convabuse(root) if data.split_of(ex.source, ex.group) == "test"]
    print(json.dumps(measure(texts[: args.rows]), indent=2))


if __name__ == "__main__":
    main()
