"""The builder's services (harbour/consultation/services.py): a consultation is made on an active channel of
the organisation's consultation platform only, by managers and authors only; questions change only while it
is a draft, a poll has exactly one choice question and a board none; publishing is refused while a blocking
warning stands and opens it otherwise; a closed consultation stays closed; each change is audited in the
same transaction, and nothing is written when a change is refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.consultation import services
from harbour.consultation.models import Consultation, Question, State
from tests.cast import active_channel, consultation_channel, make_consultation

pytestmark = pytest.mark.django_db


def test_a_manager_builds_publishes_and_closes_a_survey(org, manager):
    consultation = make_consultation(org, by=manager)
    assert consultation.state == State.DRAFT
    assert len(consultation.code) == 6
    assert [q.position for q in consultation.questions.all()] == [1, 2, 3]
    assert consultation.questions.first().choices.first().text == "Every week"
    services.publish(consultation, by=manager)
    consultation.refresh_from_db()
    assert consultation.state == State.OPEN and consultation.published_by == manager
    assert consultation.is_open
    services.close(consultation, by=manager)
    consultation.refresh_from_db()
    assert consultation.state == State.CLOSED and consultation.closed_at is not None
    with pytest.raises(NotAllowed, match="already closed"):
        services.close(consultation, by=manager)
    with pytest.raises(NotAllowed, match="stays closed"):
        services.publish(consultation, by=manager)
    actions = list(
        AuditEvent.objects.filter(object_type="consultation.consultation", object_id=str(consultation.pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == [
        "consultation.created",
        "consultation.changed",
        "consultation.published",
        "consultation.closed",
    ]
    assert AuditEvent.objects.filter(action="consultation.question_added").count() == 3


def test_only_managers_and_authors_build(org, members, outsider):
    author, moderator, viewer = members["author"], members["moderator"], members["viewer"]
    channel = consultation_channel(org)
    for role in ("safeguarding_lead", "deputy_safeguarding_lead", "moderator", "reviewer", "viewer"):
        member = members[role]
        with pytest.raises(NotAllowed):
            services.create_consultation(org, kind="poll", title="Club night", channel=channel, by=member)
    assert services.create_consultation(org, kind="poll", title="Club night", channel=channel, by=author)
    consultation = make_consultation(org, by=author)
    with pytest.raises(NotAllowed):
        services.publish(consultation, by=viewer)
    with pytest.raises(NotAllowed):
        services.add_question(consultation, {"kind": "free_text", "text": "Why?"}, by=moderator)
    # Another organisation's manager cannot touch it, nor make one on this organisation's channel.
    with pytest.raises(NotAllowed):
        services.edit_details(consultation, {"title": "Mine now"}, by=outsider)
    with pytest.raises(NotAllowed):
        services.create_consultation(
            outsider.organisation, kind="poll", title="Theirs", channel=channel, by=outsider
        )


def test_only_an_active_consultation_channel_will_do(org, manager):
    bluesky = active_channel(org)  # active, but not the consultation platform
    with pytest.raises(NotAllowed, match="consultation channels"):
        services.create_consultation(org, kind="survey", title="Parks", channel=bluesky, by=manager)
    paused = consultation_channel(org, status="approved")
    with pytest.raises(NotAllowed, match="not active"):
        services.create_consultation(org, kind="survey", title="Parks", channel=paused, by=manager)
    assert not Consultation.objects.exists()
    assert list(services.consultation_channels(org)) == []


def test_a_poll_has_one_choice_question_and_a_board_none(org, manager):
    poll = make_consultation(org, by=manager, kind="poll")
    assert poll.questions.count() == 1
    with pytest.raises(NotAllowed, match="one question"):
        services.add_question(poll, {"kind": "single", "text": "Another?"}, ["Yes", "No"], by=manager)
    fresh = make_consultation(org, by=manager, kind="poll", questions=[])
    with pytest.raises(NotAllowed, match="one choice or several"):
        services.add_question(fresh, {"kind": "free_text", "text": "Anything else?"}, by=manager)
    board = make_consultation(org, by=manager, kind="board")
    with pytest.raises(NotAllowed, match="no questions"):
        services.add_question(board, {"kind": "free_text", "text": "Anything else?"}, by=manager)


def test_questions_are_checked_and_fixed_once_published(org, manager):
    survey = make_consultation(org, by=manager, questions=[])
    with pytest.raises(NotAllowed, match="two choices"):
        services.add_question(survey, {"kind": "single", "text": "Which?"}, ["Only one"], by=manager)
    with pytest.raises(NotAllowed, match="each end"):
        services.add_question(survey, {"kind": "scale", "text": "How safe do you feel?"}, by=manager)
    with pytest.raises(NotAllowed, match="Enter the question"):
        services.add_question(survey, {"kind": "free_text", "text": "   "}, by=manager)
    assert survey.questions.count() == 0
    first = services.add_question(survey, {"kind": "free_text", "text": "What would you change?"}, by=manager)
    second = services.add_question(
        survey, {"kind": "multiple", "text": "Which do you use?"}, ["Bus", "Bike", "Walk"], by=manager
    )
    services.move_question(second, -1, by=manager)
    assert list(survey.questions.values_list("pk", flat=True)) == [second.pk, first.pk]
    services.move_question(second, -1, by=manager)  # already first: stays
    assert list(survey.questions.values_list("pk", flat=True)) == [second.pk, first.pk]
    services.edit_question(second, {"text": "Which do you use most weeks?"}, ["Bus", "Walk"], by=manager)
    second.refresh_from_db()
    assert second.text == "Which do you use most weeks?"
    assert [c.text for c in second.choices.all()] == ["Bus", "Walk"]
    services.remove_question(second, by=manager)
    assert list(survey.questions.values_list("position", flat=True)) == [1]
    services.add_question(
        survey, {"kind": "multiple", "text": "Which do you use?"}, ["Bus", "Walk"], by=manager
    )
    services.publish(survey, by=manager)
    with pytest.raises(NotAllowed, match="cannot change once"):
        services.add_question(survey, {"kind": "free_text", "text": "And?"}, by=manager)
    with pytest.raises(NotAllowed, match="cannot change once"):
        services.remove_question(Question.objects.filter(consultation=survey).first(), by=manager)


def test_publishing_refused_with_the_blocking_warnings(org, manager):
    survey = make_consultation(
        org,
        by=manager,
        purpose="",
        questions=[{"kind": "free_text", "text": "Don't you agree the new park is amazing?"}],
    )
    with pytest.raises(services.Blocked) as refused:
        services.publish(survey, by=manager)
    rules = {w.rule for w in refused.value.warnings}
    assert {"purpose", "leading", "loaded_word", "no_quantitative"} <= rules
    assert all(w.blocking for w in refused.value.warnings)
    survey.refresh_from_db()
    assert survey.state == State.DRAFT
    assert not AuditEvent.objects.filter(action="consultation.published").exists()


def test_details_while_open_only_the_closing_date_and_board_policy(org, manager):
    survey = make_consultation(org, by=manager, publish=True)
    with pytest.raises(NotAllowed, match="only the closing date"):
        services.edit_details(survey, {"purpose": "Something else"}, by=manager)
    later = timezone.now() + timedelta(days=14)
    services.edit_details(survey, {"closes_at": later, "purpose": survey.purpose}, by=manager)
    survey.refresh_from_db()
    assert survey.closes_at == later
    with pytest.raises(NotAllowed, match="future"):
        services.edit_details(survey, {"closes_at": timezone.now() - timedelta(hours=1)}, by=manager)
    with pytest.raises(NotAllowed, match="characters or fewer"):
        make_consultation(org, by=manager, title="x" * 121)
