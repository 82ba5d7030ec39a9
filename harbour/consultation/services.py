"""Building consultations (the staff side): every change with its audit event in one durable transaction,
and the role checks inside (Capability.MANAGE_CONSULTATIONS: managers and authors).

A consultation is built as a draft: its details, then its questions and their choices. Publishing opens it
to young people and is refused while the builder's blocking warnings stand (wording.py); after that its
questions are fixed, so every answer was given to the same questions. Closing ends it for good: a closed
consultation is never opened again (a new one is made instead), so "you said, we did" speaks of one round.
"""

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from harbour.accounts.access import NotAllowed, require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership, Organisation
from harbour.audit.services import record
from harbour.channels.models import Channel, Status
from harbour.channels.platforms import HOSTED
from harbour.consultation import codes, wording
from harbour.consultation.models import (
    BoardPolicy,
    Choice,
    Consultation,
    Kind,
    LawfulBasis,
    Question,
    QuestionKind,
    State,
)
from harbour.lib.bidi import isolate

MAX_QUESTIONS = 40
MAX_CHOICES = 20
CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING})
POLL_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})

# What edit_details may change, and what may still change once young people are answering: the closing
# date and the board's policy (holding more is always allowed). The rest is what they were told.
DETAIL_FIELDS = (
    "title",
    "introduction",
    "purpose",
    "lawful_basis",
    "lawful_basis_note",
    "asks_age_band",
    "board_policy",
    "opens_at",
    "closes_at",
    "answers_kept_until",
)
WHILE_OPEN = frozenset({"closes_at", "board_policy"})
QUESTION_FIELDS = ("kind", "text", "hint", "required", "scale_points", "scale_low", "scale_high")

REFUSAL = "Only a manager or an author can build consultations."


class Blocked(NotAllowed):
    """Publishing refused: the blocking warnings, each a sentence (wording.Warning)."""

    def __init__(self, warnings):
        self.warnings = list(warnings)
        super().__init__("This consultation cannot be published until these are put right.")


def consultation_channels(organisation: Organisation):
    """The organisation's active channels on the consultation platform: where a consultation can live."""
    return Channel.objects.for_org(organisation).filter(platform__in=HOSTED, status=Status.ACTIVE)


def _require(by: Membership, consultation_or_org_id) -> None:
    org_id = getattr(consultation_or_org_id, "organisation_id", consultation_or_org_id)
    require(by, Capability.MANAGE_CONSULTATIONS, org_id, REFUSAL)


def _locked(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def _check_text(model, field: str, value: str, what: str) -> str:
    value = (value or "").strip()
    limit = model._meta.get_field(field).max_length
    if limit and len(value) > limit:
        raise NotAllowed(f"{what} must be {limit} characters or fewer.")
    return value


def _require_draft(consultation: Consultation) -> None:
    if consultation.state != State.DRAFT:
        raise NotAllowed(
            "The questions cannot change once the consultation is published: young people are answering them."
        )


@transaction.atomic(durable=True)
def create_consultation(
    organisation: Organisation, *, kind: str, title: str, channel: Channel, by: Membership
) -> Consultation:
    """A new draft consultation of `kind` on one of the organisation's active consultation channels."""
    _require(by, organisation.pk)
    if kind not in Kind.values:
        raise NotAllowed("Choose a poll, a survey or a discussion board.")
    title = _check_text(Consultation, "title", title, "The title")
    if not title:
        raise NotAllowed("Enter a title.")
    if channel.organisation_id != organisation.pk or not channel.platform_entry.hosted:
        raise NotAllowed("Choose one of your organisation's consultation channels.")
    if channel.status != Status.ACTIVE:
        raise NotAllowed(
            f"The channel {isolate(channel.name)} is not active yet, so it cannot run consultations."
        )
    consultation = Consultation.objects.create(
        organisation=organisation,
        channel=channel,
        kind=kind,
        title=title,
        code=codes.new_code(),
        lawful_basis=LawfulBasis.PUBLIC_TASK,
        board_policy=BoardPolicy.SHOW_UNFLAGGED,
        created_by=by,
    )
    record(
        "consultation.created",
        by=by.user,
        obj=consultation,
        detail={"kind": kind, "channel": channel.pk},
    )
    return consultation


@transaction.atomic(durable=True)
def edit_details(consultation: Consultation, values: dict, *, by: Membership) -> Consultation:
    """Change the details in `values` (keys from DETAIL_FIELDS). A draft may change anything; an open
    consultation only its closing date and board policy; a closed one nothing."""
    _require(by, consultation)
    consultation = _locked(consultation)
    unknown = set(values) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not a consultation detail: {sorted(unknown)}")
    changed = [
        name for name in DETAIL_FIELDS if name in values and getattr(consultation, name) != values[name]
    ]
    if consultation.state == State.CLOSED and changed:
        raise NotAllowed("A closed consultation cannot be changed.")
    if consultation.state == State.OPEN and set(changed) - WHILE_OPEN:
        raise NotAllowed(
            "While young people are answering, only the closing date and the board's policy can change: "
            "the rest is what they were told."
        )
    for name in changed:
        value = values[name]
        if isinstance(value, str):
            value = _check_text(
                Consultation, name, value, Consultation._meta.get_field(name).verbose_name.capitalize()
            )
        setattr(consultation, name, value)
    if "title" in changed and not consultation.title:
        raise NotAllowed("Enter a title.")
    if consultation.lawful_basis not in LawfulBasis.values:
        raise NotAllowed("Choose a lawful basis.")
    if consultation.board_policy not in BoardPolicy.values:
        raise NotAllowed("Choose how posts reach the board.")
    if consultation.opens_at and consultation.closes_at and consultation.closes_at <= consultation.opens_at:
        raise NotAllowed("The closing date must be after the opening date.")
    closes_at = consultation.closes_at
    if (
        consultation.state == State.OPEN
        and "closes_at" in changed
        and closes_at
        and closes_at <= timezone.now()
    ):
        raise NotAllowed("The closing date must be in the future. To close it now, use Close.")
    if changed:
        consultation.save(update_fields=changed)
        record("consultation.changed", by=by.user, obj=consultation, detail={"changed": changed})
    return consultation


def _clean_question(consultation: Consultation, values: dict, choices: list[str], *, current=None):
    """The question's values and choices, checked: a sentence for the author when something is wrong."""
    fields = {name: values[name] for name in QUESTION_FIELDS if name in values}
    kind = fields.get("kind", current.kind if current else None)
    if kind not in QuestionKind.values:
        raise NotAllowed("Choose what kind of question it is.")
    if consultation.kind == Kind.BOARD:
        raise NotAllowed(
            "A discussion board has no questions: its introduction says what young people are asked to post about."
        )
    if consultation.kind == Kind.POLL and kind not in POLL_KINDS:
        raise NotAllowed("A poll asks one question with choices: one choice or several choices.")
    for name in ("text", "hint", "scale_low", "scale_high"):
        if name in fields:
            label = {
                "text": "The question",
                "hint": "The hint",
                "scale_low": "The low end",
                "scale_high": "The high end",
            }[name]
            fields[name] = _check_text(Question, name, fields[name], label)
    if not fields.get("text", current.text if current else ""):
        raise NotAllowed("Enter the question.")
    cleaned = [c.strip() for c in choices if c and c.strip()]
    if kind in CHOICE_KINDS:
        if len(cleaned) < 2:
            raise NotAllowed("Give at least two choices, one on each line.")
        if len(cleaned) > MAX_CHOICES:
            raise NotAllowed(f"Give {MAX_CHOICES} choices or fewer.")
        for text in cleaned:
            _check_text(Choice, "text", text, "Each choice")
    else:
        cleaned = []
    if kind == QuestionKind.SCALE:
        points = fields.get("scale_points", current.scale_points if current else 5)
        if not isinstance(points, int) or not 2 <= points <= 10:
            raise NotAllowed("A scale runs from 1 to between 2 and 10.")
        low = fields.get("scale_low", current.scale_low if current else "")
        high = fields.get("scale_high", current.scale_high if current else "")
        if not low or not high:
            raise NotAllowed("Say what each end of the scale means, such as Not at all and Very much.")
    return fields, cleaned


def _set_choices(question: Question, choices: list[str]) -> None:
    question.choices.all().delete()
    Choice.objects.bulk_create(
        Choice(organisation_id=question.organisation_id, question=question, position=n, text=text)
        for n, text in enumerate(choices, start=1)
    )


@transaction.atomic(durable=True)
def add_question(consultation: Consultation, values: dict, choices=(), *, by: Membership) -> Question:
    """A question at the end of a draft survey or poll; `choices` (texts, in order) for SINGLE, MULTIPLE
    and RANKING. A poll has exactly one question."""
    _require(by, consultation)
    consultation = _locked(consultation)
    _require_draft(consultation)
    fields, cleaned = _clean_question(consultation, values, list(choices))
    existing = consultation.questions.count()
    if consultation.kind == Kind.POLL and existing:
        raise NotAllowed("A poll asks one question. Change that question, or make a survey instead.")
    if existing >= MAX_QUESTIONS:
        raise NotAllowed(f"A survey can have {MAX_QUESTIONS} questions at most: shorter is kinder.")
    last = consultation.questions.aggregate(last=Max("position"))["last"] or 0
    question = Question.objects.create(
        organisation_id=consultation.organisation_id, consultation=consultation, position=last + 1, **fields
    )
    _set_choices(question, cleaned)
    record(
        "consultation.question_added",
        by=by.user,
        obj=question,
        detail={"kind": question.kind, "to": question.position},
    )
    return question


@transaction.atomic(durable=True)
def edit_question(question: Question, values: dict, choices=(), *, by: Membership) -> Question:
    """Change a draft's question and replace its choices."""
    _require(by, question)
    consultation = _locked(question.consultation)
    _require_draft(consultation)
    question = Question.objects.select_for_update().get(pk=question.pk)
    fields, cleaned = _clean_question(consultation, values, list(choices), current=question)
    before = [c.text for c in question.choices.all()]
    changed = [name for name, value in fields.items() if getattr(question, name) != value]
    for name in changed:
        setattr(question, name, fields[name])
    if changed:
        question.save(update_fields=changed)
    if cleaned != before:
        _set_choices(question, cleaned)
        changed.append("choices")
    if changed:
        record("consultation.question_changed", by=by.user, obj=question, detail={"changed": changed})
    return question


@transaction.atomic(durable=True)
def move_question(question: Question, step: int, *, by: Membership) -> Question:
    """Move a draft's question up (step -1) or down (step 1) one place; at either end it stays."""
    _require(by, question)
    consultation = _locked(question.consultation)
    _require_draft(consultation)
    ordered = list(consultation.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    target = index + (1 if step > 0 else -1)
    if not 0 <= target < len(ordered):
        return ordered[index]
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, q in enumerate(ordered, start=1):
        if q.position != position:
            Question.objects.filter(pk=q.pk).update(position=position)
            q.position = position
    moved = ordered[target]
    record(
        "consultation.question_moved",
        by=by.user,
        obj=moved,
        detail={"from": index + 1, "to": target + 1},
    )
    return moved


@transaction.atomic(durable=True)
def remove_question(question: Question, *, by: Membership) -> None:
    """Take a question out of a draft; those after it move up."""
    _require(by, question)
    consultation = _locked(question.consultation)
    _require_draft(consultation)
    question = Question.objects.get(pk=question.pk)
    position = question.position
    record("consultation.question_removed", by=by.user, obj=question, detail={"from": position})
    question.delete()
    consultation.questions.filter(position__gt=position).update(position=F("position") - 1)


@transaction.atomic(durable=True)
def publish(consultation: Consultation, *, by: Membership) -> Consultation:
    """Open a draft to young people: refused (Blocked) while a blocking warning stands."""
    _require(by, consultation)
    consultation = _locked(consultation)
    if consultation.state != State.DRAFT:
        raise NotAllowed(
            "This consultation is already open."
            if consultation.state == State.OPEN
            else "A closed consultation stays closed."
        )
    found = wording.consultation_warnings(consultation)
    blocking = [w for w in found if w.blocking]
    if blocking:
        raise Blocked(blocking)
    consultation.state = State.OPEN
    consultation.published_by = by
    consultation.published_at = timezone.now()
    consultation.save(update_fields=["state", "published_by", "published_at"])
    record(
        "consultation.published",
        by=by.user,
        obj=consultation,
        detail={"kind": consultation.kind, "problems": len(found)},
    )
    return consultation


@transaction.atomic(durable=True)
def close(consultation: Consultation, *, by: Membership) -> Consultation:
    """Stop taking answers and posts, for good."""
    _require(by, consultation)
    consultation = _locked(consultation)
    if consultation.state != State.OPEN:
        raise NotAllowed(
            "Only an open consultation can be closed."
            if consultation.state == State.DRAFT
            else "This consultation is already closed."
        )
    consultation.state = State.CLOSED
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["state", "closed_at"])
    record("consultation.closed", by=by.user, obj=consultation)
    return consultation
