"""Deleting a consultation's answers on the day its privacy notice promised (`answers_kept_until`).

The notice tells young people "We delete the answers on <date>" (public_privacy.html), so the nightly job
(`tasks.delete_answers_due`, in the scheduler's PERIODIC) does it, with nobody asked: a promise to a child is
not held up for a review. A consultation still open on that day is closed first. What goes, for good:

- every response, with its answers and written answers (rows deleted);
- every board post (rows deleted); a report about a post keeps its record without the post;
- the words of the inbox items made from the consultation (flagged written answers, board posts, complaints
  that went through ingest) and their screening, replaced by a line that says why; the items stay, since
  moderation's history of them is append-only (harbour/moderation/triggers.py);
- the words and the reporter's token hash of every report, problem and appeal; what kind it was, the
  reason chosen, the decision and who made it stay, as the record of how the organisation handled it.

What stays: the consultation, its questions, the "you said, we did" page, and the audit log. A concern raised
from an answer keeps its own evidence snapshot under the safeguarding retention rule
(harbour/safeguarding/retention.py); the privacy notice says a trained person may keep a record to keep
someone safe. Audited as consultation.answers_deleted (counts only).
"""

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateformat import format as date_format

from harbour.audit.services import record
from harbour.consultation.models import (
    BoardPost,
    Complaint,
    Consultation,
    Response,
    State,
    WrittenAnswer,
)
from harbour.inbox.models import Item


def deleted_words(consultation: Consultation) -> str:
    """What an inbox item of the consultation says once its words are gone."""
    kept = date_format(consultation.answers_kept_until, "j F Y")
    return f"(Deleted: this consultation's answers were kept until {kept}, as its privacy notice said.)"


def due(today: datetime.date | None = None):
    """Consultations whose answers are due for deletion and not yet deleted; and any deleted one that still
    has a response or a post (one whose sending had begun as the consultation closed, on PostgreSQL, where
    answering does not wait for the deletion's lock): the next night's run takes it too."""
    today = today or timezone.localdate()
    return (
        Consultation.objects.filter(answers_kept_until__lte=today)
        .exclude(state=State.DRAFT)
        .filter(Q(answers_deleted_at__isnull=True) | Q(responses__isnull=False) | Q(posts__isnull=False))
        .distinct()
    )


@transaction.atomic(durable=True)
def delete_answers(consultation: Consultation, *, now=None) -> dict[str, int] | None:
    """Delete the consultation's answers, posts and the words of its complaints (the module's docstring);
    the counts, or None when it is not due or already done."""
    now = now or timezone.now()
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    kept_until = consultation.answers_kept_until
    responses = Response.objects.filter(consultation=consultation)
    posts = BoardPost.objects.filter(consultation=consultation)
    left = responses.exists() or posts.exists()
    if (
        (consultation.answers_deleted_at is not None and not left)
        or consultation.state == State.DRAFT
        or kept_until is None
        or kept_until > timezone.localdate(now)
    ):
        return None
    closed = consultation.state == State.OPEN
    if closed:
        consultation.state, consultation.closed_at = State.CLOSED, now
    items = Item.objects.filter(
        Q(pk__in=WrittenAnswer.objects.filter(response__consultation=consultation).values("item_id"))
        | Q(pk__in=posts.values("item_id"))
        | Q(channel_id=consultation.channel_id, platform_id__startswith=f"complaint-{consultation.pk}-")
    )
    words = items.update(text=deleted_words(consultation), verdict={}, version=F("version") + 1)
    complaints = Complaint.objects.filter(consultation=consultation).update(
        text="", verdict={}, reporter_hash="", post=None
    )
    counts = {
        "responses": responses.count(),
        "posts": posts.count(),
        "items": words,
        "complaints": complaints,
    }
    posts.delete()
    responses.delete()  # their answers and written answers with them
    consultation.answers_deleted_at = now
    consultation.save(update_fields=["state", "closed_at", "answers_deleted_at"])
    record(
        "consultation.answers_deleted",
        organisation=consultation.organisation,
        obj=consultation,
        detail={**counts, "closed": closed},
    )
    return counts


def delete_answers_due(today: datetime.date | None = None) -> int:
    """Delete the answers of every consultation due; how many consultations."""
    return sum(delete_answers(consultation) is not None for consultation in due(today).order_by("pk"))
