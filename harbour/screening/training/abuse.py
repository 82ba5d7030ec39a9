"""Rebuild detectors/models/abuse.npz: abusive or offensive language, on the union of the trainable sets."""

from __future__ import annotations

from harbour.screening.training.data import TRAINABLE, load
from harbour.screening.training.quality import evaluate_model
from harbour.screening.training.spec import Spec

SPEC = Spec(
    name="abuse-v1",
    label="abuse",
    file="abuse.npz",
    description="Abusive or offensive language (insults, slurs, abusive swearing).",
)


def main(datasets, log=print) -> dict:
    from harbour.screening.training.linear import build  # scikit-learn: only when training

    return build(SPEC, load(datasets, TRAINABLE), log=log)


def evaluate(datasets) -> dict:
    """Precision, recall and F1 per set of the shipped model (for `make bench`)."""
    return evaluate_model(SPEC.file, SPEC.label, datasets)
