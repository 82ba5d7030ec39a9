"""Fit one linear model on hashed n-grams, pick its thresholds on the validation split, write the model file.

Uses scikit-learn (the `train` dependency group); the shipped detectors never do. Thresholds and the
regularisation strength are chosen on the validation split only; the test split is left for quality.py.
The threshold maximises the mean F1 over the validation sets (those with 20+ positives and negatives), each
set's F1 taken at a reference prevalence of 20% positives, among the thresholds that flag at most 1% of
the ordinary sentences (CEFR-SP Wikipedia) in the validation split. Near its top that curve is flat, and
so is the choice of C: of all (C, threshold) pairs within F1_TOLERANCE of the best macro-F1, the one that
flags the fewest messages (at the reference prevalence, averaged over the sets) is taken, since every extra
flag costs a reviewer and, in the full screen, adds to the other detectors' false alarms.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from harbour.screening.detectors.classifier import BITS, FEATURES, FEATURISER, MODELS, LinearModel
from harbour.screening.training.data import NEUTRAL_SOURCE, Example, split_of
from harbour.screening.training.prepare import screen_tokens
from harbour.screening.training.spec import Spec

MAX_NEUTRAL_FLAGS = 0.01  # a threshold may flag at most 1% of ordinary sentences in the validation split
REFERENCE_PREVALENCE = 0.2  # F1 and precision are judged as if one comment in five were in the class
F1_TOLERANCE = 0.01  # validation macro-F1 differences smaller than this are noise (a few dozen rows per set)


def matrix(rows_tokens: list[list[str]]) -> sparse.csr_matrix:
    """The training matrix, built through the same featuriser and weighting the detectors use."""
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for words in rows_tokens:
        row = FEATURES.indices(words)
        indices.extend(row)
        data.extend([len(row) ** -0.5] * len(row) if row else [])
        indptr.append(len(indices))
    m = sparse.csr_matrix(
        (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
        shape=(len(rows_tokens), 1 << BITS),
    )
    m.sum_duplicates()
    return m


def prevalence_f1(y: list[int], pred: list[int], prevalence: float) -> tuple[float, float]:
    """(F1, precision) as if positives made up `prevalence` of the rows, from this set's recall and
    false-positive rate. The sets here run from 3% to 94% positive; a threshold tuned on raw F1 follows
    the positive-heavy ones and over-flags a real stream, where most comments are fine."""
    pos = sum(y)
    neg = len(y) - pos
    tpr = sum(1 for a, b in zip(y, pred) if a and b) / pos
    fpr = sum(1 for a, b in zip(y, pred) if b and not a) / neg
    tp, fp, fn = prevalence * tpr, (1 - prevalence) * fpr, prevalence * (1 - tpr)
    return (2 * tp / (2 * tp + fp + fn) if tp else 0.0), (tp / (tp + fp) if tp else 0.0)


def by_set(
    scores: list[float], rows: list[Example], label: str, min_class: int = 20
) -> dict[str, tuple[list[int], list[float]]]:
    """Validation labels and scores per set, for the sets with at least min_class positives and negatives."""
    out: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
    for s, ex in zip(scores, rows):
        out[ex.source][0].append(ex.labels[label])
        out[ex.source][1].append(s)
    return {k: v for k, v in out.items() if min_class <= sum(v[0]) <= len(v[0]) - min_class}


def flag_rate(sets: dict, threshold: float) -> float:
    """Share of messages flagged at the reference prevalence, averaged over the sets: a reviewer's load."""
    rates = []
    for y, scores in sets.values():
        pos = sum(y)
        tpr = sum(1 for a, s in zip(y, scores) if a and s >= threshold) / pos
        fpr = sum(1 for a, s in zip(y, scores) if not a and s >= threshold) / (len(y) - pos)
        rates.append(REFERENCE_PREVALENCE * tpr + (1 - REFERENCE_PREVALENCE) * fpr)
    return sum(rates) / len(rates) if rates else 0.0


def macro_f1(sets: dict, threshold: float) -> float:
    f1s = [
        prevalence_f1(y, [int(s >= threshold) for s in scores], REFERENCE_PREVALENCE)[0]
        for y, scores in sets.values()
    ]
    return sum(f1s) / len(f1s) if f1s else 0.0


def _write(path: Path, weights: np.ndarray, meta: dict) -> None:
    np.savez_compressed(
        path, weights=weights.astype(np.float16), meta=np.array(json.dumps(meta, sort_keys=True))
    )


def build(spec: Spec, examples: list[Example], out_dir: Path = MODELS, log=print) -> dict:
    """Train, choose C and thresholds on validation, write out_dir/spec.file; return the training summary."""
    rows = [ex for ex in examples if spec.label in ex.labels]
    for ex in rows:
        ex.extra.setdefault("tokens", screen_tokens(ex.text))
    train = [ex for ex in rows if split_of(ex.source, ex.group) == "train"]
    valid = [ex for ex in rows if split_of(ex.source, ex.group) == "validation"]
    t0 = time.perf_counter()
    x = matrix([ex.extra["tokens"] for ex in train])
    y = np.array([ex.labels[spec.label] for ex in train])
    w = np.array([ex.weight_for(spec.label) for ex in train])
    log(
        f"{spec.name}: {len(train)} training rows ({int(y.sum())} positive), {len(valid)} validation rows, "
        f"matrix {time.perf_counter() - t0:.1f}s"
    )

    candidates = []  # (macro-F1, flag rate, C, threshold, classifier, scores)
    with tempfile.TemporaryDirectory() as tmp:
        for c in spec.c_values:
            clf = LogisticRegression(C=c, solver="liblinear", class_weight=spec.class_weight, max_iter=200)
            clf.fit(x, y, sample_weight=w)
            meta = _meta(spec, clf, c, threshold=0.5, high=2.0, rows=rows)
            path = Path(tmp) / spec.file
            _write(path, clf.coef_[0], meta)
            model = LinearModel(path)
            scores = [model.score(ex.extra["tokens"]) for ex in valid]
            neutral = [s for s, ex in zip(scores, valid) if ex.source == NEUTRAL_SOURCE]
            allowed = [
                t
                for t in np.arange(0.05, 0.96, 0.01)
                if sum(s >= t for s in neutral) <= MAX_NEUTRAL_FLAGS * len(neutral)
            ]
            sets = by_set(scores, valid, spec.label, spec.min_class)
            curve = [(macro_f1(sets, t), flag_rate(sets, t), c, float(t), clf, scores) for t in allowed]
            top = max(curve, key=lambda row: row[0])
            log(
                f"  C={c}: best validation macro-F1 {top[0]:.3f} at threshold {top[3]:.2f}, flagging {top[1]:.3f}"
            )
            candidates += curve

    best_f1 = max(row[0] for row in candidates)
    f1, flags, c, threshold, clf, scores = min(
        (row for row in candidates if row[0] >= best_f1 - F1_TOLERANCE), key=lambda row: (row[1], -row[0])
    )
    log(
        f"  chosen: C={c}, threshold {threshold:.2f}, macro-F1 {f1:.3f} (best {best_f1:.3f}), flagging {flags:.3f}"
    )
    high = _high_threshold(by_set(scores, valid, spec.label, spec.min_class), threshold)
    meta = _meta(spec, clf, c, threshold=round(threshold, 2), high=high, rows=rows)
    meta["validation_macro_f1"] = round(f1, 4)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write(out_dir / spec.file, clf.coef_[0], meta)
    log(
        f"  wrote {out_dir / spec.file} (C={c}, threshold {threshold:.2f}, high {high:.2f}), "
        f"{(out_dir / spec.file).stat().st_size // 1024} KiB"
    )
    return meta


def _high_threshold(sets: dict, threshold: float) -> float:
    """Lowest score from which every validation set's precision, at the reference prevalence, is at least
    0.9 (2.0, i.e. never, if there is none): the score that earns a finding one more level of severity."""
    for t in np.arange(max(threshold, 0.5), 0.99, 0.01):
        precisions = [
            prevalence_f1(y, [int(s >= t) for s in scores], REFERENCE_PREVALENCE)[1]
            for y, scores in sets.values()
        ]
        if precisions and min(precisions) >= 0.9:
            return round(float(t), 2)
    return 2.0


def _meta(
    spec: Spec, clf: LogisticRegression, c: float, *, threshold: float, high: float, rows: list[Example]
) -> dict:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for ex in rows:
        if split_of(ex.source, ex.group) == "train":
            counts[ex.source][ex.labels[spec.label]] += 1
    return {
        "name": spec.name,
        "label": spec.label,
        "description": spec.description,
        "featuriser": FEATURISER,
        "bits": BITS,
        "bias": float(clf.intercept_[0]),
        "threshold": threshold,
        "high": high,
        "C": c,
        "trained_on": {k: {"negative": v[0], "positive": v[1]} for k, v in sorted(counts.items())},
    }
