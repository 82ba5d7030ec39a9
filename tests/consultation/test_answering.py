"""Answering a poll or survey (harbour/consultation/answering.py): each kind of question is checked and refused
with one sentence, optional questions may be left, the age band is kept only when asked; one response per
person (a second try with the same token, and a race that gets past the first check, give AlreadyAnswered and
one row); nothing is stored for a draft, closed, not-yet-open or board consultation; a written answer that
screening flags is kept and also put in the consultation channel's inbox hidden, under a pseudonym, and a
disclosure raises a concern; a response writes no audit event."""

from datetime import timedelta

import pytest
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.consultation import answering, tokens
from harbour.consultation.answering import AlreadyAnswered, InvalidAnswers, NotOpen, submit_response
from harbour.consultation.models import (
    Answer,
    Choice,
    Consultation,
    Kind,
    Question,
    QuestionKind,
    Response,
    State,
    WrittenAnswer,
)
from harbour.inbox.models import Item
from harbour.moderation.services import is_hidden
from harbour.safeguarding.models import Concern
from tests.cast import active_channel

pytestmark = pytest.mark.django_db

PLAIN = "The park needs more lights and a shelter for when it rains."
DISCLOSURE = "my stepdad hits me every night and I am scared to go home"


def make_open(org, by, *, kind=Kind.SURVEY, code="SRV234", questions=None, asks_age_band=False, **fields):
    """An open poll or survey on a new consultation channel, made directly (the builder's services are tested
    on their own). `questions`: (kind, text, choices, extra fields) tuples; by default one of every kind."""
    channel = active_channel(org, "consultation")
    consultation = Consultation.objects.create(
        organisation=org,
        channel=channel,
        kind=kind,
        title=f"What {org.name} should do with the park",
        code=code,
        introduction="Tell us what you think. You can skip any question.",
        purpose="To decide how to spend the park budget next year.",
        asks_age_band=asks_age_band,
        answers_kept_until=timezone.localdate() + timedelta(days=365),
        state=fields.pop("state", State.OPEN),
        created_by=by,
        **fields,
    )
    if questions is None:
        questions = [
            (
                QuestionKind.SINGLE,
                "Which night should the club open?",
                ["Tuesday", "Thursday", "Saturday"],
                {},
            ),
            (
                QuestionKind.MULTIPLE,
                "What would you use in the park?",
                ["Skate ramp", "Benches", "Lights"],
                {},
            ),
            (
                QuestionKind.SCALE,
                "How safe do you feel in the park?",
                [],
                {"scale_low": "Not safe", "scale_high": "Very safe"},
            ),
            (QuestionKind.RANKING, "Put these in order", ["Lights", "Shelter", "Toilets"], {}),
            (QuestionKind.FREE_TEXT, "What one thing would make the park better?", [], {}),
            (QuestionKind.STATEMENT, "The park should stay open after dark.", [], {}),
        ]
    for position, (question_kind, text, choices, extra) in enumerate(questions, start=1):
        question = Question.objects.create(
            organisation=org,
            consultation=consultation,
            position=position,
            kind=question_kind,
            text=text,
            **extra,
        )
        for number, choice in enumerate(choices, start=1):
            Choice.objects.create(organisation=org, question=question, position=number, text=choice)
    return consultation


def q(consultation, kind) -> Question:
    return consultation.questions.get(kind=kind)


def choice(consultation, kind, text) -> int:
    return q(consultation, kind).choices.get(text=text).pk


@pytest.fixture
def survey(org, manager):
    return make_open(org, manager)


def full_answers(survey) -> dict:
    return {
        q(survey, QuestionKind.SINGLE).pk: choice(survey, QuestionKind.SINGLE, "Saturday"),
        q(survey, QuestionKind.MULTIPLE).pk: [
            choice(survey, QuestionKind.MULTIPLE, "Benches"),
            choice(survey, QuestionKind.MULTIPLE, "Lights"),
        ],
        q(survey, QuestionKind.SCALE).pk: "4",
        q(survey, QuestionKind.RANKING).pk: [
            choice(survey, QuestionKind.RANKING, "Shelter"),
            choice(survey, QuestionKind.RANKING, "Lights"),
        ],
        q(survey, QuestionKind.FREE_TEXT).pk: f"  {PLAIN}  ",
        q(survey, QuestionKind.STATEMENT).pk: -1,
    }


def test_a_full_survey_is_stored_as_answers_and_a_screened_written_answer(survey):
    response = submit_response(survey, token=tokens.new_token(), answers=full_answers(survey))
    rows = {(a.question.kind, a.choice.text if a.choice else None, a.value) for a in response.answers.all()}
    assert rows == {
        (QuestionKind.SINGLE, "Saturday", None),
        (QuestionKind.MULTIPLE, "Benches", None),
        (QuestionKind.MULTIPLE, "Lights", None),
        (QuestionKind.SCALE, None, 4),
        (QuestionKind.RANKING, "Shelter", 1),
        (QuestionKind.RANKING, "Lights", 2),
        (QuestionKind.STATEMENT, None, -1),
    }
    written = response.written.get()
    assert written.text == PLAIN and written.action == "allow" and written.item is None
    assert not Item.objects.filter(channel=survey.channel).exists()
    assert response.age_band == "" and response.organisation == survey.organisation


def test_every_question_may_be_left_unless_it_is_required(survey):
    response = submit_response(survey, token=tokens.new_token(), answers={})
    assert not response.answers.exists() and not response.written.exists()
    Question.objects.filter(consultation=survey, kind=QuestionKind.SCALE).update(required=True)
    with pytest.raises(InvalidAnswers) as refused:
        submit_response(
            survey, token=tokens.new_token(), answers={q(survey, QuestionKind.FREE_TEXT).pk: "   "}
        )
    assert refused.value.errors == {q(survey, QuestionKind.SCALE).pk: "Choose a number from 1 to 5"}


@pytest.mark.parametrize(
    "kind, value, sentence",
    [
        (QuestionKind.SINGLE, "999999", "Choose one of the answers on the page"),
        (QuestionKind.SINGLE, "Saturday", "Choose one of the answers on the page"),
        (QuestionKind.MULTIPLE, ["999999"], "Choose from the answers on the page"),
        (QuestionKind.SCALE, 6, "Choose a number from 1 to 5"),
        (QuestionKind.SCALE, 0, "Choose a number from 1 to 5"),
        (QuestionKind.SCALE, "2.5", "Choose a number from 1 to 5"),
        (QuestionKind.SCALE, True, "Choose a number from 1 to 5"),
        (QuestionKind.RANKING, "same twice", "Give each option a different place"),
        (QuestionKind.RANKING, ["999999"], "Put only the options on the page in order"),
        (QuestionKind.FREE_TEXT, "x" * 2001, "Your answer must be 2,000 characters or fewer"),
        (QuestionKind.FREE_TEXT, 12, "Write your answer as words"),
        (QuestionKind.STATEMENT, 2, "Choose agree, disagree or pass"),
    ],
)
def test_each_kind_refuses_what_it_cannot_store_with_a_sentence(survey, kind, value, sentence):
    question = q(survey, kind)
    if value == "same twice":
        value = [choice(survey, kind, "Lights")] * 2
    if value == "999999" or value == ["999999"]:  # a choice of another question of the same survey
        other = choice(
            survey,
            QuestionKind.RANKING if kind != QuestionKind.RANKING else QuestionKind.SINGLE,
            "Lights" if kind != QuestionKind.RANKING else "Tuesday",
        )
        value = str(other) if isinstance(value, str) else [other]
    answers = full_answers(survey) | {question.pk: value}
    with pytest.raises(InvalidAnswers) as refused:
        submit_response(survey, token=tokens.new_token(), answers=answers)
    assert refused.value.errors == {question.pk: sentence}
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_required_ranking_needs_every_option_and_required_choices_say_what_to_do(survey):
    Question.objects.filter(consultation=survey).update(required=True)
    with pytest.raises(InvalidAnswers) as refused:
        submit_response(
            survey,
            token=tokens.new_token(),
            answers={q(survey, QuestionKind.RANKING).pk: [choice(survey, QuestionKind.RANKING, "Lights")]},
        )
    assert refused.value.errors == {
        q(survey, QuestionKind.SINGLE).pk: "Choose an answer",
        q(survey, QuestionKind.MULTIPLE).pk: "Choose at least one answer",
        q(survey, QuestionKind.SCALE).pk: "Choose a number from 1 to 5",
        q(survey, QuestionKind.RANKING).pk: "Give every option a place",
        q(survey, QuestionKind.FREE_TEXT).pk: "Write your answer",
        q(survey, QuestionKind.STATEMENT).pk: "Choose agree, disagree or pass",
    }


def test_a_question_of_another_consultation_is_a_programming_error(survey, org, manager):
    other = make_open(org, manager, code="XTH234")
    with pytest.raises(ValueError):
        submit_response(survey, token=tokens.new_token(), answers={q(other, QuestionKind.SCALE).pk: 3})


def test_the_age_band_is_kept_only_when_the_consultation_asks_it(org, manager, survey):
    assert submit_response(survey, token=tokens.new_token(), age_band="", answers={}).age_band == ""
    with pytest.raises(InvalidAnswers) as refused:  # not asked: a tampered form
        submit_response(survey, token=tokens.new_token(), age_band="13_to_15", answers={})
    assert refused.value.errors == {"age_band": "Choose an age group from the list, or Prefer not to say"}
    asking = make_open(org, manager, code="AGE234", asks_age_band=True)
    assert (
        submit_response(asking, token=tokens.new_token(), age_band="13_to_15", answers={}).age_band
        == "13_to_15"
    )
    with pytest.raises(InvalidAnswers):
        submit_response(asking, token=tokens.new_token(), age_band="11", answers={})


def test_one_response_per_person_and_two_people_two_responses(survey):
    token = tokens.new_token()
    submit_response(survey, token=token, answers=full_answers(survey))
    with pytest.raises(AlreadyAnswered):
        submit_response(survey, token=token, answers={})
    submit_response(survey, token=tokens.new_token(), answers={})
    assert Response.objects.filter(consultation=survey).count() == 2
    assert answering.answered(survey, token) and not answering.answered(survey, tokens.new_token())
    assert not answering.answered(survey, None)


def test_a_race_past_the_first_check_is_decided_by_the_unique_constraint(survey, monkeypatch):
    token = tokens.new_token()
    submit_response(survey, token=token, answers=full_answers(survey))
    monkeypatch.setattr(
        answering, "has_answered", lambda consultation, hashed: False
    )  # the other request's view
    with pytest.raises(AlreadyAnswered):
        submit_response(survey, token=token, answers=full_answers(survey))
    assert (
        Response.objects.count() == 1 and WrittenAnswer.objects.count() == 1 and Answer.objects.count() == 7
    )


def test_a_race_with_a_flagged_answer_leaves_no_inbox_item_behind(survey, monkeypatch):
    token = tokens.new_token()
    submit_response(survey, token=token, answers={})
    monkeypatch.setattr(answering, "has_answered", lambda consultation, hashed: False)
    with pytest.raises(AlreadyAnswered):
        submit_response(survey, token=token, answers={q(survey, QuestionKind.FREE_TEXT).pk: DISCLOSURE})
    assert not Item.objects.exists() and not Concern.objects.exists() and Response.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"state": State.DRAFT},
        {"state": State.CLOSED},
        {"closes_at": timezone.now() - timedelta(minutes=1)},
        {"opens_at": timezone.now() + timedelta(days=1)},
        {"kind": Kind.BOARD},
    ],
)
def test_nothing_is_stored_unless_it_is_open_now(survey, change):
    Consultation.objects.filter(pk=survey.pk).update(**change)
    survey.refresh_from_db()
    with pytest.raises(NotOpen):
        submit_response(survey, token=tokens.new_token(), answers={})
    assert not Response.objects.exists()


def test_a_flagged_written_answer_goes_to_the_inbox_hidden_under_a_pseudonym(survey, org):
    token = tokens.new_token()
    question = q(survey, QuestionKind.FREE_TEXT)
    response = submit_response(survey, token=token, answers={question.pk: DISCLOSURE})
    written = response.written.get()
    assert written.action == "escalate" and written.item is not None
    item = written.item
    assert (
        item.channel == survey.channel
        and item.text == DISCLOSURE
        and item.hidden_on_arrival
        and is_hidden(item)
    )
    hashed = tokens.token_hash(survey, token)
    assert item.platform_id == f"answer-{survey.pk}-{question.pk}-{hashed[:16]}"
    assert token not in item.author.platform_author_id and item.author.display_name.startswith(
        "Young person "
    )
    # ingest raised the concern for the safeguarding lead, as for any escalated item
    assert Concern.objects.filter(organisation=org).exists()


def test_a_flagged_answer_is_never_public_so_a_moderator_cannot_show_it(survey, manager):
    """Moderation's Unhide ("Show on the board") is for board posts: an answer has no thread to be shown in."""
    from harbour.accounts.access import NotAllowed
    from harbour.moderation.services import act
    from tests.cast import give_training

    give_training(manager, "moderate")
    question = q(survey, QuestionKind.FREE_TEXT)
    item = (
        submit_response(survey, token=tokens.new_token(), answers={question.pk: DISCLOSURE})
        .written.get()
        .item
    )
    with pytest.raises(NotAllowed, match="never public"):
        act(item, "unhide", by=manager, version=item.version)
    assert is_hidden(item)


def test_the_same_person_s_flagged_answers_share_one_pseudonym_per_consultation(org, manager):
    survey = make_open(
        org,
        manager,
        questions=[
            (QuestionKind.FREE_TEXT, "What would make it better?", [], {}),
            (QuestionKind.FREE_TEXT, "Anything else?", [], {}),
        ],
    )
    other = make_open(org, manager, code="XTH234", questions=[(QuestionKind.FREE_TEXT, "Tell us", [], {})])
    token = tokens.new_token()
    first, second = survey.questions.all()
    submit_response(survey, token=token, answers={first.pk: "call me on 07700 900123", second.pk: DISCLOSURE})
    submit_response(other, token=token, answers={other.questions.get().pk: "call me on 07700 900123"})
    authors = {item.channel_id: set() for item in Item.objects.all()}
    for item in Item.objects.all():
        authors[item.channel_id].add(item.author.platform_author_id)
    assert len(authors[survey.channel_id]) == 1 and authors[survey.channel_id] != authors[other.channel_id]


def test_a_response_writes_no_audit_event(survey):
    before = AuditEvent.objects.count()
    submit_response(survey, token=tokens.new_token(), answers=full_answers(survey))
    assert AuditEvent.objects.count() == before
