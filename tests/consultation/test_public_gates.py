"""The consultation pages stay a young person's pages whoever's browser they use: a form sent without its
CSRF token gets the young people's "Your form could not be sent" page (no link to staff pages), and a youth
worker signed in without two-factor yet is not sent from a poll to the staff two-factor page."""

import pytest
from django.test import Client

from harbour.consultation.models import Kind, QuestionKind, Response
from tests.consultation.test_answering import make_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll(org, manager):
    return make_open(
        org,
        manager,
        kind=Kind.POLL,
        code="GTE234",
        questions=[(QuestionKind.SINGLE, "Which night should the club open?", ["Tuesday", "Saturday"], {})],
    )


def test_a_form_without_its_token_gets_the_young_peoples_page(poll):
    page = Client(enforce_csrf_checks=True).post("/c/GTE234/", {})
    html = page.content.decode()
    assert page.status_code == 403 and not Response.objects.exists()
    assert "Your form could not be sent" in html and "Type your code again" in html
    assert 'href="/"' not in html and "/accounts/" not in html  # nothing of the staff side


def test_a_staff_page_without_its_token_keeps_the_staff_page():
    page = Client(enforce_csrf_checks=True).post("/accounts/sign-in/", {})
    html = page.content.decode()
    assert page.status_code == 403 and "home page</a>" in html and "Type your code again" not in html


def test_a_signed_in_worker_without_two_factor_still_sees_the_poll(poll, moderator):
    client = Client()
    client.force_login(moderator.user)  # a password session, no second factor yet
    assert client.get("/inbox/").status_code == 302  # the staff side asks for two-factor
    page = client.get("/c/GTE234/")
    assert page.status_code == 200 and "Which night should the club open?" in page.content.decode()
