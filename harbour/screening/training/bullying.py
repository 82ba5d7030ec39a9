"""Rebuild detectors/models/bullying.npz: bullying and targeted personal insults (cyberbullying tweets as
weak data; OLID's insults aimed at an individual against its inoffensive tweets). Formspring and Impermium
are evaluation only and never used here."""

from __future__ import annotations

from harbour.screening.training.data import TRAINABLE, load
from harbour.screening.training.linear import Spec, build

SPEC = Spec(
    name="bullying-v1",
    label="bullying",
    file="bullying.npz",
    description="Bullying: insults and put-downs aimed at one person.",
)


def main(datasets, log=print) -> dict:
    return build(SPEC, load(datasets, TRAINABLE), log=log)
