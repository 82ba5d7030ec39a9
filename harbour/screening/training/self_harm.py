"""Self-harm has no shipped model: the only labelled set here (SDCNL, Reddit r/SuicideWatch vs r/depression)
is for evaluation and research only. Screening relies on the self-harm lexicon (detectors/lexicons/
self_harm.txt). This script only measures that lexicon detector on SDCNL, for the model card and the bench.

    python -m harbour.screening.training.self_harm [--datasets PATH]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from harbour.screening.detectors.lexicon import SelfHarm
from harbour.screening.normalise import Document
from harbour.screening.training import data
from harbour.screening.training.quality import prf
from harbour.screening.verdict import Context


def evaluate(datasets) -> dict:
    """The lexicon's P/R/F1 for "posted in r/SuicideWatch" (severity >= 1 and >= 3) on SDCNL, less its kept part.

    Both subreddits are people in distress, so a "false positive" here is often a depressed poster who
    also writes about wanting to die: read the recall, and the flag rate on r/depression, with that in mind.
    """
    detector = SelfHarm()
    rows = [ex for ex in data.sdcnl(Path(datasets)) if data.split_of(ex.source, ex.group) != "kept"]
    y = [ex.labels["self_harm"] for ex in rows]
    severities = []
    for ex in rows:
        found = detector.detect(Document(ex.text), Context())
        severities.append(max((f.severity for f in found), default=0))
    out = {"detector": "self_harm lexicon (no model trained)"}
    for floor in (1, 3):
        pred = [int(s >= floor) for s in severities]
        stats = prf(y, pred)
        negatives = [p for p, t in zip(pred, y) if not t]
        stats["flagged_on_depression_posts"] = round(sum(negatives) / len(negatives), 3) if negatives else 0.0
        out[f"sdcnl, severity >= {floor}"] = stats
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datasets")
    args = parser.parse_args(argv)
    print(json.dumps(evaluate(data.datasets_path(args.datasets)), indent=2))


if __name__ == "__main__":
    main()
