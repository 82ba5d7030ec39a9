"""Screening text that Harbour stores: the one entry point, and the fields a screened row keeps.

Every text Harbour keeps and screens (an incoming item now; a draft reply and a consultation answer
next) goes through `screen_stored`, which screens it with its context and never loses it to a detector
bug, and keeps the result in a model built on `ScreenedText`. The engine itself (`harbour.screening`)
imports no Django; this is its Django side.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import models

from harbour.screening import screen
from harbour.screening.verdict import Action, Context, Direction

logger = logging.getLogger(__name__)

CATEGORY_LENGTH = 40


class ScreeningAction(models.TextChoices):
    ALLOW = Action.ALLOW.value, "Allow"
    REVIEW = Action.REVIEW.value, "Review"
    HIDE = Action.HIDE.value, "Hide"
    ESCALATE = Action.ESCALATE.value, "Escalate"


def categories_of(verdict) -> list[str]:
    """The categories of a stored verdict's findings, each once, in the order found."""
    findings = verdict.get("findings") if isinstance(verdict, dict) else None
    found = [f.get("category") for f in findings if isinstance(f, dict)] if isinstance(findings, list) else []
    return list(dict.fromkeys(c for c in found if isinstance(c, str) and 0 < len(c) <= CATEGORY_LENGTH))


@dataclass(frozen=True)
class Screened:
    """What screening a stored text gave: the verdict as stored, its severity and action, and the
    author's running state after it (None when the text had no author, or screening failed)."""

    verdict: dict
    severity: int
    action: ScreeningAction
    author_state: dict | None

    @property
    def categories(self) -> list[str]:
        return categories_of(self.verdict)


def screen_stored(
    text: str,
    *,
    direction: Direction,
    channel=None,
    author: str | None = None,
    thread: str | None = None,
    author_state: dict | None = None,
    parent_text: str | None = None,
    about: str = "a text",
) -> Screened:
    """Screen a text Harbour is about to store, in its context: which way it goes, the channel, the
    author (an opaque id, whose running state `author_state` is), the thread, and the text of the item it
    replies to where Harbour holds it (`parent_text`: a laughing reply under bullying joins in). A screening failure
    never loses the text: it is kept for a person to review, with the error named, and the author's
    state is left as it was. `about` names the text in the log, never its content."""
    context = Context(
        direction=direction,
        channel=None if channel is None else str(channel.pk),
        author=author,
        thread=thread,
        author_state=author_state,
        parent_text=parent_text,
        second_stage=settings.HARBOUR_SCREENING_SECOND_STAGE,
    )
    try:
        verdict = screen(text, context)
    except Exception as exc:  # a detector bug must not drop a child's message
        logger.exception("Screening failed for %s", about)
        return Screened(
            {"error": f"Screening failed: {type(exc).__name__}"}, 0, ScreeningAction.REVIEW, author_state
        )
    return Screened(
        verdict.to_dict(), int(verdict.severity), ScreeningAction(str(verdict.action)), verdict.author_state
    )


def screen_unsaved(text: str, *, direction: Direction, reading_age_target: int | None = None):
    """Screen a text that is checked but not stored (a post as its author types it, for the check panel):
    the fast path, so the panel keeps up with typing; the stored version is screened by screen_stored when it
    is submitted. Returns the engine's Verdict; a detector failure is raised, for the caller to refuse."""
    context = Context(direction=direction, reading_age_target=reading_age_target, second_stage=False)
    return screen(text, context)


def warm_up() -> None:
    """Build the screening engine now (its models and word lists, about 1.5 s), as a web server starts."""
    from harbour.screening.engine import default_engine

    default_engine()


class ScreenedText(models.Model):
    """The screening result a stored text keeps beside it. `store` writes it from `screen_stored`."""

    verdict = models.JSONField(default=dict, blank=True)
    severity = models.PositiveSmallIntegerField(default=0)
    action = models.CharField(max_length=12, choices=ScreeningAction.choices, default=ScreeningAction.ALLOW)

    class Meta:
        abstract = True

    def store(self, screened: Screened) -> None:
        self.verdict, self.severity, self.action = screened.verdict, screened.severity, screened.action

    @property
    def findings(self) -> list:
        findings = self.verdict.get("findings") if isinstance(self.verdict, dict) else None
        return findings if isinstance(findings, list) else []

    @property
    def screening_error(self) -> str:
        return self.verdict.get("error", "") if isinstance(self.verdict, dict) else ""
