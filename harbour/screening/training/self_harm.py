"""Self-harm has no trained model: the only labelled set here (SDCNL, Reddit r/SuicideWatch vs r/depression)
is for evaluation and research only. Screening relies on the self-harm lexicon (detectors/lexicons/
self_harm.txt) and, as a second stage, on prototype sentences written for Harbour (detectors/distress.py,
data/distress.txt). This script measures both on SDCNL's development rows, and measures the distress
detectors' gates and false alarms on ordinary text, for the model card and the bench.

Nothing here trains. SDCNL's development rows chose nothing but the second stage's similarity floor and
margin (docs/model-card.md says so); the prototypes were written from the kinds, not from SDCNL.

    python -m harbour.screening.training.self_harm [--datasets PATH] [--sample N]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np

from harbour.screening.detectors.distress import Exclusion, SelfHarmMeaning
from harbour.screening.detectors.lexicon import SelfHarm
from harbour.screening.normalise import Document
from harbour.screening.training import data
from harbour.screening.training.embeddings import embed
from harbour.screening.training.quality import prf
from harbour.screening.verdict import Context


def _meaning_severities(docs: list[Document], detector: SelfHarmMeaning) -> tuple[list[int], float]:
    """The second stage's severity for each document (0 where its gate stops it), and the share gated in."""
    units = [detector.units(doc) for doc in docs]
    texts = list(dict.fromkeys(text for us in units for text, _ in us))
    vectors = dict(zip(texts, embed(texts), strict=True)) if texts else {}
    out = []
    for us in units:
        found = detector.judge(us, np.stack([vectors[t] for t, _ in us])) if us else []
        out.append(max((f.severity for f in found), default=0))
    return out, (sum(bool(us) for us in units) / len(units) if units else 0.0)


def sdcnl(datasets: Path, *, kept: bool = False) -> dict:
    """P/R/F1 for "posted in r/SuicideWatch", lexicon alone and with the second stage, at severity >= 1, 2, 3.

    Both subreddits are people in distress, so a "false positive" here is often a depressed poster who
    also writes about wanting to die: read the recall, and the flag rate on r/depression, with that in mind.
    """
    if kept:
        data.require_kept_run()
    rows = [ex for ex in data.sdcnl(Path(datasets)) if (data.split_of(ex.source, ex.group) == "kept") == kept]
    y = [ex.labels["self_harm"] for ex in rows]
    docs = [Document(ex.text) for ex in rows]
    lexicon = SelfHarm()
    lexical = [max((f.severity for f in lexicon.detect(d, Context())), default=0) for d in docs]
    meaning, gated = _meaning_severities(docs, SelfHarmMeaning())
    out: dict = {"rows": "kept" if kept else "development (every row not kept)", "gated_in": round(gated, 3)}
    for name, severities in (("lexicon", lexical), ("lexicon + meaning", list(map(max, lexical, meaning)))):
        for floor in (1, 2, 3):
            pred = [int(s >= floor) for s in severities]
            stats = prf(y, pred)
            negatives = [p for p, t in zip(pred, y, strict=True) if not t]
            stats["flagged_on_depression_posts"] = (
                round(sum(negatives) / len(negatives), 3) if negatives else 0.0
            )
            out[f"{name}, severity >= {floor}"] = stats
    return out


def ordinary(datasets: Path, *, sample: int | None = None) -> dict:
    """On ordinary text (bench/ordinary.py's synthetic support and youth-service messages and Formspring's
    development rows; OLID's development rows not marked offensive): the share each distress detector's gate
    lets through to the encoder, and the share it flags."""
    from bench.ordinary import texts as ordinary_texts

    sets = {
        "ordinary (bench/ordinary.py)": ordinary_texts(datasets),
        "olid, not offensive, validation": [
            ex.text
            for ex in data.olid(Path(datasets))
            if ex.labels["abuse"] == 0 and data.split_of(ex.source, ex.group) == "validation"
        ],
    }
    self_harm, exclusion = SelfHarmMeaning(), Exclusion()
    out = {}
    for name, texts in sets.items():
        if sample and len(texts) > sample:
            texts = random.Random(19).sample(texts, sample)
        docs = [Document(t) for t in texts]
        meaning, gated = _meaning_severities(docs, self_harm)
        woken = [d for d in docs if exclusion.gate(d)]
        vectors = embed([d.text for d in woken]) if woken else []
        excluded = sum(bool(exclusion.judge(d, v)) for d, v in zip(woken, vectors, strict=True))
        out[name] = {
            "messages": len(docs),
            "self_harm_meaning gated in": round(gated, 4),
            "self_harm_meaning flagged": round(sum(s > 0 for s in meaning) / len(docs), 4),
            "exclusion gated in": round(len(woken) / len(docs), 4),
            "exclusion flagged": round(excluded / len(docs), 4),
        }
    return out


def evaluate(datasets, *, kept: bool = False, sample: int | None = None) -> dict:
    out = {"sdcnl": sdcnl(Path(datasets), kept=kept)}
    if not kept:
        out["ordinary text"] = ordinary(Path(datasets), sample=sample)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datasets")
    parser.add_argument("--sample", type=int, help="at most this many ordinary messages per set")
    args = parser.parse_args(argv)
    print(json.dumps(evaluate(data.datasets_path(args.datasets), sample=args.sample), indent=2))


if __name__ == "__main__":
    main()
