"""docs/security.md M2: with DEBUG off, errors are plain pages that give nothing away."""

import django
import pytest
from django.test import Client

pytestmark = [pytest.mark.urls("tests.error_urls"), pytest.mark.django_db]

GIVEAWAYS = (
    "Traceback",
    "SECRET_KEY",
    "SELECT",
    "settings",
    "Django",
    django.get_version(),
    "Python",
    "DEBUG",
)


@pytest.fixture
def anon():
    return Client(raise_request_exception=False)


def assert_plain(response, status: int, heading: str):
    page = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page
    assert not [word for word in GIVEAWAYS if word in page]
    return page


def test_server_error_is_a_plain_page(anon):
    assert_plain(anon.get("/test-errors/boom/"), 500, "Sorry, there is a problem with the service")


def test_not_found_is_a_plain_page(anon):
    page = assert_plain(anon.get("/no-such-page/"), 404, "Page not found")
    assert "/no-such-page/" not in page  # the address is not echoed back


def test_bad_request_is_a_plain_page(anon):
    assert_plain(anon.get("/test-errors/suspicious/"), 400, "Sorry, there is a problem with your request")


def test_a_bad_host_header_is_a_plain_bad_request(anon):
    assert_plain(
        anon.get("/healthz", HTTP_HOST="evil.example"), 400, "Sorry, there is a problem with your request"
    )


def test_a_refusal_written_as_a_sentence_is_shown(anon):
    page = assert_plain(anon.get("/test-errors/refuse/sentence/"), 403, "You cannot do this")
    assert "You need up-to-date safeguarding training to do this." in page


@pytest.mark.parametrize("kind", ["markup", "internal"])
def test_any_other_refusal_gets_the_general_wording(anon, kind):
    page = assert_plain(anon.get(f"/test-errors/refuse/{kind}/"), 403, "You cannot do this")
    assert "You do not have permission to see this page or do this." in page
    assert "alert(1)" not in page and "has_perm" not in page


def test_a_missing_csrf_token_is_a_plain_page():
    client = Client(enforce_csrf_checks=True)
    page = assert_plain(
        client.post("/accounts/sign-in/", {"email": "a@b.example"}), 403, "Your form could not be sent"
    )
    assert "CSRF" not in page
