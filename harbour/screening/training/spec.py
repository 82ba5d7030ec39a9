"""What a model script asks linear.build for."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Spec:
    name: str  # model name shown in reasons, e.g. "abuse-v1"
    label: str  # which Example label it predicts
    file: str  # file name under detectors/models/
    description: str
    c_values: tuple[float, ...] = (0.5, 2.0, 8.0)
    class_weight: str | None = None
    # A validation set counts towards the threshold with at least this many positives and negatives.
    min_class: int = 20
