"""Per-set quality of a shipped model file, without scikit-learn (the bench calls this through each
training script's evaluate()). Trainable sets are scored on their validation and test splits (the test
split was never used for fitting or for choosing thresholds); evaluation-only sets on every row."""

from __future__ import annotations

from pathlib import Path

from harbour.screening.detectors.classifier import MODELS, LinearModel
from harbour.screening.training import data
from harbour.screening.training.prepare import screen_tokens


def prf(y: list[int], pred: list[int]) -> dict:
    tp = sum(1 for a, b in zip(y, pred) if a and b)
    fp = sum(1 for a, b in zip(y, pred) if b and not a)
    fn = sum(1 for a, b in zip(y, pred) if a and not b)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f, 3),
        "n": len(y),
        "positives": sum(y),
    }


def evaluate_model(model_file: str, label: str, datasets_path, *, readers: dict | None = None) -> dict:
    """{set: {split: P/R/F1}} for one model at its shipped threshold."""
    root = Path(datasets_path)
    model = LinearModel(MODELS / model_file)
    readers = readers or {**data.TRAINABLE, **data.EVALUATION_ONLY}
    out: dict = {"model": model.name, "threshold": model.threshold}
    for name, reader in readers.items():
        if name == "sdcnl":
            continue
        rows = [ex for ex in reader(root) if label in ex.labels]
        if name in data.ORDINARY_SOURCES:
            test = [ex for ex in rows if data.split_of(ex.source, ex.group) == "test"]
            flagged = sum(model.score(screen_tokens(ex.text)) >= model.threshold for ex in test)
            out[name] = {"test": {"flagged": round(flagged / len(test), 4), "n": len(test)}}
            continue
        if name == data.HARD_NEGATIVE_SOURCE:  # all negative: the share flagged, on the rows not trained on
            held = [ex for ex in rows if data.split_of(ex.source, ex.group) in ("validation", "test")]
            flagged = sum(model.score(screen_tokens(ex.text)) >= model.threshold for ex in held)
            out[name] = {"validation and test": {"flagged": round(flagged / len(held), 4), "n": len(held)}}
            continue
        if not rows or not any(ex.labels[label] for ex in rows):
            continue
        if name in data.TRAINABLE:
            parts = {
                s: [ex for ex in rows if data.split_of(ex.source, ex.group) == s]
                for s in ("validation", "test")
            }
        else:
            parts = {
                "all but the kept part (never trained on)": [
                    ex for ex in rows if data.split_of(ex.source, ex.group) != "kept"
                ]
            }
        out[name] = {}
        for split, chosen in parts.items():
            y = [ex.labels[label] for ex in chosen]
            pred = [int(model.score(screen_tokens(ex.text)) >= model.threshold) for ex in chosen]
            out[name][split] = prf(y, pred)
    return out
