"""Two submissions from one person at the same moment (a double tap, two tabs): both pass answering's first
check for an earlier response before either writes, and the database's unique constraint decides: one
Response with its answers and one AlreadyAnswered, never two rows or an error. Real threads and connections,
on SQLite here and on PostgreSQL in `make test`'s second pass."""

import threading

import pytest
from django.db import connections

from harbour.consultation import answering, tokens
from harbour.consultation.models import Answer, QuestionKind, Response, WrittenAnswer
from tests.consultation.test_answering import PLAIN, make_open


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_store_one_response(org, manager, monkeypatch):
    survey = make_open(
        org,
        manager,
        questions=[
            (QuestionKind.SCALE, "How safe do you feel in the park?", [], {}),
            (QuestionKind.FREE_TEXT, "What would make it better?", [], {}),
        ],
    )
    scale, words = survey.questions.all()
    token = tokens.new_token()
    both_checked = threading.Barrier(2, timeout=30)
    real_check = answering.has_answered

    def check_then_wait(consultation, hashed):
        answered = real_check(consultation, hashed)
        both_checked.wait()  # neither writes before both have found no earlier response
        return answered

    monkeypatch.setattr(answering, "has_answered", check_then_wait)
    outcomes, errors = [], []

    def submit():
        try:
            answering.submit_response(survey, token=token, answers={scale.pk: 4, words.pk: PLAIN})
            outcomes.append("stored")
        except answering.AlreadyAnswered:
            outcomes.append("already answered")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(outcomes) == ["already answered", "stored"]
    assert (
        Response.objects.count() == 1 and Answer.objects.count() == 1 and WrittenAnswer.objects.count() == 1
    )
