"""What every console page shows around its content: nothing of the console before two-factor is done,
and body text in the GOV.UK typeface (the code of conduct once rendered in the browser's serif)."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_console_navigation_until_two_factor_is_done(page, live_server, manager, org):
    TOTPDevice.objects.create(user=manager.user, name="Authenticator app", confirmed=True)
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Email address").fill(manager.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    expect(page.locator(".govuk-service-navigation")).to_have_count(0)
    expect(page.locator("header")).not_to_contain_text(org.name)
    expect(page.locator("header").get_by_role("button", name="Sign out")).to_be_visible()  # the way out stays


def test_the_code_of_conduct_is_in_the_body_typeface(page, live_server, manager, sign_in_browser):
    sign_in_browser(page, manager.user)
    page.goto(f"{live_server.url}/accounts/code-of-conduct/")
    paragraph = page.locator(".harbour-code-of-conduct p").first
    expect(paragraph).to_be_visible()
    font = paragraph.evaluate("element => getComputedStyle(element).fontFamily")
    body_font = page.locator("h1").evaluate("element => getComputedStyle(element).fontFamily")
    assert font == body_font and "arial" in font.lower()
