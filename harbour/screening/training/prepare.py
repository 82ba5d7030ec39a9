"""What a detector sees of a raw training text: the words of the engine's normalised form."""

from __future__ import annotations

from harbour.screening.detectors.classifier import tokens
from harbour.screening.normalise import Document


def screen_tokens(raw: str) -> list[str]:
    return tokens(Document(raw))
