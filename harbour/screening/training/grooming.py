"""Build the grooming tracker's stage vectors, and measure the tracker: how early it alerts on
Perverted-Justice chats, and how often it alerts on other conversations.

    python -m harbour.screening.training.grooming --build [--datasets PATH]
    python -m harbour.screening.training.grooming [--datasets PATH] [--split validation|test|both]

--build embeds the stage exemplars (detectors/data/grooming_stages.txt) and ordinary text from the
trainable sets' training rows (OLID not-offensive tweets, ConvAbuse non-abusive turns, CEFR-SP sentences),
and writes detectors/models/grooming.npz. Nothing from PJ, Formspring or any other evaluation-only set
goes into it.

Positives: each PJ conversation's predator lines, in order, as one author (PJ is evaluation only; nothing
is trained on it). PJ conversations are split by a stable hash of the name: "kept" (kept aside, never
read) and two development halves, "validation" and "test". Both development halves are development rows
now (issue 19): the second stage's cut-offs were chosen on them, so neither is a held-out figure; the
kept part, run once at the end, is.

Negatives (no grooming label, so "no alert" is assumed correct), each author's messages in order:
- pj-decoy: the decoy's lines of the same PJ conversations (adults posing as 13-15-year-olds: a hard case,
  they answer questions about age, home and parents);
- formspring-answers: each Formspring profile's answers, in order (teenagers on a Q&A site);
- formspring-askers: the questions of each named (non-anonymous) asker, across the profiles they asked;
- convabuse: each ConvAbuse conversation's user turns, with the previous user turn each row carries
  (people talking to, often abusing, chatbots; short, often sexual);
- formspring-answers-50: the same answers cut into windows of 50 posts (how issue 19 measures teen streams);
- tweets-50: trainable tweet sets (OLID, cyberbullying tweets) cut into pseudo-authors of 50 tweets;
- ordinary-50: bench/ordinary.py's ordinary messages (synthetic support and youth-service text, Formspring
  development rows) cut into windows of 50.
Negatives are split by the same hash of their group, so each half is used the same way as PJ's. The
decoy side is reported apart from the others: it is the victim's half of a grooming chat, not an ordinary
conversation, and an alert there is on the wrong party rather than on a harmless chat.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from harbour.screening.detectors.grooming import (
    _ANCHORS,
    _INDEX,
    MEANING_STAGES,
    MODEL,
    PATTERNS,
    GroomingTracker,
    _anchor_words,
    digest,
    exemplars,
    gate,
)
from harbour.screening.normalise import Document
from harbour.screening.training import data, embeddings
from harbour.screening.verdict import Context

WINDOW = 50  # posts in a window of a stream (teen Q&A answers, tweets, ordinary messages)
ORDINARY_PER_SOURCE = 700  # ordinary texts from each trainable set in the model's ordinary bank
EARLY = (50, 200)  # "alerted within the first N predator messages"


def half(name: str) -> str:
    """ "kept" for the part kept aside (data.kept_aside), else one of two halves by a stable hash."""
    if data.kept_aside("grooming", name):
        return "kept"
    return "validation" if zlib.crc32(name.encode()) % 2 == 0 else "test"


# ---- the model: stage exemplars and ordinary text, embedded -------------------------------------------


def trainable_ordinary(root: Path, per_source: int = ORDINARY_PER_SOURCE) -> list[str]:
    """Ordinary messages from the trainable sets' training rows (never validation, test or kept), that pass
    the tracker's gate (only those are ever compared): OLID's not-offensive tweets, ConvAbuse's non-abusive
    user turns, CEFR-SP's sentences. A stable sample of `per_source` from each, as normalised text."""
    readers = {"olid": data.olid, "convabuse": data.convabuse, "cefr-sp": data.neutral_sentences}
    out: list[str] = []
    for reader in readers.values():
        chosen = []
        for ex in reader(root):
            if data.split_of(ex.source, ex.group) != "train" or ex.labels.get("abuse", 0):
                continue
            doc = Document(ex.text.replace("@USER", "").strip())
            if gate(doc):
                chosen.append((zlib.crc32(doc.text.encode()), doc.text))
        out += [text for _, text in sorted(set(chosen))[:per_source]]
    return out


def build(root: Path, path: Path = MODEL) -> dict:
    """Embed the exemplars and the ordinary bank; write the tracker's model file. Returns its counts."""
    sections = exemplars()
    missing = [stage for stage in MEANING_STAGES if not sections.get(stage)]
    if missing:
        raise SystemExit(f"No exemplars for {missing}")
    texts, bounds = [], [0]
    for stage in MEANING_STAGES:
        texts += [Document(t).text for t in sections[stage]]
        bounds.append(len(texts))
    ordinary = [Document(t).text for t in sections.get("ordinary", [])] + trainable_ordinary(root)
    vectors = embeddings.embed(texts + ordinary, progress=True)
    np.savez_compressed(
        path,
        stages=np.array(MEANING_STAGES),
        vectors=vectors[: len(texts)].astype(np.float16),
        bounds=np.array(bounds, dtype=np.int32),
        ordinary=vectors[len(texts) :].astype(np.float16),
        digest=np.array(digest(sections)),
        top=np.array(2),
    )
    return {"exemplars": len(texts), "ordinary": len(ordinary), "file": str(path)}


# ---- the conversations ------------------------------------------------------------------------------


def _windows(messages: list[str], size: int = WINDOW) -> list[list[str]]:
    return [messages[i : i + size] for i in range(0, len(messages) - size + 1, size)]


def conversations(root: Path, *, kept: bool = False) -> dict[str, list[tuple[str, str, list[str]]]]:
    """{source: [(split, id, messages)]} for PJ predators (positive) and the negative sources; bench's
    ordinary messages in the development halves, or (kept=True, the final run only) in the kept part."""
    out: dict[str, list] = defaultdict(list)
    for conv in data.pj_conversations(root):
        split = half("pj:" + conv["name"])
        out["pj-predator"].append((split, conv["name"], conv["predator"]))
        if conv["decoy"]:
            out["pj-decoy"].append((split, conv["name"], conv["decoy"]))

    answers: dict[str, list[str]] = defaultdict(list)
    askers: dict[str, list[str]] = defaultdict(list)
    for ex in data.formspring(root):
        if ex.extra["answer"]:
            answers[ex.group].append(ex.extra["answer"])
        if ex.extra["asker"] not in ("None", "") and ex.extra["question"]:
            askers[ex.extra["asker"]].append(ex.extra["question"])
    out["formspring-answers"] = [(half("fs:" + u), u, m) for u, m in sorted(answers.items())]
    # one stream per half: the answers of that half's profiles, profile after profile, cut into windows
    for split in ("validation", "test", "kept"):
        stream = [a for u, m in sorted(answers.items()) if half("fs:" + u) == split for a in m]
        for i, window in enumerate(_windows(stream)):
            out["formspring-answers-50"].append((split, f"fs-window{i}", window))
    out["formspring-askers"] = [(half("fa:" + a), a, m) for a, m in sorted(askers.items()) if len(m) >= 3]

    turns: dict[str, list[tuple[float, str, str]]] = defaultdict(list)
    for ex in data.convabuse(root):
        turns[ex.group].append((ex.extra["order"], ex.extra["prev_user"], ex.text))
    for conv, rows in sorted(turns.items()):
        messages: list[str] = []
        for _, previous, text in sorted(rows):
            if previous and (not messages or messages[-1] != previous):
                messages.append(previous)  # the user's turn before this one, which has no row of its own
            messages.append(text)
        out["convabuse"].append((half("ca:" + conv), conv, messages))

    tweets = [ex.text for ex in data.olid(root)] + [ex.text for ex in data.cyberbullying_tweets(root)]
    for i in range(0, len(tweets) - WINDOW + 1, WINDOW):
        out["tweets-50"].append((half(f"tw:{i}"), f"tweets{i}", tweets[i : i + WINDOW]))
    out.update(_ordinary(root, kept=kept))
    return out


def _ordinary(root: Path, *, kept: bool = False) -> dict[str, list]:
    """bench/ordinary.py's ordinary messages in windows of 50: synthetic ones and Formspring development
    rows, alternately in the two development halves; or (kept=True) the synthetic ones and Formspring's
    kept rows, in the kept part. Empty where bench/ is absent."""
    try:
        from bench import ordinary
    except ImportError:
        return {}
    if kept:
        messages = ordinary.synthetic() + ordinary.formspring(root, kept=True)  # it checks the final run
        return {"ordinary-50": [("kept", f"ordinary{i}", w) for i, w in enumerate(_windows(messages))]}
    windows = _windows(ordinary.texts(root))
    return {
        "ordinary-50": [
            ("validation" if i % 2 == 0 else "test", f"ordinary{i}", w) for i, w in enumerate(windows)
        ]
    }


# ---- measuring ----------------------------------------------------------------------------------------


def cached_vectors(convs: dict, splits: Iterable[str]) -> Callable[[str], np.ndarray]:
    """The encoder's vectors for every message of these splits that passes the gate, from the shared
    embedding cache (encoding those not cached yet): the same vectors encoder.vector gives, computed once."""
    wanted = set(splits)
    texts = list(
        dict.fromkeys(
            doc.text
            for items in convs.values()
            for split, _, messages in items
            if split in wanted
            for doc in map(Document, messages)
            if gate(doc)
        )
    )
    vectors = embeddings.embed(texts, progress=len(texts) > 20_000)
    return _Lookup({text: vectors[i] for i, text in enumerate(texts)})


class _Lookup:
    """text -> vector from a table, counting the calls (how many messages the tracker sent to the encoder)."""

    def __init__(self, table: dict[str, np.ndarray]):
        self.table = table
        self.calls = 0

    def __call__(self, text: str) -> np.ndarray:
        self.calls += 1
        return self.table[text]


def run(tracker: GroomingTracker, messages: Iterable[str], *, second_stage: bool = True) -> int | None:
    """Feed one author's messages; the 1-based number of the first message that raised an alert, or None."""
    state = None
    for i, text in enumerate(messages, 1):
        context = Context(author="a", author_state=state, second_stage=second_stage)
        found, state = tracker.detect_with_state(Document(text), context)
        if found:
            return i
    return None


def measure(tracker: GroomingTracker, convs: dict, splits, *, second_stage: bool = True) -> dict:
    """Per source, how many authors (conversations, windows) of these splits (a split, or several pooled)
    the tracker alerted on, and for PJ predators how early."""
    wanted = {splits} if isinstance(splits, str) else set(splits)
    table = {}
    for source, items in convs.items():
        if source == "formspring-answers-50" and not any(s in wanted for s, _, _ in items):
            continue
        chosen = [(cid, msgs) for s, cid, msgs in items if s in wanted]
        calls = getattr(tracker.vector, "calls", 0)
        alerts = [(run(tracker, msgs, second_stage=second_stage), len(msgs)) for _, msgs in chosen]
        read = sum(a or n for a, n in alerts)  # messages the tracker was given (run stops at the alert)
        hit = [(a, n) for a, n in alerts if a is not None]
        row = {
            "conversations": len(chosen),
            "messages_median": statistics.median([n for _, n in alerts]) if alerts else 0,
            "alerted": len(hit),
            "rate": round(len(hit) / len(chosen), 4) if chosen else 0.0,
        }
        if second_stage and read and hasattr(tracker.vector, "calls"):  # counted where tracker_for made it
            row["share_encoded"] = round((getattr(tracker.vector, "calls", 0) - calls) / read, 4)
        if source == "pj-predator" and chosen:
            for early in EARLY:
                row[f"alerted_within_{early}"] = round(sum(a <= early for a, _ in hit) / len(chosen), 4)
            if hit:
                row["messages_before_alert_median"] = statistics.median([a for a, _ in hit])
                row["messages_before_alert_mean"] = round(statistics.mean([a for a, _ in hit]), 1)
                row["share_of_conversation_read_median"] = round(
                    statistics.median([a / n for a, n in hit]), 3
                )
        table[source] = row
    negatives = [r for s, r in table.items() if s not in ("pj-predator", "pj-decoy")]
    total = sum(r["conversations"] for r in negatives)
    table["non-grooming (all but PJ)"] = {
        "conversations": total,
        "alerted": sum(r["alerted"] for r in negatives),
        "rate": round(sum(r["alerted"] for r in negatives) / total, 4) if total else 0.0,
    }
    return table


def anchor_misses(convs: dict) -> list[tuple[str, str]]:
    """(stage, message) wherever a pattern matches but none of its anchor words is present: each is a
    signal the tracker skips, so a gap in STAGES' anchors (or an oddity such as "hap'penis")."""
    misses = []
    for items in convs.values():
        for split, _, messages in items:
            if split == "kept":
                continue
            for text in messages:
                doc = Document(text)
                woken = {i for word in _ANCHORS.intersection(_anchor_words(doc)) for i in _INDEX[word]}
                for i, pattern in enumerate(PATTERNS):
                    if i not in woken and pattern.regex.search(doc.text):
                        misses.append((pattern.stage, text))
    return misses


def gate_share(convs: dict, splits: Iterable[str]) -> dict:
    """Share of messages that pass the second stage's gate, per source: the encoder's cost is paid on these."""
    wanted = set(splits)
    out = {}
    for source, items in convs.items():
        if source in ("formspring-answers-50",):
            continue  # the same messages as formspring-answers
        messages = [m for split, _, msgs in items if split in wanted for m in msgs]
        if messages:
            out[source] = round(sum(gate(Document(m)) for m in messages) / len(messages), 4)
    return out


def cost(messages: list[str]) -> dict:
    """What the second stage costs on these messages, fed as authors of WINDOW messages each: the share the
    gate passes to the encoder, and microseconds a message for the hand patterns alone, then with the second
    stage cold (the encoder loaded, no message encoded yet) and warm (the same messages again: every vector
    in encoder.vector's memory). The encoder's own load is timed apart."""
    from harbour.screening import encoder

    started = time.perf_counter()
    encoder.vector("load the encoder")
    load = time.perf_counter() - started
    tracker = GroomingTracker()
    asked: list[str] = []

    def counted(text: str) -> np.ndarray:
        asked.append(text)
        return encoder.vector(text)

    tracker.vector = counted
    docs = [Document(m) for m in messages]
    timings = {}
    for name, second in (
        ("hand patterns alone", False),
        ("second stage, cold", True),
        ("second stage, warm", True),
    ):
        if name.endswith("cold"):
            encoder.vector.cache_clear()
        asked.clear()
        started = time.perf_counter()
        for i in range(0, len(docs), WINDOW):
            state = None
            for doc in docs[i : i + WINDOW]:
                context = Context(author="a", author_state=state, second_stage=second)
                _, state = tracker.detect_with_state(doc, context)
        timings[name] = round((time.perf_counter() - started) / len(docs) * 1e6, 1)
    return {
        "messages": len(docs),
        "encoder_load_seconds": round(load, 2),
        "share_encoded": round(len(asked) / len(docs), 4),
        "microseconds_per_message": timings,
    }


def tracker_for(convs: dict, splits: Iterable[str]) -> GroomingTracker:
    tracker = GroomingTracker()
    tracker.vector = cached_vectors(convs, splits)
    return tracker


def evaluate(datasets, *, kept: bool = False) -> dict:
    """For `make bench`: how early the tracker alerts on PJ predators and how often on other conversations,
    with the hand patterns alone (second_stage=False) and with the stages from meaning. Development rows
    (both halves) by default; kept=True: the same figures on the kept-aside part (the final run only)."""
    if kept:
        data.require_kept_run()
    splits = ("kept",) if kept else ("validation", "test")
    convs = conversations(Path(datasets), kept=kept)
    tracker = tracker_for(convs, splits)
    return {
        "hand patterns alone": measure(tracker, convs, splits, second_stage=False),
        "with stages from meaning": measure(tracker, convs, splits),
        "share of messages through the gate (at most)": gate_share(convs, splits),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datasets")
    parser.add_argument("--build", action="store_true", help="embed the exemplars, write the model file")
    parser.add_argument("--split", choices=("validation", "test", "both"), default="both")
    parser.add_argument("--first", type=int, help="only each author's first N messages (while developing)")
    parser.add_argument("--cost", type=int, metavar="N", help="time the second stage on N ordinary messages")
    args = parser.parse_args(argv)
    root = data.datasets_path(args.datasets)
    if args.build:
        print(json.dumps(build(root), indent=2))
        return
    if args.cost:
        from bench import ordinary

        print(json.dumps(cost(ordinary.texts(root)[: args.cost]), indent=2))
        return
    convs = conversations(root)
    if args.first:
        convs = {s: [(sp, c, m[: args.first]) for sp, c, m in items] for s, items in convs.items()}
    splits = ("validation", "test") if args.split == "both" else (args.split,)
    started = time.perf_counter()
    tracker = tracker_for(convs, splits)
    out: dict = {"vectors_seconds": round(time.perf_counter() - started, 1)}
    for split in (*splits, splits) if len(splits) > 1 else splits:
        out[split if isinstance(split, str) else "both halves"] = {
            "hand patterns alone": measure(tracker, convs, split, second_stage=False),
            "with stages from meaning": measure(tracker, convs, split),
        }
    out["share of messages through the gate (at most)"] = gate_share(convs, splits)
    misses = anchor_misses(convs)
    out["anchor_misses"] = {"count": len(misses), "examples": misses[:5]}  # should be 0 or a rare oddity
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
