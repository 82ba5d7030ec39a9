"""Building a survey in Chromium with the keyboard alone: the author starts it, fills in its details, writes a
leading question and sees the warning appear as they type (htmx, no page load, announced in a live region),
is refused publishing with that warning in the error summary, rewords the question until the warning goes,
and publishes; every page is axe clean, and fits a 390 px phone without sideways scrolling."""

import pytest
from playwright.sync_api import expect

from harbour.consultation.models import Consultation, State
from tests.cast import consultation_channel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def type_into(page, locator, text: str) -> None:
    locator.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def press(page, locator, key: str = "Enter") -> None:
    locator.focus()
    page.keyboard.press(key)


def fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_an_author_builds_a_survey_by_keyboard(
    page, live_server, org, author, sign_in_browser, axe_check, keep_screenshot
):
    consultation_channel(org)
    sign_in_browser(page, author.user)
    page.goto(f"{live_server.url}/consultations/")
    axe_check(page, context="the list of consultations")
    press(page, page.get_by_role("button", name="Start a consultation"))

    expect(page.get_by_role("heading", name="Start a consultation", level=1)).to_be_visible()
    press(page, page.get_by_role("radio", name="Survey"), "Space")
    type_into(page, page.get_by_label("Title"), "Make the park yours")
    press(page, page.get_by_role("radio", name="Youth Voice consultations"), "Space")
    axe_check(page, context="the new consultation page")
    press(page, page.get_by_role("button", name="Save as a draft"))

    expect(page.get_by_role("heading", name="Details", level=1)).to_be_visible()
    type_into(
        page, page.get_by_label("Introduction"), "Tell us what you think of the park. It takes two minutes."
    )
    type_into(page, page.get_by_label("Why does that basis apply?"), "Part of the council's youth work duty.")
    type_into(page, page.locator("#id_answers_kept_until-day"), "1")
    type_into(page, page.locator("#id_answers_kept_until-month"), "9")
    type_into(page, page.locator("#id_answers_kept_until-year"), "2099")
    axe_check(page, context="the details page")
    press(page, page.get_by_role("button", name="Save the details"))  # no purpose yet: publishing will say

    expect(page.locator(".govuk-notification-banner")).to_contain_text("The details are saved")
    press(page, page.get_by_role("button", name="Add a question"))
    expect(page.get_by_role("heading", name="Add a question", level=1)).to_be_visible()
    page.evaluate("window.notReloaded = true")
    press(page, page.get_by_role("radio", name="Their own words"), "Space")
    type_into(page, page.get_by_label("The question"), "Don't you agree the new park is amazing?")
    leading = page.locator("#question-warnings [data-rule=leading]")
    expect(leading).to_be_visible()
    expect(leading).to_contain_text("Must fix")
    expect(page.locator("#warnings-status[role=status]")).to_contain_text("2 warnings about this question")
    assert page.evaluate("window.notReloaded") is True  # swapped in, not a new page
    axe_check(page, context="the question page with warnings")
    keep_screenshot(page, "consultation_question_warnings")
    press(page, page.get_by_role("button", name="Save the question"))

    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 things to put right")
    press(page, page.get_by_role("button", name="Add a question"))
    press(page, page.get_by_role("radio", name="One choice"), "Space")
    type_into(page, page.get_by_label("The question"), "How often do you go to the park?")
    type_into(page, page.get_by_role("textbox", name="Choices"), "Every week\nSometimes\nNever\nNot sure")
    expect(page.locator("#question-warnings [data-rule=none]")).to_be_visible()
    press(page, page.get_by_role("button", name="Save the question"))

    press(page, page.get_by_role("button", name="Publish"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("cannot be published yet")
    expect(summary).to_contain_text("Question 1:")
    expect(summary).to_contain_text("Say what the answers are for")
    assert page.title().startswith("Error:")
    axe_check(page, context="the consultation refused publishing")
    keep_screenshot(page, "consultation_refused")
    survey = Consultation.objects.get()
    assert survey.state == State.DRAFT

    press(page, page.get_by_role("link", name="Change question 1"))
    type_into(page, page.get_by_label("The question"), "What do you think of the new park?")
    expect(page.locator("#question-warnings [data-rule=none]")).to_be_visible()
    expect(page.locator("#question-warnings [data-rule=leading]")).to_have_count(0)
    press(page, page.get_by_role("button", name="Save the question"))
    press(page, page.get_by_role("link", name="Change the details of this consultation"))
    type_into(
        page, page.get_by_label("What are the answers for?"), "To plan the park's new paths and lights."
    )
    press(page, page.get_by_role("button", name="Save the details"))

    press(page, page.get_by_role("button", name="Publish"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"the code {survey.code}")
    survey.refresh_from_db()
    assert survey.state == State.OPEN
    expect(page.get_by_role("link", name=f"/c/{survey.code}/")).to_be_visible()
    axe_check(page, context="the published consultation")
    keep_screenshot(page, "consultation_published")

    page.set_viewport_size(PHONE)
    for path in ("/consultations/", f"/consultations/{survey.pk}/", f"/consultations/{survey.pk}/details/"):
        page.goto(f"{live_server.url}{path}")
        fits_the_phone(page)
        axe_check(page, context=f"{path} at 390 px")
    keep_screenshot(page, "consultation_details_phone")
