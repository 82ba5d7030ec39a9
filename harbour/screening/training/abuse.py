"""Rebuild detectors/models/abuse.npz: abusive or offensive language, on the union of the trainable sets."""

from __future__ import annotations

from harbour.screening.training.data import TRAINABLE, load
from harbour.screening.training.linear import Spec, build

SPEC = Spec(
    name="abuse-v1",
    label="abuse",
    file="abuse.npz",
    description="Abusive or offensive language (insults, slurs, abusive swearing).",
)


def main(datasets, log=print) -> dict:
    return build(SPEC, load(datasets, TRAINABLE), log=log)
