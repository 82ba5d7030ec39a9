"""Rebuild detectors/models/bullying.npz: bullying and targeted personal insults (cyberbullying tweets as
weak data; OLID's insults aimed at an individual against its inoffensive tweets). Formspring and Impermium
are evaluation only and never used here."""

from __future__ import annotations

from harbour.screening.training.data import TRAINABLE, load
from harbour.screening.training.quality import evaluate_model
from harbour.screening.training.spec import Spec

SPEC = Spec(
    name="bullying-v1",
    label="bullying",
    file="bullying.npz",
    description="Bullying: insults and put-downs aimed at one person.",
)


def main(datasets, log=print) -> dict:
    from harbour.screening.training.linear import build  # scikit-learn: only when training

    return build(SPEC, load(datasets, TRAINABLE), log=log)


def evaluate(datasets) -> dict:
    """Precision, recall and F1 per set of the shipped model (for `make bench`)."""
    return evaluate_model(SPEC.file, SPEC.label, datasets)
