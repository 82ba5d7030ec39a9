"""A manager invites someone, who accepts by email, sets a password and two-factor, and starts work;
a viewer is refused the manager's pages."""

import re
from base64 import b32decode

import pytest
from django.core import mail
from django_otp.oath import TOTP
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Welc0me!aboard-now"


def test_invitation_accepted_end_to_end(page, browser, live_server, manager, sign_in_browser, axe_check):
    base = live_server.url
    sign_in_browser(page, manager.user)
    page.goto(f"{base}/accounts/team/")
    axe_check(page)
    page.get_by_role("link", name="Invite someone").click()
    axe_check(page)
    page.get_by_label("Email address").fill("nia.new@example.org")
    page.get_by_role("button", name="Send the invitation").click()  # no role chosen: nothing is preselected
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the role they will have")
    axe_check(page, context="invitation without a role")
    page.get_by_role("link", name="Choose the role they will have").click()
    expect(page.get_by_label("Viewer", exact=True)).to_be_focused()  # the summary links to the first radio
    page.get_by_label("Moderator", exact=True).check()
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "We have emailed an invitation to \u2068nia.new@example.org\u2069"
    )
    expect(page.locator("main")).to_contain_text("nia.new@example.org")
    axe_check(page, context="team page with an invitation")

    link = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[-1].body).group(0)
    newcomer = browser.new_page()
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Set up your account")
    axe_check(newcomer)
    newcomer.get_by_label("Your full name").fill("Nia New")
    newcomer.get_by_label("Create a password").fill("weak")
    newcomer.get_by_label("Confirm your password").fill("weak")
    newcomer.get_by_role("button", name="Continue").click()
    expect(newcomer.locator(".govuk-error-summary")).to_contain_text("at least 8 characters")
    axe_check(newcomer, context="invitation with errors")
    newcomer.get_by_label("Create a password").fill(NEW_PASSWORD)
    newcomer.get_by_label("Confirm your password").fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Continue").click()

    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    newcomer.get_by_text("I cannot scan the QR code").click()
    secret = newcomer.locator("#manual-secret").inner_text().replace(" ", "")
    newcomer.get_by_label("Code from your authenticator app").fill(f"{TOTP(b32decode(secret)).token():06d}")
    newcomer.get_by_role("button", name="Continue").click()
    newcomer.get_by_role("link", name="I have saved my backup codes").click()
    newcomer.get_by_label("I have read this code of conduct and I will follow it").check()
    newcomer.get_by_role("button", name="Confirm and continue").click()
    expect(newcomer.locator("header")).to_contain_text("Derby Youth Service · Moderator")

    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("This invitation link does not work")


def test_viewer_is_refused_the_managers_pages(page, live_server, viewer, sign_in_browser, axe_check):
    sign_in_browser(page, viewer.user)
    for path in ("/accounts/team/", "/accounts/settings/", "/accounts/training/courses/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 403, path
    axe_check(page, context="403 page")
    page.goto(f"{live_server.url}/accounts/training/")
    axe_check(page)


def test_viewer_reads_the_channels_without_buttons(page, live_server, viewer, sign_in_browser, axe_check):
    from tests.isolation import make_channel

    channel = make_channel(viewer.organisation)
    sign_in_browser(page, viewer.user)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Channels").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Channels")
    expect(page.get_by_role("link", name="Propose a channel")).to_have_count(0)
    axe_check(page, context="channel list as a viewer")
    page.get_by_role("link", name=channel.name).click()
    expect(page.locator("main form")).to_have_count(0)
    expect(page.locator("main .govuk-button")).to_have_count(0)
    axe_check(page, context="channel page as a viewer")
