"""Rebuild detectors/models/hate.npz: hate towards a group (TweetEval/HatEval hate, Davidson's hate class,
ConvAbuse's identity-based abuse, the cyberbullying set's ethnicity and religion classes as weak positives)."""

from __future__ import annotations

from harbour.screening.training.data import TRAINABLE, load
from harbour.screening.training.quality import evaluate_model
from harbour.screening.training.spec import Spec

SPEC = Spec(
    name="hate-v1",
    label="hate",
    file="hate.npz",
    description="Hate speech: abuse aimed at people for their race, religion, sex, sexuality or disability.",
)


def main(datasets, log=print) -> dict:
    from harbour.screening.training.linear import build  # scikit-learn: only when training

    return build(SPEC, load(datasets, TRAINABLE), log=log)


def evaluate(datasets) -> dict:
    """Precision, recall and F1 per set of the shipped model (for `make bench`)."""
    return evaluate_model(SPEC.file, SPEC.label, datasets)
