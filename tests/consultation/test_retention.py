"""Deleting a consultation's answers on the day its privacy notice promised (harbour/consultation/retention.py):
the responses, written answers and board posts go, the inbox items made from them keep their place but not
their words, complaints keep their record but not their words or the reporter's hash, an open consultation
is closed, nothing happens before the day or twice, the nightly job finds the due ones, a concern's evidence
snapshot stays, and the results page and the privacy notice say so."""

from datetime import timedelta

import pytest
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.consultation import boards, complaints, retention, tokens
from harbour.consultation.answering import submit_response
from harbour.consultation.models import (
    Answer,
    BoardPost,
    Complaint,
    Consultation,
    QuestionKind,
    Response,
    State,
    WrittenAnswer,
)
from harbour.consultation.tasks import delete_answers_due
from harbour.inbox.models import Item
from harbour.safeguarding.models import Concern
from tests.consultation.test_answering import DISCLOSURE, PLAIN, full_answers, make_open, q
from tests.consultation.test_board_posting import make_board

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def kept_until(consultation, day):
    Consultation.objects.filter(pk=consultation.pk).update(answers_kept_until=day)
    consultation.refresh_from_db()
    return consultation


@pytest.fixture
def survey(org, manager):
    survey = kept_until(make_open(org, manager), TODAY)
    for _ in range(3):
        submit_response(survey, token=tokens.new_token(), answers=full_answers(survey))
    flagged = q(survey, QuestionKind.FREE_TEXT)
    submit_response(survey, token=tokens.new_token(), answers={flagged.pk: DISCLOSURE})
    return survey


def test_the_answers_go_on_the_day_and_the_flagged_items_keep_no_words(survey):
    item = WrittenAnswer.objects.get(text=DISCLOSURE).item
    concern = Concern.objects.get(item=item)
    counts = retention.delete_answers(survey)
    assert counts == {"responses": 4, "posts": 0, "items": 1, "complaints": 0}
    assert (
        not Response.objects.exists() and not Answer.objects.exists() and not WrittenAnswer.objects.exists()
    )
    item.refresh_from_db()
    assert DISCLOSURE not in item.text and item.text == retention.deleted_words(survey) and item.verdict == {}
    assert "kept until" in item.text
    # the safeguarding lead's record keeps its own snapshot, under the concerns' retention rule
    assert DISCLOSURE in str(
        list(Concern.objects.get(pk=concern.pk).evidence.values_list("snapshot", flat=True))
    )
    survey.refresh_from_db()
    assert survey.state == State.CLOSED and survey.answers_deleted_at is not None
    event = AuditEvent.objects.get(action="consultation.answers_deleted")
    assert event.detail == {**counts, "closed": True} and event.actor is None
    assert retention.delete_answers(survey) is None  # once only
    assert AuditEvent.objects.filter(action="consultation.answers_deleted").count() == 1
    assert list(retention.due()) == []


def test_an_answer_that_slipped_in_as_it_closed_goes_the_next_night(survey):
    """On PostgreSQL an answer whose sending began before the close can commit after the deletion."""
    retention.delete_answers(survey)
    Response.objects.create(organisation=survey.organisation, consultation=survey, token_hash="a" * 64)
    assert list(retention.due()) == [survey]
    assert delete_answers_due.call() == 1 and not Response.objects.exists()
    assert AuditEvent.objects.filter(action="consultation.answers_deleted").count() == 2


def test_nothing_goes_before_the_day_or_from_a_draft(org, manager):
    later = kept_until(make_open(org, manager), TODAY + timedelta(days=1))
    submit_response(later, token=tokens.new_token(), answers=full_answers(later))
    draft = kept_until(make_open(org, manager, code="DRF234", state=State.DRAFT), TODAY)
    assert retention.delete_answers(later) is None and retention.delete_answers(draft) is None
    assert list(retention.due()) == [] and delete_answers_due.call() == 0
    assert Response.objects.count() == 1
    assert list(retention.due(TODAY + timedelta(days=1))) == [later]


def test_a_boards_posts_go_and_its_complaints_keep_only_their_record(org, manager, moderator):
    board = make_board(org, manager, moderators=[moderator], answers_kept_until=TODAY)
    writer, reporter = tokens.new_token(), tokens.new_token()
    post = boards.post_to_board(board, token=writer, text=PLAIN)
    held = boards.post_to_board(board, token=writer, text="text me on 07700 900123")
    words = "He is an adult and he keeps asking me to send him nude pictures and not tell my mum"
    report = complaints.file_complaint(
        org, kind="report", consultation=board, post=post, reason="unsafe", text=words, token=reporter
    )
    items = [
        post.item_id,
        held.item_id,
        Item.objects.get(platform_id__startswith=f"complaint-{board.pk}-").pk,
    ]
    assert delete_answers_due.call() == 1
    assert not BoardPost.objects.exists()
    for item in Item.objects.filter(pk__in=items):
        assert item.text == retention.deleted_words(board), item.platform_id
    report = Complaint.objects.get(pk=report.pk)
    assert (report.text, report.reporter_hash, report.post, report.verdict) == ("", "", None, {})
    assert (report.kind, report.reason) == ("report", "unsafe")
    assert complaints.outcomes_for(board, reporter) == []


def test_the_results_page_and_the_notice_say_so(survey, manager, client_for):
    notice = client_for(manager).get(f"/c/{survey.code}/privacy/", secure=True).content.decode()
    assert (
        f"We delete the answers on {TODAY:%-d %B %Y}" in notice
        and "keeps a record of it for longer" in notice
    )
    staff = client_for(manager)
    page = staff.get(f"/consultations/{survey.pk}/", secure=True).content.decode()
    assert "Harbour deletes the answers" in page
    retention.delete_answers(survey)
    results = staff.get(f"/consultations/{survey.pk}/results/", secure=True).content.decode()
    assert 'id="answers-deleted"' in results and "The answers were deleted on" in results
    assert "Deleted</strong> on" in staff.get(f"/consultations/{survey.pk}/", secure=True).content.decode()


def test_the_nightly_job_is_scheduled():
    from harbour.jobs.scheduler import PERIODIC

    assert "harbour.consultation.tasks.delete_answers_due" in [job.task for job in PERIODIC]
