"""The text a detector sees for a raw training text: the engine's normalised form (Document.text)."""

from __future__ import annotations

from harbour.screening.normalise import Document


def screen_text(raw: str) -> str:
    return Document(raw).text
