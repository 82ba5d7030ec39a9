"""Signing in through the real pages: first sign-in with two-factor set-up, then with a code and with a
backup code, and the lockout after repeated wrong passwords."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_for(secret: str, steps_ahead: int = 0) -> str:
    totp = TOTP(b32decode(secret))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def enter_password(page, base, email, password=PASSWORD):
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sign in")


def test_first_sign_in_sets_up_two_factor_then_codes_and_backup_codes_work(
    page, live_server, author, axe_check
):
    base = live_server.url
    page.goto(f"{base}/accounts/sign-in/")
    axe_check(page)
    page.get_by_role("button", name="Sign in").click()  # nothing entered: the error summary takes focus
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    axe_check(page, context="sign-in with errors")

    enter_password(page, base, author.user.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    axe_check(page)
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#manual-secret").inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("That code is not right")
    page.get_by_label("Code from your authenticator app").fill(code_for(secret))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Save your backup codes")
    axe_check(page)
    codes = page.locator("#backup-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="I have saved my backup codes").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Code of conduct")
    axe_check(page)
    page.get_by_label("I have read this code of conduct and I will follow it").check()
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Derby Youth Service")
    axe_check(page)

    sign_out(page)
    enter_password(page, base, author.user.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    axe_check(page)
    page.get_by_label("Code").fill(code_for(secret, steps_ahead=1))  # the set-up code's step is spent
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Derby Youth Service")

    sign_out(page)
    enter_password(page, base, author.user.email)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You used a backup code. You have 9 left"
    )


def test_five_wrong_passwords_lock_sign_in(page, live_server, author, axe_check):
    for _ in range(5):
        enter_password(page, live_server.url, author.user.email, "Wrong-passw0rd!")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in locked for 30 minutes")
    expect(page.locator("main")).to_contain_text(re.compile(r"try again after \d\d:\d\d"))
    axe_check(page)
