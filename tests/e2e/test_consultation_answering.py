"""A young person answers a poll and a survey in Chromium at a phone's 390 px, with the keyboard alone and axe on
every page (issue 23): types the code they were given, picks an answer with the arrow keys and sends it; then
answers a survey (age band first, "Prefer not to say" already chosen; a scale, a ranking with selects, words
of their own), is shown a problem without losing what they typed, checks their answers, changes one with the
Change button, sends, and sees the thank-you page; a second visit says they have already answered. No page is
wider than the phone, and the only cookies are the participant token and CSRF."""

import pytest
from playwright.sync_api import expect

from harbour.consultation.models import Kind, QuestionKind, Response
from tests.consultation.test_answering import make_open

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
WORDS = "More lights by the skate ramp, and a shelter for when it rains."


def tab_to(page, target, *, limit: int = 120) -> None:
    """Press Tab until `target` has the focus: what a keyboard user does."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{target} cannot be reached with the keyboard")


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width} px wide at {WIDTH} px"


def looked_at(page, axe_check, keep_screenshot, name: str) -> None:
    fits(page)
    axe_check(page, context=name)
    keep_screenshot(page, f"consultation-answering-{name}")


def test_a_young_person_answers_a_poll_and_a_survey_by_keyboard_on_a_phone(
    page, live_server, org, manager, axe_check, keep_screenshot
):
    poll = make_open(
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
    survey = make_open(org, manager, code="SRV234", asks_age_band=True)
    page.set_viewport_size({"width": WIDTH, "height": 844})

    # The poll, from the code page.
    page.goto(f"{live_server.url}/c/")
    looked_at(page, axe_check, keep_screenshot, "code")
    tab_to(page, page.get_by_label("Your code"))
    page.keyboard.type("pqk 234")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(poll.title)
    looked_at(page, axe_check, keep_screenshot, "poll")
    tab_to(page, page.get_by_label("Tuesday"))
    page.keyboard.press("ArrowDown")  # Thursday
    page.keyboard.press("ArrowDown")  # Saturday
    expect(page.get_by_label("Saturday")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Send my answer"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    looked_at(page, axe_check, keep_screenshot, "poll-thanks")
    assert Response.objects.get(consultation=poll).answers.get().choice.text == "Saturday"

    # The survey, opened from its own address (a link or QR code).
    page.goto(f"{live_server.url}/c/SRV234/")
    looked_at(page, axe_check, keep_screenshot, "survey")
    expect(page.get_by_label("Prefer not to say")).to_be_checked()
    tab_to(page, page.get_by_label("Prefer not to say"))
    page.keyboard.press("ArrowUp")  # 18 to 25
    page.keyboard.press("ArrowUp")  # 16 or 17
    expect(page.get_by_label("16 or 17")).to_be_checked()
    tab_to(page, page.get_by_label("Tuesday"))  # none chosen yet: Tab lands on the group's first
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Thursday")).to_be_checked()
    tab_to(page, page.get_by_label("Benches"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Shelter"))
    page.keyboard.press("ArrowDown")  # "1st"
    tab_to(page, page.get_by_label("Toilets"))
    page.keyboard.press("ArrowDown")  # "1st" again: a problem to be shown
    tab_to(page, page.get_by_role("textbox"))
    page.keyboard.type(WORDS)
    tab_to(page, page.get_by_label("Agree", exact=True))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")

    # Two options given 1st place: the problem is listed, and everything typed is still there.
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Give each option a different place")).to_be_visible()
    expect(page.get_by_role("textbox")).to_have_value(WORDS)
    expect(page.get_by_label("16 or 17")).to_be_checked()
    looked_at(page, axe_check, keep_screenshot, "survey-problem")
    tab_to(page, page.get_by_role("link", name="Give each option a different place"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Toilets"))
    page.keyboard.press("ArrowDown")  # "2nd"
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    looked_at(page, axe_check, keep_screenshot, "survey-check")
    expect(page.get_by_text("1. Shelter")).to_be_visible()
    expect(page.get_by_text("2. Toilets")).to_be_visible()
    assert not Response.objects.filter(consultation=survey).exists()
    tab_to(page, page.get_by_role("button", name="Change your answer to question 6"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Agree", exact=True))
    page.keyboard.press("ArrowDown")  # Disagree
    expect(page.get_by_label("Disagree")).to_be_checked()
    expect(page.get_by_role("textbox")).to_have_value(WORDS)
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    tab_to(page, page.get_by_role("button", name="Send my answers"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    looked_at(page, axe_check, keep_screenshot, "survey-thanks")

    response = Response.objects.get(consultation=survey)
    assert response.age_band == "16_to_17" and response.written.get().text == WORDS
    statement = response.answers.get(question__kind=QuestionKind.STATEMENT)
    assert statement.value == -1
    ranked = response.answers.filter(question__kind=QuestionKind.RANKING).order_by("value")
    assert [(a.choice.text, a.value) for a in ranked] == [("Shelter", 1), ("Toilets", 2)]

    page.goto(f"{live_server.url}/c/SRV234/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You have already answered")
    looked_at(page, axe_check, keep_screenshot, "survey-answered")
    names = {cookie["name"] for cookie in page.context.cookies()}
    assert names == {"harbour_participant", "harbour-csrf"}
