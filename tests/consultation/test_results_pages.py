"""The results pages (harbour/consultation/results_views.py): a group of 3 is hidden in the chart, its table and
the CSV (the issue's test), with the figure that would give it away hidden too; the CSV is safe for
spreadsheets and never holds an answer's words; both downloads are audited; fewer than 5 responses show no
figures; written answers appear as themes with allowed examples only; roles and organisations are kept
apart; and "you said, we did" is published by a manager or author once closed (audited) and shown to young
people at /c/<code>/feedback/ with the headline results, and not before."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from harbour.audit.models import AuditEvent
from harbour.consultation.models import Kind, QuestionKind, State
from tests.consultation.test_results import POLL, answer, open_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll(org, manager):
    poll = open_consultation(org, manager, POLL, kind=Kind.POLL)
    answer(poll, 3, {1: "Tuesday"})
    answer(poll, 10, {1: "Thursday"})
    answer(poll, 8, {1: "Saturday"})
    return poll


def url(name, consultation):
    return reverse(f"consultation:{name}", kwargs={"pk": consultation.pk})


def close(consultation):
    consultation.state, consultation.closed_at = State.CLOSED, timezone.now()
    consultation.save()


def test_a_group_of_3_is_hidden_in_the_chart_the_table_and_the_csv(poll, manager, client_for):
    client = client_for(manager)
    page = client.get(url("results", poll))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Fewer than 5" in html and "Hidden" in html
    assert ">3<" not in html and ">8<" not in html  # neither the 3 nor the 8 that would give it away
    assert ">10<" in html and ">21<" in html
    assert "a group of fewer than 5 is never shown" in html
    # The chart draws no bar for either: the SVG holds the two words and no rect for them
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count("stroke-dasharray") == 2

    response = client.get(url("results_csv", poll))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    figures = {row[3]: row[5] for row in rows if row[0] == "1"}
    assert figures == {
        "All answers": "21",
        "Tuesday": "<5",
        "Thursday": "10",
        "Saturday": "hidden",
        "Not sure": "0",
    }
    event = AuditEvent.objects.get(action="consultation.results_exported")
    assert event.detail == {"kind": "csv", "rows": len(rows) - 1} and event.actor == manager.user


def test_the_pdf_report_is_a_pdf_and_audited(poll, manager, client_for):
    response = client_for(manager).get(url("results_pdf", poll))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and b"/Lang" in response.content
    assert AuditEvent.objects.get(action="consultation.results_exported").detail["kind"] == "pdf"


def test_fewer_than_5_responses_show_no_figures(org, manager, client_for):
    poll = open_consultation(org, manager, POLL)
    answer(poll, 4, {1: "Tuesday"})
    client = client_for(manager)
    html = client.get(url("results", poll)).content.decode()
    assert "Too few answers to show results yet" in html and "<svg" not in html
    rows = list(csv.reader(io.StringIO(client.get(url("results_csv", poll)).content.decode())))
    assert [row for row in rows if row[0] == "1"] == []


def test_written_answers_are_themes_in_the_page_and_never_in_the_csv(org, manager, client_for):
    survey = open_consultation(
        org,
        manager,
        [(QuestionKind.SINGLE, "Is the club fun?", ["Yes", "No"]), (QuestionKind.FREE_TEXT, "Why?", [])],
    )
    answer(survey, 5, {1: "Yes", 2: '=HYPERLINK("http://x.example") the club has a great pool table'})
    answer(survey, 1, {1: "No", 2: "my stepdad hits me when he is drunk and I am scared to go home"})
    client = client_for(manager)
    html = client.get(url("results", survey)).content.decode()
    assert "great pool table" in html  # an allowed answer, quoted as an example
    assert "stepdad" not in html
    text = client.get(url("results_csv", survey)).content.decode()
    assert "pool table" not in text and "stepdad" not in text and "HYPERLINK" not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert any(row[3].startswith("Theme: ") for row in rows)
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize("role", ["viewer", "author", "moderator"])
def test_who_may_see_results(poll, role, request, client_for):
    member = request.getfixturevalue(role)
    status = 403 if role == "viewer" else 200
    assert client_for(member).get(url("results", poll)).status_code == status
    assert client_for(member).get(url("results_csv", poll)).status_code == status


def test_another_organisation_cannot_see_them(poll, outsider, client_for):
    client = client_for(outsider)
    for name in ("results", "results_csv", "results_pdf", "feedback"):
        assert client.get(url(name, poll)).status_code == 404
    assert not AuditEvent.objects.filter(action="consultation.results_exported").exists()


def test_you_said_we_did_published_once_closed_and_shown_to_young_people(poll, author, moderator, client_for):
    public = reverse("consultation_public:feedback", kwargs={"code": poll.code})
    young_person = Client()
    assert client_for(moderator).get(url("feedback", poll)).status_code == 403
    client = client_for(author)
    text = "You asked for Thursdays. We did it: the club opens on Thursdays from June."
    refused = client.post(url("feedback", poll), {"text": text})
    assert refused.status_code == 400 and "Close the consultation first" in refused.content.decode()
    close(poll)
    assert young_person.get(public).status_code == 404  # closed, nothing published yet
    assert client.post(url("feedback", poll), {"text": "   "}).status_code == 400
    done = client.post(url("feedback", poll), {"text": text})
    assert done.status_code == 302
    poll.refresh_from_db()
    assert poll.you_said_we_did == text and poll.feedback_published_at
    event = AuditEvent.objects.get(action="consultation.feedback_published")
    assert event.detail == {"changed": False, "kind": "poll"} and event.actor == author.user
    html = young_person.get(public).content.decode()
    assert "the club opens on Thursdays from June" in html
    assert "the answer chosen most" not in html  # the 8 is hidden, so "most" cannot be claimed
    assert "10 of 21 chose" in html
    assert "Sign in" not in html
    closed_page = young_person.get(reverse("consultation_public:consultation", kwargs={"code": poll.code}))
    assert public in closed_page.content.decode()
