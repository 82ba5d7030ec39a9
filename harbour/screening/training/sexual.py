"""Rebuild detectors/models/sexual.npz: sexual remarks and sexual harassment.

The only human labels for this are ConvAbuse's sex_harassment ticks. To stop the model learning that any
ordinary word outside ConvAbuse's chatbot chat is a sign of innocence or guilt, rows of the other trainable
sets that contain no word from the sexual lexicons (Surge AI's "sexual anatomy / sexual acts" entries and
LDNOOBW) join as weak negatives; rows that do contain one are left out, since nobody labelled them.
"""

from __future__ import annotations

import csv
from pathlib import Path

from harbour.screening.ngrams import TOKEN, canonical
from harbour.screening.training.data import TRAINABLE, Example, load
from harbour.screening.training.linear import Spec, build

SPEC = Spec(
    name="sexual-v1",
    label="sexual",
    file="sexual.npz",
    description="Sexual remarks and sexual harassment.",
    class_weight="balanced",
)


def sexual_words(root: Path) -> set[str]:
    words: set[str] = set()
    with open(root / "profanity-lexicons/surge-ai/profanity_en.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if "sexual anatomy" in " ".join(row[f"category_{i}"] for i in (1, 2, 3)):
                words.update(canonical(t) for t in TOKEN.findall(row["text"]))
    ldnoobw = root / "profanity-lexicons/ldnoobw/en"
    for line in ldnoobw.read_text(encoding="utf-8").splitlines():
        words.update(canonical(t) for t in TOKEN.findall(line))
    return words


def examples(root: Path) -> list[Example]:
    lexicon = sexual_words(root)
    out = []
    for ex in load(root, TRAINABLE):
        if "sexual" in ex.labels:
            out.append(ex)
        elif not any(canonical(t) in lexicon for t in TOKEN.findall(ex.text)):
            ex.labels["sexual"] = 0
            ex.label_weights["sexual"] = 0.2
            out.append(ex)
    return out


def main(datasets, log=print) -> dict:
    return build(SPEC, examples(datasets), log=log)
