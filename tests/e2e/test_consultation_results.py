"""Consultation results in Chromium (issue 23's test): a poll where 3 people chose Tuesday shows neither the 3
nor the figure that would give it away, in the chart (no bar, "Fewer than 5" and "Hidden") and in its table,
and the CSV downloaded from the page says "<5" and "hidden"; the page has no serious axe violation and fits
a phone (390 px); the written answers' themes show allowed answers only; the young people's "you said,
we did" page is readable at 390 px by keyboard, with no axe violation; and opinion groups show two camps with
their common ground and a group of 3 nowhere, with no axe violation at 1024 or 390 px."""

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.consultation import feedback
from harbour.consultation.models import Kind, QuestionKind, State
from tests.consultation.test_results import answer, open_consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def poll(org, manager):
    poll = open_consultation(
        org,
        manager,
        [
            (
                QuestionKind.SINGLE,
                "Which night should the club open?",
                ["Tuesday", "Thursday", "Saturday", "Not sure"],
            ),
            (QuestionKind.FREE_TEXT, "Why that night?", []),
        ],
        kind=Kind.SURVEY,
    )
    answer(poll, 3, {1: "Tuesday"})
    answer(poll, 9, {1: "Thursday"})
    answer(poll, 1, {1: "Thursday", 2: "Thursday is when my football training finishes early"})
    answer(poll, 8, {1: "Saturday"})
    answer(poll, 1, {1: "Saturday", 2: "my stepdad hits me when he is drunk and I am scared to go home"})
    return poll


def test_a_group_of_3_is_hidden_in_the_chart_the_table_and_the_csv(
    page, live_server, manager, poll, sign_in_browser, axe_check, keep_screenshot
):
    sign_in_browser(page, manager.user)
    url = f"{live_server.url}{reverse('consultation:results', kwargs={'pk': poll.pk})}"
    for width in (1024, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.goto(url).status == 200
        keep_screenshot(page, f"consultation-results-{width}")
        axe_check(page, context=f"consultation results at {width} px")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    figure = page.locator("figure.harbour-bars").filter(has_text="Answers to question 1")
    table = figure.locator("table")
    cells = {
        table.locator("tbody tr").nth(n).locator("th").inner_text(): table.locator("tbody tr")
        .nth(n)
        .locator("td")
        .inner_text()
        for n in range(table.locator("tbody tr").count())
    }
    assert cells == {"Tuesday": "Fewer than 5", "Thursday": "10", "Saturday": "Hidden", "Not sure": "0"}
    drawing = figure.locator("svg")
    assert drawing.locator("text", has_text="Fewer than 5").count() == 1
    assert drawing.locator("text", has_text="Hidden").count() == 1
    assert drawing.locator("rect[fill='#1d70b8']").count() == 1  # one bar: Thursday's ("Not sure" is 0)
    assert "stepdad" not in page.content()
    assert (
        page.get_by_text("Thursday is when my football training finishes early").count() == 0
    )  # a theme of 1: not quoted

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the figures (CSV)").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    figures = {row[3]: row[5] for row in rows if row[0] == "1"}
    assert figures["Tuesday"] == "<5" and figures["Saturday"] == "hidden" and figures["Thursday"] == "10"
    assert not any("football" in cell or "stepdad" in cell for row in rows for cell in row)


def test_you_said_we_did_on_a_phone_by_keyboard(page, live_server, manager, poll, axe_check, keep_screenshot):
    poll.state, poll.closed_at = State.CLOSED, timezone.now()
    poll.save()
    feedback.publish_feedback(
        poll, "You told us Thursday.\n\nWe listened: from June the club opens on Thursdays too.", by=manager
    )
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.goto(f"{live_server.url}/c/{poll.code}/").status == 200
    link = page.get_by_role("link", name="See what young people said and what we are doing about it")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/c/{poll.code}/feedback/")
    keep_screenshot(page, "consultation-feedback-390")
    axe_check(page, context="you said, we did at 390 px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.get_by_role("heading", name="You said, we did").count() == 1
    assert page.get_by_text("from June the club opens on Thursdays too").count() == 1
    assert page.get_by_text("10 of 22 chose").count() == 1
    assert "Tuesday" not in page.locator("main").inner_text()


def test_opinion_groups_on_the_results_page(
    page, live_server, org, manager, sign_in_browser, axe_check, keep_screenshot
):
    from tests.consultation.test_opinions import two_camps

    statements = two_camps(org, manager, third=3, code="OPE234")
    sign_in_browser(page, manager.user)
    url = f"{live_server.url}{reverse('consultation:results', kwargs={'pk': statements.pk})}"
    for width in (1024, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.goto(url).status == 200
        section = page.locator("section[aria-labelledby=opinion-groups]")
        section.scroll_into_view_if_needed()
        keep_screenshot(page, f"consultation-opinion-groups-{width}")
        axe_check(page, context=f"opinion groups at {width} px")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert section.get_by_role("heading", name="Group A (12 people)").count() == 1
    assert section.get_by_role("heading", name="Group B (10 people)").count() == 1
    assert "Group C" not in section.inner_text() and "Others" not in section.inner_text()  # the 3
    common = section.locator("#common-ground").inner_text()
    assert "Young people should help choose the trips" in common
    table = section.get_by_role("table", name="How Group A voted")
    row = table.locator("tbody tr").nth(2)  # statement 3: 11 disagreed, 1 passed
    assert [cell.inner_text() for cell in row.locator("td").all()] == ["0 (0%)", "hidden", "fewer than 5"]
