"""Validate the grooming tracker: recall on Perverted-Justice chats, false alerts on other conversations.

    python -m harbour.screening.training.grooming [--datasets PATH] [--split validation|test]

Positives: each PJ conversation's predator lines, in order, as one author (PJ is evaluation only; nothing
is trained on it). PJ conversations are split in two by a stable hash of the name: develop on "validation"
only, and report "test" as held out.

Negatives (no grooming label, so "no alert" is assumed correct), each author's messages in order:
- pj-decoy: the decoy's lines of the same PJ conversations (adults posing as 13-15-year-olds: a hard case,
  they answer questions about age, home and parents);
- formspring-answers: each Formspring profile's answers, in order (teenagers on a Q&A site);
- formspring-askers: the questions of each named (non-anonymous) asker, across the profiles they asked;
- convabuse: each ConvAbuse conversation's user turns, with the previous user turn each row carries
  (people talking to, often abusing, chatbots; short, often sexual);
- tweets-50: trainable tweet sets (OLID, cyberbullying tweets) cut into pseudo-authors of 50 tweets.
Negatives are split by the same hash of their group, so each half is used the same way as PJ's. The
decoy side is reported apart from the others: it is the victim's half of a grooming chat, not an ordinary
conversation, and an alert there is on the wrong party rather than on a harmless chat.
"""

from __future__ import annotations

import argparse
import json
import statistics
import zlib
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from harbour.screening.detectors.grooming import _ANCHORS, _INDEX, PATTERNS, GroomingTracker, _anchor_words
from harbour.screening.normalise import Document
from harbour.screening.training import data
from harbour.screening.verdict import Context


def half(name: str) -> str:
    """ "kept" for the part kept aside (data.kept_aside), else one of two halves by a stable hash."""
    if data.kept_aside("grooming", name):
        return "kept"
    return "validation" if zlib.crc32(name.encode()) % 2 == 0 else "test"


def conversations(root: Path) -> dict[str, list[tuple[str, str, list[str]]]]:
    """{source: [(split, id, messages)]} for PJ predators (positive) and the negative sources."""
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
    for i in range(0, len(tweets) - 49, 50):
        out["tweets-50"].append((half(f"tw:{i}"), f"tweets{i}", tweets[i : i + 50]))
    return out


def run(tracker: GroomingTracker, messages: Iterable[str]) -> int | None:
    """Feed one author's messages; the 1-based number of the first message that raised an alert, or None."""
    state = None
    for i, text in enumerate(messages, 1):
        found, state = tracker.detect_with_state(Document(text), Context(author="a", author_state=state))
        if found:
            return i
    return None


def measure(tracker: GroomingTracker, convs: dict, split: str) -> dict:
    table = {}
    for source, items in convs.items():
        chosen = [(cid, msgs) for s, cid, msgs in items if s == split]
        alerts = [(run(tracker, msgs), len(msgs)) for _, msgs in chosen]
        hit = [(a, n) for a, n in alerts if a is not None]
        row = {
            "conversations": len(chosen),
            "messages_median": statistics.median([n for _, n in alerts]) if alerts else 0,
            "alerted": len(hit),
            "rate": round(len(hit) / len(chosen), 4) if chosen else 0.0,
        }
        if hit and source == "pj-predator":
            row["messages_before_alert_median"] = statistics.median([a for a, _ in hit])
            row["messages_before_alert_mean"] = round(statistics.mean([a for a, _ in hit]), 1)
            row["share_of_conversation_read_median"] = round(statistics.median([a / n for a, n in hit]), 3)
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
        for _, _, messages in items:
            for text in messages:
                doc = Document(text)
                woken = {i for word in _ANCHORS.intersection(_anchor_words(doc)) for i in _INDEX[word]}
                for i, pattern in enumerate(PATTERNS):
                    if i not in woken and pattern.regex.search(doc.text):
                        misses.append((pattern.stage, text))
    return misses


def evaluate(datasets_path) -> dict:
    """For `make bench`: recall and false-alert rates on both PJ halves with the shipped settings."""
    convs = conversations(Path(datasets_path))
    tracker = GroomingTracker()
    return {split: measure(tracker, convs, split) for split in ("validation", "test")}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datasets")
    parser.add_argument("--split", choices=("validation", "test", "both"), default="both")
    args = parser.parse_args(argv)
    convs = conversations(data.datasets_path(args.datasets))
    splits = ("validation", "test") if args.split == "both" else (args.split,)
    misses = anchor_misses(convs)
    out = {s: measure(GroomingTracker(), convs, s) for s in splits}
    out["anchor_misses"] = {"count": len(misses), "examples": misses[:5]}  # should be 0 or a rare oddity
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
