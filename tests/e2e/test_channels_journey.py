"""Channels in a browser: propose, approve and activate a channel; its public disclaimer; a privacy review.
Each page is checked with axe-core on the way."""

import re

import pytest
from playwright.sync_api import expect

from harbour.channels import services
from harbour.channels.models import Channel, Outcome, Status
from tests.cast import complete_readiness, propose

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_propose_approve_and_activate_a_channel(
    page, live_server, author, manager, moderator, sign_in_browser, axe_check
):
    base = live_server.url
    sign_in_browser(page, author.user)
    page.goto(f"{base}/channels/")
    axe_check(page, context="channel list")
    page.get_by_role("link", name="Propose a channel").click()
    axe_check(page, context="propose form")

    page.get_by_role("button", name="Send for approval").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for the channel")
    axe_check(page, context="propose form with errors")

    page.get_by_label("Bluesky").check()
    page.get_by_label("Name in Harbour").fill("Youth Council on Bluesky")
    page.get_by_label("Account handle or address").fill("@derbyyouth.bsky.social")
    page.get_by_label("The account's display name").fill("Derby Youth Council")
    page.get_by_label("This account is in the organisation's name").check()
    page.get_by_label("Aims and objectives").fill("Hear what young people think about the council.")
    page.get_by_label("Youngest age in the audience").fill("13")
    page.get_by_label("Oldest age in the audience").fill("19")
    page.get_by_label("Why this platform suits the audience").fill("Young people here use it.")
    page.get_by_role("group", name="Owners").get_by_label("\u2068Ava Author\u2069 (Author)").check()
    page.get_by_role("group", name="Moderators").get_by_label("\u2068Mo Moderator\u2069 (Moderator)").check()
    page.get_by_label("When the account is moderated").fill("every day from 9am to 8pm")
    page.get_by_label("Response time in hours").fill("24")
    page.get_by_label("Contact email address").fill("youth@derby.example.org")
    page.get_by_role("button", name="Send for approval").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been proposed")
    expect(page.locator("h1")).to_contain_text("Proposed")
    axe_check(page, context="proposed channel")
    channel = Channel.objects.get()

    page.context.clear_cookies()
    sign_in_browser(page, manager.user)
    page.goto(f"{base}/channels/{channel.pk}/")
    page.get_by_role("link", name="Approve or reject").click()
    axe_check(page, context="decision form")
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator("h1")).to_contain_text("Approved")

    page.get_by_role("link", name="Make active").click()
    expect(page.locator("#activation-gaps")).to_contain_text("Publish a disclaimer")
    axe_check(page, context="activation with gaps")

    page.goto(f"{base}/channels/{channel.pk}/disclaimer/")
    axe_check(page, context="disclaimer editor")
    expect(page.get_by_label("Disclaimer")).to_have_value(re.compile("If you need help now"))
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Version 1 of the disclaimer is published"
    )

    services.set_credential(channel, "app_password", "abcd-efgh-ijkl-mnop", by=manager)
    review = services.start_privacy_review(channel, by=manager)
    services.record_privacy_checks(
        review, {c.item: (Outcome.CONFIRMED, "") for c in review.checks.all()}, by=manager
    )
    complete_readiness(channel, by=manager)  # the checklist in the browser: tests/e2e/test_readiness_gate.py

    page.goto(f"{base}/channels/{channel.pk}/activate/")
    page.get_by_role("button", name="Make active").click()
    expect(page.locator("h1")).to_contain_text("Active")
    channel.refresh_from_db()
    assert channel.status == Status.ACTIVE


def test_the_public_disclaimer_page(page, live_server, org, author, manager, axe_check):
    channel = propose(org, author)
    from harbour.channels import disclaimer

    services.publish_disclaimer(channel, disclaimer.generate(channel), by=manager)
    page.goto(f"{live_server.url}/p/disclaimer/{channel.public_slug}/")  # nobody signed in
    expect(page.locator("h1")).to_have_text("How this account is run")
    expect(page.get_by_role("link", name="childline.org.uk")).to_have_attribute(
        "href", "https://childline.org.uk"
    )
    axe_check(page, context="public disclaimer")
    page.set_viewport_size({"width": 320, "height": 640})  # a phone, where most young readers are
    axe_check(page, context="public disclaimer on a small screen")


def test_a_privacy_review_in_two_sittings(
    page, live_server, org, author, manager, moderator, sign_in_browser, axe_check
):
    channel = propose(org, author)
    services.update_channel(channel, {}, owners=[author], moderators=[moderator], by=manager)
    base = live_server.url
    sign_in_browser(page, moderator.user)
    page.goto(f"{base}/channels/{channel.pk}/privacy/")
    axe_check(page, context="privacy reviews")
    page.get_by_role("button", name="Start a review").click()
    axe_check(page, context="privacy checklist")

    group = page.locator(".harbour-check").filter(has_text="Direct messages are restricted")
    group.get_by_label("Does not apply to this account").check()
    page.get_by_role("button", name="Save checks").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("does not apply")
    axe_check(page, context="privacy checklist with errors")
    group = page.locator(".harbour-check").filter(has_text="Direct messages are restricted")
    group.get_by_label("Notes").fill("Chat is switched off for organisation accounts in our region")
    page.get_by_role("button", name="Save checks").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Finish the rest")

    for radio in page.get_by_label("Checked and set as described").all():
        if not radio.is_checked():
            radio.check()
    page.get_by_role("button", name="Save checks").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The privacy review is complete")
    review = channel.privacy_reviews.get()
    assert review.is_complete
    assert review.checks.get(item="bsky_chat_restricted").checked_by == moderator.user
