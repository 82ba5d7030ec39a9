"""Answering a poll or a survey: the one place a young person's answers are checked and stored.

    response = submit_response(consultation, token=token, age_band="13_to_15", answers={12: 40, 13: "..."})

`answers` maps a question's pk to its value, by the question's kind:

    SINGLE     a choice pk                       MULTIPLE   a list of choice pks
    SCALE      an int from 1 to scale_points     RANKING    a list of choice pks, the first is place 1
    FREE_TEXT  a str                             STATEMENT  1 agree, -1 disagree, 0 pass

A question left out, or given None, "" or [], is unanswered: every question is optional unless the
builder marked it required. Values may be ints or the strings a form posts ("40").

Errors say what to do, one sentence per question (`InvalidAnswers.errors`, keyed by question pk, and
"age_band" for the age band). One response per person: the participant token (tokens.py) is stored only as
its keyed hash, and the database's unique constraint (consultation, token_hash) is the last word, so two
submissions racing each other give one Response and `AlreadyAnswered`, never two rows or an error page.

A written answer (FREE_TEXT) is screened as it is stored (screen_stored, direction incoming). One that
screening does not allow is also stored as an inbox item of the consultation's channel through
ingest.store_pushed, hidden (it is never public), under a pseudonym made from the token hash, so it reaches
the moderation queue, and ingest raises a concern for the safeguarding lead when screening escalates it (a
disclosure). Its Response and the item are written in one transaction (store_pushed's `within`), so neither
is kept without the other.

Not audited: a response is a young person's answer, not a staff action, and one event per answer would
bury the audit chain's meaning (the builder's publishing and closing are audited). Rate-limit refusals on
the public pages are (public_views.py).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from harbour.connectors.base import Batch, IncomingItem, Kind, safe_text
from harbour.consultation import tokens
from harbour.consultation.models import (
    AgeBand,
    Answer,
    Consultation,
    QuestionKind,
    Response,
    WrittenAnswer,
)
from harbour.consultation.models import Kind as ConsultationKind
from harbour.inbox import ingest
from harbour.inbox.models import Item
from harbour.inbox.screened import ScreeningAction, screen_stored
from harbour.screening.verdict import Direction

TEXT_LIMIT = 2000  # characters in a written answer: a few paragraphs
STATEMENT_VALUES = {1: "Agree", -1: "Disagree", 0: "Pass"}
AGE_BAND = "age_band"  # InvalidAnswers.errors' key for the age band


class AlreadyAnswered(Exception):
    """This person (their token) has answered this consultation already."""


class NotOpen(Exception):
    """The consultation is not taking answers: a draft, closed, not open yet, or a board."""


class InvalidAnswers(Exception):
    """Some answers cannot be stored: `errors` says why, one sentence per question pk (and AGE_BAND)."""

    def __init__(self, errors: dict):
        super().__init__("; ".join(str(e) for e in errors.values()))
        self.errors = errors


def questions_of(consultation: Consultation) -> list:
    """The consultation's questions in order, each with its choices (one query for each)."""
    return list(consultation.questions.prefetch_related("choices"))


def _unanswered(value) -> bool:
    return value is None or value == "" or (isinstance(value, (list, tuple)) and not value)


def _as_int(value) -> int | None:
    """An int, or a form's digits ("-1" too); None for anything else (a bool, "1.5", "abc")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit() and len(text) < 12:
            return int(text)
    return None


def _as_ints(value) -> list[int | None]:
    values = value if isinstance(value, (list, tuple)) else [value]
    return [_as_int(v) for v in values]


def _check(question, value) -> tuple[list[tuple[int | None, int | None]], str | None, str]:
    """One question's answer as (choice pk, value) rows, or its written text; the error sentence is the
    third item ("" when it is fine)."""
    kind = question.kind
    if _unanswered(value) or (kind == QuestionKind.FREE_TEXT and not str(value).strip()):
        if not question.required:
            return [], None, ""
        return (
            [],
            None,
            {
                QuestionKind.SINGLE: "Choose an answer",
                QuestionKind.MULTIPLE: "Choose at least one answer",
                QuestionKind.SCALE: f"Choose a number from 1 to {question.scale_points}",
                QuestionKind.RANKING: "Give every option a place",
                QuestionKind.FREE_TEXT: "Write your answer",
                QuestionKind.STATEMENT: "Choose agree, disagree or pass",
            }[kind],
        )
    choices = {choice.pk for choice in question.choices.all()}
    if kind == QuestionKind.SINGLE:
        choice = _as_int(value)
        if choice not in choices:
            return [], None, "Choose one of the answers on the page"
        return [(choice, None)], None, ""
    if kind == QuestionKind.MULTIPLE:
        picked = _as_ints(value)
        if any(p not in choices for p in picked):
            return [], None, "Choose from the answers on the page"
        return [(p, None) for p in dict.fromkeys(picked)], None, ""
    if kind == QuestionKind.SCALE:
        number = _as_int(value)
        if number is None or not 1 <= number <= question.scale_points:
            return [], None, f"Choose a number from 1 to {question.scale_points}"
        return [(None, number)], None, ""
    if kind == QuestionKind.RANKING:
        order = _as_ints(value)
        if any(p not in choices for p in order):
            return [], None, "Put only the options on the page in order"
        if len(set(order)) != len(order):
            return [], None, "Give each option a different place"
        if question.required and len(order) != len(choices):
            return [], None, "Give every option a place"
        return [(p, place) for place, p in enumerate(order, start=1)], None, ""
    if kind == QuestionKind.FREE_TEXT:
        if not isinstance(value, str):
            return [], None, "Write your answer as words"
        text = safe_text(value).strip()
        if len(text) > TEXT_LIMIT:
            return [], None, f"Your answer must be {TEXT_LIMIT:,} characters or fewer"
        return [], text, ""
    if kind == QuestionKind.STATEMENT:
        number = _as_int(value)
        if number not in STATEMENT_VALUES:
            return [], None, "Choose agree, disagree or pass"
        return [(None, number)], None, ""
    raise ValueError(f"a question of an unknown kind: {kind!r}")


def check_answers(consultation: Consultation, answers: dict, *, age_band: str = "", questions=None):
    """The answers as rows to store, checked: [(question, rows, written text)]. Raises InvalidAnswers
    with a sentence for each question that cannot be stored as given. Stores nothing (the survey's
    "check your answers" page calls it before the person confirms)."""
    questions = questions_of(consultation) if questions is None else questions
    by_pk = {question.pk: question for question in questions}
    given = {}
    for key, value in answers.items():
        pk = _as_int(key)
        if pk not in by_pk:
            raise ValueError(f"question {key!r} is not one of this consultation's")
        given[pk] = value
    errors, checked = {}, []
    if age_band and (not consultation.asks_age_band or age_band not in AgeBand.values):
        errors[AGE_BAND] = "Choose an age group from the list, or Prefer not to say"
    for question in questions:
        rows, text, error = _check(question, given.get(question.pk))
        if error:
            errors[question.pk] = error
        elif rows or text:
            checked.append((question, rows, text))
    if errors:
        raise InvalidAnswers(errors)
    return checked


def submit_response(
    consultation: Consultation, *, token: str, age_band: str = "", answers: dict, questions=None
) -> Response:
    """Store one person's answers; see the module's docstring. Raises NotOpen, InvalidAnswers or
    AlreadyAnswered, storing nothing. `questions`: questions_of(consultation), where the caller has it."""
    if consultation.kind == ConsultationKind.BOARD or not consultation.is_open:
        raise NotOpen(consultation.code)
    if not token:
        raise ValueError("a response needs the participant's token")
    checked = check_answers(consultation, answers, age_band=age_band, questions=questions)
    hashed = tokens.token_hash(consultation, token)
    if has_answered(consultation, hashed):  # before screening: a second try costs nothing
        raise AlreadyAnswered(consultation.code)
    written = [
        (
            question,
            text,
            screen_stored(
                text,
                direction=Direction.INCOMING,
                channel=consultation.channel,
                about=f"an answer to question {question.pk} of consultation {consultation.pk}",
            ),
        )
        for question, _, text in checked
        if text
    ]
    now = timezone.now()

    def write(stored: int | None = None) -> Response:
        try:
            with transaction.atomic():  # a savepoint: the unique constraint decides a race
                response = Response.objects.create(
                    organisation_id=consultation.organisation_id,
                    consultation=consultation,
                    token_hash=hashed,
                    age_band=age_band if consultation.asks_age_band else "",
                    submitted_at=now,
                )
        except IntegrityError:
            raise AlreadyAnswered(consultation.code) from None
        Answer.objects.bulk_create(
            [
                Answer(
                    organisation_id=consultation.organisation_id,
                    response=response,
                    question=question,
                    choice_id=choice,
                    value=value,
                )
                for question, rows, _ in checked
                for choice, value in rows
            ]
        )
        items = {}
        if stored is not None:  # inside store_pushed: the items just written, by platform id
            items = dict(
                Item.objects.filter(
                    channel=consultation.channel,
                    platform_id__in=[_item_id(consultation, q, hashed) for q, _, _ in written],
                ).values_list("platform_id", "pk")
            )
        rows = []
        for question, text, screened in written:
            row = WrittenAnswer(
                organisation_id=consultation.organisation_id,
                response=response,
                question=question,
                text=text,
                item_id=items.get(_item_id(consultation, question, hashed)),
            )
            row.store(screened)
            rows.append(row)
        WrittenAnswer.objects.bulk_create(rows)
        return response

    flagged = [(q, text) for q, text, screened in written if screened.action != ScreeningAction.ALLOW]
    if not flagged:
        with transaction.atomic(durable=True):
            return write()
    return _write_with_inbox(consultation, hashed, flagged, write, now)


def _item_id(consultation: Consultation, question, hashed: str) -> str:
    """A flagged written answer's platform id on the consultation's channel: one per person and question."""
    return f"answer-{consultation.pk}-{question.pk}-{hashed[:16]}"


def _write_with_inbox(consultation, hashed, flagged, write, now) -> Response:
    """Store the response with its flagged written answers as hidden inbox items, in store_pushed's one
    durable transaction (`within`): if the response cannot be stored (AlreadyAnswered), nor are the items."""
    who = tokens.pseudonym(consultation, hashed)
    items = [
        IncomingItem(
            platform=consultation.channel.platform,
            platform_id=_item_id(consultation, question, hashed),
            kind=Kind.COMMENT,
            text=text,
            author_id=who.author_id,
            author_handle=who.name,
            author_display_name=who.name,
            created_at=now,
            url="",
            hidden=True,  # never on a public page: it is an answer, read by moderators only
        )
        for question, text in flagged
    ]
    done: list[Response] = []
    ingest.store_pushed(
        consultation.channel,
        Batch(items=items, next_cursor=None),
        within=lambda stored: done.append(write(stored)),
    )
    return done[0]


def has_answered(consultation: Consultation, hashed: str) -> bool:
    return Response.objects.filter(consultation=consultation, token_hash=hashed).exists()


def answered(consultation: Consultation, token: str | None) -> bool:
    """Whether the person with this token has answered (False without a token)."""
    return bool(token) and has_answered(consultation, tokens.token_hash(consultation, token))
