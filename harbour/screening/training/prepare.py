"""The text a detector sees for a raw training text: the engine's normalised form (Document.text)."""

from __future__ import annotations


def screen_text(raw: str) -> str:
    return raw
