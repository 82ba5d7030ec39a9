"""'You said, we did': what a closed consultation heard and what the organisation is doing about it, written
by a manager or author and published back to the young people at /c/<code>/feedback/ (and linked from the
closed consultation's page), with the headline results in plain words, suppressed like every figure.

    publish_feedback(consultation, text, *, by)     # audited; publishing again replaces the text
    headlines(results)                                # plain sentences from results_of's figures
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from harbour.accounts.access import NotAllowed, require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.audit.services import record
from harbour.connectors.base import safe_text
from harbour.consultation.models import Consultation, QuestionKind, State
from harbour.consultation.suppression import SECONDARY

TEXT_LIMIT = 5_000
REFUSAL = "Only a manager or an author can publish \u201cyou said, we did\u201d."


@transaction.atomic(durable=True)
def publish_feedback(consultation: Consultation, text: str, *, by: Membership) -> Consultation:
    """Publish (or replace) the consultation's "you said, we did". Only once it is closed: while it is open
    young people are still answering, and what it heard is not known yet."""
    require(by, Capability.MANAGE_CONSULTATIONS, consultation.organisation_id, REFUSAL)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state != State.CLOSED:
        raise NotAllowed(
            "Close the consultation first: \u201cyou said, we did\u201d is for when the answers are in."
        )
    text = safe_text(text or "").strip()
    if not text:
        raise NotAllowed("Write what young people said and what you are doing about it.")
    if len(text) > TEXT_LIMIT:
        raise NotAllowed(f"Keep it to {TEXT_LIMIT:,} characters or fewer: young people read it on a phone.")
    again = consultation.feedback_published_at is not None
    consultation.you_said_we_did = text
    consultation.feedback_published_at = timezone.now()
    consultation.save(update_fields=["you_said_we_did", "feedback_published_at"])
    record(
        "consultation.feedback_published",
        by=by.user,
        obj=consultation,
        detail={"changed": again, "kind": consultation.kind},
    )
    return consultation


def _count(n: int) -> str:
    return f"{n:,} {'person' if n == 1 else 'people'}"


def headlines(results) -> list[str]:
    """A sentence per question with figures, from results_of's (already suppressed) figures only: the answer
    most chosen where no figure that could be bigger is hidden, otherwise the biggest figure shown."""
    if not results.enough:
        return []
    sentences = []
    for question in results.questions:
        if question.kind == QuestionKind.FREE_TEXT or not question.rows:
            continue
        shown = [row for row in question.rows if row.cell.count]
        if not shown:
            continue
        top = max(shown, key=lambda row: row.cell.count)
        out_of = question.respondents.count
        of = f" of {out_of:,}" if out_of else ""
        asked = f"\u201c{question.text}\u201d"
        could_be_bigger = any(row.cell.state == SECONDARY for row in question.rows)
        if question.kind == QuestionKind.RANKING:
            sentences.append(f"{asked}: {top.cell.count:,}{of} put \u201c{top.label}\u201d first.")
        elif question.kind == QuestionKind.STATEMENT:
            parts = [
                f"{row.cell.count:,} {row.label.lower()}d"
                for row in question.rows
                if row.cell.count and row.label != "Pass"
            ]
            if parts:
                sentences.append(
                    f"{asked}: {', '.join(parts)}{' out of ' + _count(out_of) if out_of else ''}."
                )
        elif question.kind == QuestionKind.SCALE and question.median is not None:
            sentences.append(
                f"{asked}: on a scale of 1 to {question.question.scale_points}, the middle answer was {question.median:g}."
            )
        elif not could_be_bigger:
            sentences.append(
                f"{asked}: the answer chosen most was \u201c{top.label}\u201d ({top.cell.count:,}{of})."
            )
        else:
            sentences.append(f"{asked}: {top.cell.count:,}{of} chose \u201c{top.label}\u201d.")
    return sentences


def is_published(consultation: Consultation) -> bool:
    return consultation.state == State.CLOSED and consultation.feedback_published_at is not None
