"""The pages young people answer on (/c/, harbour/consultation/public_views.py): a code typed any way opens its
consultation, a wrong or draft code gets a plain "not found"; a poll is answered on one page and a survey
through a check-your-answers page whose Change buttons bring the answers back; a refused answer comes back
with what was typed; a second visit says "already answered", a tampered cookie is no token; closed and
not-yet-open pages; rate limits (429, audited once a window); only the participant and CSRF cookies are set;
every page has Help, Privacy and Report a problem and no address of another site; the privacy notice reads
at 12 or under; a CSRF failure is a 403 that loses nothing stored."""

import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.consultation import tokens
from harbour.consultation.models import Consultation, Kind, QuestionKind, Response, State
from harbour.screening import reading_age
from tests.consultation.test_answering import PLAIN, choice, make_open, q

pytestmark = pytest.mark.django_db
ALLOWED_COOKIES = {tokens.COOKIE, django_settings.CSRF_COOKIE_NAME}  # the participant token and CSRF


@pytest.fixture
def poll(org, manager):
    return make_open(
        org,
        manager,
        kind=Kind.POLL,
        code="PQK234",
        questions=[
            (
                QuestionKind.SINGLE,
                "Which night should the club open?",
                ["Tuesday", "Thursday", "Saturday"],
                {},
            )
        ],
    )


@pytest.fixture
def survey(org, manager):
    return make_open(org, manager, code="SRV234", asks_age_band=True)


def cookies_of(response) -> set[str]:
    return set(response.cookies)


def test_the_code_page_opens_a_code_typed_any_way(client, poll):
    page = client.get("/c/")
    assert page.status_code == 200 and b"Have your say" in page.content
    assert client.get("/c/", {"code": " pqk-234 "}).url == "/c/PQK234/"
    assert client.get("/c/pqk234/").url == "/c/PQK234/"


@pytest.mark.parametrize(
    "typed, sentence",
    [
        ("", "Enter your code"),
        ("K7M", "A code is 6 letters and numbers, like K7M 2QX"),
        ("ABC234", "We could not find that code"),
    ],
)
def test_a_wrong_code_is_a_clear_error_on_the_same_page(client, typed, sentence):
    page = client.get("/c/", {"code": typed})
    assert page.status_code == 400 and sentence in page.content.decode()
    assert "There is a problem" in page.content.decode()


def test_a_draft_or_unknown_code_is_not_found(client, poll):
    Consultation.objects.filter(pk=poll.pk).update(state=State.DRAFT)
    for path in ("/c/PQK234/", "/c/PQK234/privacy/", "/c/ZZZ234/"):
        page = client.get(path)
        assert page.status_code == 404 and b"We could not find that code" in page.content


def test_a_poll_is_answered_on_one_page(client, poll):
    page = client.get("/c/PQK234/")
    assert page.status_code == 200 and cookies_of(page) == ALLOWED_COOKIES
    html = page.content.decode()
    assert "Which night should the club open?" in html and "checked" not in html  # nothing pre-ticked
    sent = client.post(
        "/c/PQK234/", {f"q{q(poll, QuestionKind.SINGLE).pk}": choice(poll, QuestionKind.SINGLE, "Saturday")}
    )
    assert sent.status_code == 302 and sent.url == "/c/PQK234/thanks/"
    response = Response.objects.get(consultation=poll)
    assert response.answers.get().choice.text == "Saturday"
    thanks = client.get(sent.url)
    assert b"Thank you" in thanks.content and b"To decide how to spend the park budget" in thanks.content
    again = client.get("/c/PQK234/")
    assert b"You have already answered" in again.content
    resent = client.post(
        "/c/PQK234/", {f"q{q(poll, QuestionKind.SINGLE).pk}": choice(poll, QuestionKind.SINGLE, "Tuesday")}
    )
    assert b"You have already answered" in resent.content and Response.objects.count() == 1


def survey_post(survey, **extra) -> dict:
    data = {
        "age_band": "13_to_15",
        f"q{q(survey, QuestionKind.SINGLE).pk}": choice(survey, QuestionKind.SINGLE, "Thursday"),
        f"q{q(survey, QuestionKind.MULTIPLE).pk}": [
            choice(survey, QuestionKind.MULTIPLE, "Benches"),
            choice(survey, QuestionKind.MULTIPLE, "Lights"),
        ],
        f"q{q(survey, QuestionKind.SCALE).pk}": "2",
        f"q{q(survey, QuestionKind.RANKING).pk}_{choice(survey, QuestionKind.RANKING, 'Toilets')}": "1",
        f"q{q(survey, QuestionKind.RANKING).pk}_{choice(survey, QuestionKind.RANKING, 'Lights')}": "2",
        f"q{q(survey, QuestionKind.FREE_TEXT).pk}": PLAIN,
        f"q{q(survey, QuestionKind.STATEMENT).pk}": "0",
    }
    return data | extra


def test_a_survey_goes_through_check_your_answers_and_change_brings_them_back(client, survey):
    form = client.get("/c/SRV234/").content.decode()
    assert form.index("How old are you?") < form.index("Which night should the club open?")
    assert re.search(r'value=""\s+checked', form)  # "Prefer not to say" is the one answer given for them
    check = client.post("/c/SRV234/", survey_post(survey))
    html = check.content.decode()
    assert check.status_code == 200 and "Check your answers" in html and not Response.objects.exists()
    assert "13 to 15" in html and "Thursday" in html and "1. Toilets" in html and "2 out of 5" in html
    assert "Pass" in html and PLAIN in html and "Not answered" not in html
    changed = client.post("/c/SRV234/", survey_post(survey, change="1"))
    assert b"Check your answers" not in changed.content and PLAIN.encode() in changed.content
    sent = client.post("/c/SRV234/", survey_post(survey, confirm="1"))
    assert sent.url == "/c/SRV234/thanks/"
    response = Response.objects.get()
    assert (
        response.age_band == "13_to_15"
        and response.answers.count() == 7
        and response.written.get().text == PLAIN
    )


def test_a_refused_answer_comes_back_with_what_was_typed(client, survey):
    q(survey, QuestionKind.SCALE).__class__.objects.filter(pk=q(survey, QuestionKind.SCALE).pk).update(
        required=True
    )
    data = survey_post(survey)
    del data[f"q{q(survey, QuestionKind.SCALE).pk}"]
    data[f"q{q(survey, QuestionKind.RANKING).pk}_{choice(survey, QuestionKind.RANKING, 'Lights')}"] = "1"
    page = client.post("/c/SRV234/", data)
    html = page.content.decode()
    assert page.status_code == 400 and "There is a problem" in html
    assert "Choose a number from 1 to 5" in html and "Give each option a different place" in html
    assert PLAIN in html and not Response.objects.exists()


def test_a_tampered_cookie_is_no_token_and_gets_a_new_one(client, poll):
    token = tokens.new_token()
    client.post("/c/PQK234/", {})  # answers nothing (optional), with a new token
    assert Response.objects.count() == 1
    client.cookies[tokens.COOKIE] = f"{token}:forged"
    page = client.get("/c/PQK234/")
    assert (
        b"You have already answered" not in page.content
        and page.cookies[tokens.COOKIE].value != f"{token}:forged"
    )


def test_closed_and_not_yet_open_pages(client, poll):
    Consultation.objects.filter(pk=poll.pk).update(state=State.CLOSED, closed_at=timezone.now())
    assert b"This poll has closed" in client.get("/c/PQK234/").content
    assert client.post("/c/PQK234/", {}).status_code == 200 and not Response.objects.exists()
    Consultation.objects.filter(pk=poll.pk).update(
        state=State.CLOSED,
        feedback_published_at=timezone.now(),
        you_said_we_did="You said Saturdays. We open on Saturdays.",
    )
    closed = client.get(
        "/c/PQK234/"
    ).content  # "you said, we did": on results' page where it exists, else here
    assert b'href="/c/PQK234/feedback/"' in closed or b"We open on Saturdays." in closed
    Consultation.objects.filter(pk=poll.pk).update(
        state=State.OPEN, opens_at=timezone.now() + timedelta(days=2)
    )
    assert b"This poll is not open yet" in client.get("/c/PQK234/").content


def test_lookups_and_answers_are_rate_limited_per_address_and_audited_once(client, poll, settings):
    settings.HARBOUR_RATE_LIMITS = settings.HARBOUR_RATE_LIMITS | {
        "consultation_lookup_ip": (2, 15),
        "consultation_answer_ip": (1, 15),
    }
    for _ in range(3):  # a right code is not counted: a class opening one poll is never refused
        assert client.get("/c/PQK234/").status_code == 200
    assert client.post("/c/PQK234/", {}).status_code == 302
    refused = Client().post("/c/PQK234/", {})  # someone else on the same network
    assert refused.status_code == 429 and b"Too many tries" in refused.content and refused["Retry-After"]
    assert Response.objects.count() == 1
    assert client.get("/c/", {"code": "ABC234"}).status_code == 400  # not found: the first wrong code
    assert client.get("/c/ZZZ234/").status_code == 404  # the second
    assert client.get("/c/ZZZ235/").status_code == 429  # the third: guessing stops here
    assert client.get("/c/", {"code": "PQK234"}).status_code == 429  # a right code too, once refused
    events = AuditEvent.objects.filter(action="security.rate_limited")
    assert sorted(e.detail["limit"] for e in events) == ["consultation_answer_ip", "consultation_lookup_ip"]


def test_every_page_has_help_privacy_and_report_a_problem_and_nothing_from_elsewhere(client, survey, poll):
    client.post("/c/PQK234/", {})
    pages = {
        "/c/": 200,
        "/c/help/": 200,
        "/c/help/?code=SRV234": 200,
        "/c/privacy/": 200,
        "/c/SRV234/": 200,
        "/c/SRV234/privacy/": 200,
        "/c/PQK234/": 200,  # already answered
        "/c/PQK234/thanks/": 200,
        "/c/ZZZ234/": 404,
    }
    for path, status in pages.items():
        page = client.get(path)
        html = page.content.decode()
        assert page.status_code == status, path
        assert ">Help<" in html and ">Privacy<" in html and ">Report a problem<" in html, path
        assert not re.search(r"(https?:)?//[a-z]", html.replace('="//', "")), path
        assert "Sign in" not in html and "Sign out" not in html, path
        assert page["Cache-Control"] == "no-store" and page["Referrer-Policy"] == "same-origin"
        assert cookies_of(page) <= ALLOWED_COOKIES, path
    answer = client.get("/c/SRV234/").content.decode()
    assert 'href="/c/SRV234/problem/?page=/c/SRV234/"' in answer and "/c/SRV234/privacy/" in answer


def test_the_privacy_notice_says_what_is_kept_and_reads_at_twelve_or_under(client, survey):
    html = client.get("/c/SRV234/privacy/").content.decode()
    for words in (
        "Public task".lower(),
        "A cookie",
        "Your age group",
        "We delete the answers on",
        "0303 123 1113",
    ):
        assert words.lower() in html.lower()
    notice = re.search(r'<div class="harbour-privacy-notice">(.*?)</div>', html, re.DOTALL).group(1)
    text = re.sub(r"<[^>]+>", " ", notice)
    text = text.replace("To decide how to spend the park budget next year.", "")  # the builder's words
    assert reading_age(re.sub(r"\s+", " ", text)) <= 12


def test_a_post_without_the_csrf_token_is_refused_and_stores_nothing(poll):
    client = Client(enforce_csrf_checks=True)
    page = client.post("/c/PQK234/", {})
    assert page.status_code == 403 and not Response.objects.exists()


def test_no_staff_data_is_reachable_from_the_public_pages(client, survey, members, org):
    """Who built it, who moderates, the channel's internal name and a flagged answer's pseudonym never show."""
    from harbour.consultation.answering import submit_response

    submit_response(
        survey,
        token=tokens.new_token(),
        answers={q(survey, QuestionKind.FREE_TEXT).pk: "call me on 07700 900123"},
    )
    secrets = [m.user.full_name for m in members.values()] + [m.user.email for m in members.values()]
    secrets += [survey.channel.name, "Young person", "07700 900123"]
    client.get("/c/SRV234/")
    check = client.post("/c/SRV234/", survey_post(survey))
    pages = [
        client.get(path).content.decode()
        for path in ("/c/SRV234/", "/c/SRV234/privacy/", "/c/help/?code=SRV234")
    ]
    pages.append(check.content.decode())
    for html in pages:
        assert not [secret for secret in secrets if secret in html]
