"""Harbour's screening engine: plain Python, never imports Django.

from harbour.screening import screen, Context
verdict = screen("text", Context(direction="incoming", author="bsky:did:plc:abc"))
"""

from functools import cache
from typing import TYPE_CHECKING

from harbour.screening.needs_reply import needs_reply as needs_reply  # a question, complaint or concern
from harbour.screening.verdict import Action, Category, Context, Direction, Finding, Verdict

if TYPE_CHECKING:
    from harbour.screening.detectors.grooming import GroomingSummary

__all__ = [
    "Action",
    "Category",
    "Context",
    "Direction",
    "Finding",
    "Verdict",
    "grooming_summary",
    "plain_words",
    "reading_age",
    "screen",
]


def screen(text: str, context: Context | None = None, *, second_stage: bool = True) -> Verdict:
    """Screen one text with the default engine (built once, on first use). second_stage=False: the fast
    path alone, as Context(second_stage=False) or Engine(second_stage=False) give it."""
    from harbour.screening.engine import default_engine

    if not second_stage:
        from dataclasses import replace

        context = Context(second_stage=False) if context is None else replace(context, second_stage=False)
    return default_engine().screen(text, context)


def reading_age(text: str) -> float:
    """The reading age of a text Harbour writes (the readability detector's measure): the one way to
    measure it outside the engine, for saved replies now and drafts next."""
    from harbour.screening.detectors.readability import measure

    return measure(text).reading_age


@cache
def plain_words() -> dict[str, str]:
    """The readability detector's list of jargon and the plainer words to use ("indicate" -> "show"): the one
    list, for advice outside the engine (the consultation builder's warnings). Read once."""
    from harbour.screening.detectors.readability import load_plain_words

    return load_plain_words()


def grooming_summary(author_state: dict | None) -> "GroomingSummary | None":
    """The grooming tracker's summary of an author from their stored running state (what a Verdict's
    author_state was): the stages present now, strongest first, and the messages seen; None when no
    stage is present. The one way to read the tracker's state outside the engine."""
    from harbour.screening.detectors.grooming import summary

    return summary(author_state)
