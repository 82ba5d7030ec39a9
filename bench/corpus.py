"""Texts for the benchmark, read from the shared datasets (never shipped, never needed by the product)."""

from __future__ import annotations

import csv
import html
import json
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

csv.field_size_limit(1 << 30)


def datasets_root(arg: str | None) -> Path:
    """--datasets, else HARBOUR_DATASETS, else ../shared/datasets; a clear error if it is not there."""
    path = Path(arg or os.environ.get("HARBOUR_DATASETS") or "../shared/datasets")
    if not (path / "olid-offenseval2019").is_dir():
        raise SystemExit(
            f"bench: no datasets at {path.resolve()}. Pass --datasets PATH or set HARBOUR_DATASETS to the folder "
            "that holds olid-offenseval2019, toxic-spans and the other shared datasets."
        )
    return path


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def _olid(root: Path) -> list[str]:
    with open(root / "olid-offenseval2019/olid-training-v1.0.tsv", newline="", encoding="utf-8") as f:
        return [_clean(r["tweet"]) for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _toxic_spans(root: Path) -> list[str]:
    with open(root / "toxic-spans/tsd_trial.csv", newline="", encoding="utf-8") as f:
        return [r["text"] for r in csv.DictReader(f)]


def _convabuse(root: Path) -> list[str]:
    with open(root / "convabuse/ConvAbuseEMNLPvalid.csv", newline="", encoding="utf-8") as f:
        return [_clean(r["user"]) for r in csv.DictReader(f) if r["user"].strip()]


def _formspring(root: Path) -> list[str]:
    out = []
    with open(
        root / "formspring/formspring_data.train.tsv", newline="", encoding="utf-8", errors="replace"
    ) as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row.get("post"):
                out.append(_clean(re.sub(r"<br\s*/?>", " ", row["post"]).removeprefix("Q: ")))
    return out


def _pii(root: Path) -> list[str]:
    rows = json.loads((root / "presidio-synth-pii/data/synth_dataset_v2.json").read_text(encoding="utf-8"))
    return [r["full_text"] for r in rows]


def _davidson(root: Path) -> list[str]:
    with open(root / "davidson-hate-offensive/labeled_data.train.csv", newline="", encoding="utf-8") as f:
        return [_clean(r["tweet"]) for r in csv.DictReader(f)]


# Share of the mix from each source: short tweets, long comments, chat turns, teen Q&A, personal information.
MIX = {
    "olid tweets": (_olid, 0.30),
    "davidson tweets": (_davidson, 0.10),
    "toxic-spans comments": (_toxic_spans, 0.20),
    "convabuse chat turns": (_convabuse, 0.10),
    "formspring teen Q&A": (_formspring, 0.15),
    "presidio-synth PII": (_pii, 0.15),
}


@dataclass
class Mix:
    messages: list[str]
    composition: dict[str, int]

    @property
    def mean_chars(self) -> float:
        return sum(map(len, self.messages)) / len(self.messages)


def message_mix(root: Path, n: int, seed: int = 20261125) -> Mix:
    """n messages drawn from several sets in fixed shares, shuffled; the same n and seed give the same list.
    Every message is distinct (a text two sets share, or a set repeats, is drawn once), so a first pass
    over the mix meets each text for the first time: the cold figure. A set with fewer distinct texts than
    its share gives what it has (the composition says how many)."""
    rng = random.Random(seed)
    messages, composition = [], {}
    seen: set[str] = set()
    for name, (reader, share) in MIX.items():
        texts = [t for t in dict.fromkeys(reader(root)) if t and t not in seen]
        k = min(len(texts), round(n * share))
        drawn = rng.sample(texts, k)
        seen.update(drawn)
        messages.extend(drawn)
        composition[name] = k
    rng.shuffle(messages)
    return Mix(messages, composition)


# ---- texts for the outgoing-draft detectors (evaluation only) ------------------------------------------


def onestopenglish(root: Path) -> list[dict[str, str]]:
    """The 189 texts at three levels: [{"ele": text, "int": text, "adv": text}, ...]."""
    base = root / "onestopenglish/Texts-SeparatedByReadingLevel"
    out = []
    for ele in sorted((base / "Ele-Txt").glob("*-ele.txt")):
        stem = ele.name.removesuffix("-ele.txt")
        paths = {
            "ele": ele,
            "int": base / "Int-Txt" / f"{stem}-int.txt",
            "adv": base / "Adv-Txt" / f"{stem}-adv.txt",
        }
        if all(p.exists() for p in paths.values()):
            out.append({k: p.read_text(encoding="utf-8-sig", errors="replace") for k, p in paths.items()})
    return out


def cefr_sp(root: Path) -> list[tuple[str, float]]:
    """Wiki-Auto dev sentences with the mean of the two experts' CEFR levels (1 = A1 … 6 = C2)."""
    out = []
    for line in (root / "cefr-sp/CEFR-SP_Wikiauto_dev.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            text = re.sub(r"\s+([.,;:!?')])", r"\1", parts[0])  # the file is tokenised: "word ." -> "word."
            out.append((text, (int(parts[1]) + int(parts[2])) / 2))
    return out


def babe(root: Path) -> list[tuple[str, int]]:
    """BABE SG2 news sentences, 1 = biased (experts' majority). AGPL-3.0: evaluation only."""
    with open(root / "babe-media-bias/data/final_labels_SG2.csv", newline="", encoding="utf-8-sig") as f:
        return [
            (row["text"], int(row["label_bias"] == "Biased"))
            for row in csv.DictReader(f, delimiter=";")
            if row["label_bias"] in ("Biased", "Non-biased")
        ]


def ptc_sentences(root: Path) -> list[tuple[str, set[str]]]:
    """PTC news sentences (one per line of each training article) with the propaganda techniques in them."""
    base = root / "ptc-semeval2020-task11-propaganda/datasets"
    out = []
    for article in sorted((base / "train-articles").glob("article*.txt")):
        article_id = article.stem.removeprefix("article")
        labels = base / "train-labels-task2-technique-classification" / f"article{article_id}.task2-TC.labels"
        spans = []
        if labels.exists():
            for line in labels.read_text(encoding="utf-8").splitlines():
                _, technique, start, end = line.split("\t")
                spans.append((technique, int(start), int(end)))
        text = article.read_text(encoding="utf-8")
        offset = 0
        for line in text.split("\n"):
            start, end = offset, offset + len(line)
            offset = end + 1
            if len(line.split()) >= 4:
                out.append((line, {t for t, a, b in spans if a < end and b > start}))
    return out
