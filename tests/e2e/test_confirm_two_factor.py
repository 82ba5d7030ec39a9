""" "Confirm it's you" in Chromium, keyboard only, with axe: a safeguarding lead whose last two-factor check
is 16 minutes old opens a page that needs a fresh one (@recent_two_factor), is asked for a code, gets a
wrong one refused with the error summary focused, then enters the right one and is back on that page."""

import importlib
import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from playwright.sync_api import expect

from harbour.accounts.sessions import TWO_FACTOR_AT_KEY
from tests.accounts.fresh_two_factor_urls import PAGE
from tests.cast import add_authenticator, totp_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("no_otp_throttle"),  # the right code at once after a wrong one
]


def tab_to(page, target, *, limit: int = 60) -> None:
    """Press Tab until `target` has the focus: what a keyboard user does."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{target} cannot be reached with the keyboard")


def check_was_sixteen_minutes_ago(page) -> None:
    """Age the browser's session as 16 minutes without a code would (the view tests travel in time)."""
    cookie = next(c for c in page.context.cookies() if c["name"] == django_settings.SESSION_COOKIE_NAME)
    store = importlib.import_module(django_settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    store[TWO_FACTOR_AT_KEY] = (timezone.now() - timedelta(minutes=16)).timestamp()
    store.save()


def test_a_lead_confirms_it_is_them_with_the_keyboard_only(
    page, live_server, settings, dsl, sign_in_browser, axe_check
):
    settings.ROOT_URLCONF = "tests.accounts.fresh_two_factor_urls"
    device = add_authenticator(dsl.user)
    sign_in_browser(page, dsl.user)
    check_was_sixteen_minutes_ago(page)

    page.goto(f"{live_server.url}{PAGE}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it's you")
    axe_check(page)

    code = page.get_by_label("Code")
    tab_to(page, code)
    page.keyboard.type("000000")
    page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("That code is not right")
    expect(page).to_have_title(re.compile(r"^Error: Confirm it.s you"))
    axe_check(page, context="confirm it's you with an error")

    tab_to(page, summary.get_by_role("link"))
    page.keyboard.press("Enter")  # the summary's link takes the focus to the box
    expect(code).to_be_focused()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(totp_code(device))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("A page that needs a fresh check")
    assert page.url == f"{live_server.url}{PAGE}"
