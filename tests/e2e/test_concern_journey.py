"""The whole hand-over in Chromium, keyboard only, with axe on every page: on an inbox like the demo's, a
moderator escalates a screened disclosure (the hand-over form); the safeguarding lead is e-mailed (who
escalated it and the category, never the words); the lead, whose last two-factor check is 16 minutes old,
follows the e-mail, confirms it is them and opens the concern, records a referral from the picker, adds the
reference the service gave later, and closes the concern with an outcome and its reason; the moderator's
receipt then says it is closed, and nothing more. Nothing here reaches the network."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from harbour.connectors.demo.connector import feed
from harbour.safeguarding import destinations
from harbour.safeguarding.models import Concern, Referral, Status
from tests.cast import active_channel, add_authenticator, finding, give_training, make_item, totp_code
from tests.e2e.test_safeguarding_pages import check_was_sixteen_minutes_ago, fits_a_phone, press_on, tab_to

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("no_otp_throttle"),
]

DISCLOSURE = "demo-048"  # the demo feed's disclosure (harbour/connectors/demo/feed.json)
WORRY = "Tia says people message her at night about her weight; she does not want to go to school"
SHARED = "Her first name, her account's handle and what she wrote"
WHY = "A child at risk of harm from online abuse who is missing school"
REFERENCE = "MASH-2026-0418"
OUTCOME = "Early help assessment agreed with her school and family"
OUTCOME_REASON = "Social care found no need for a section 47 enquiry"


@pytest.fixture
def inbox(org, moderator):
    """An inbox like the demo's: the feed's first replies, screened and allowed, and its disclosure."""
    channel = active_channel(org)
    channel.moderators.add(moderator)
    messages = {message["id"]: message for message in feed()["messages"]}
    for message in [m for m in messages.values() if m["kind"] == "reply"][:8]:
        make_item(channel, message["text"], minutes_ago=90)
    return make_item(
        channel,
        messages[DISCLOSURE]["text"],
        kind="direct_message",
        author_display_name="Tia",
        findings=[finding("disclosure", 3, reason="A young person says others are hurting her")],
        action="escalate",
        minutes_ago=30,
    )


def test_a_concern_goes_from_the_inbox_to_a_closed_referral_with_the_keyboard(
    page, live_server, org, moderator, dsl, inbox, sign_in_browser, axe_check
):
    give_training(moderator, "moderate", "raise_concerns")
    give_training(dsl, "handle_concerns")
    destinations.add_derby_and_derbyshire(org, by=dsl)
    mail.outbox.clear()
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    # The moderator finds the disclosure in the inbox and hands it over.
    sign_in_browser(page, moderator.user)
    page.goto(f"{live_server.url}{reverse('inbox:index')}")
    axe_check(page, context="the moderator's inbox")
    press_on(page, page.get_by_role("link", name="Open the item from Tia"))
    expect(page.locator("main")).to_contain_text("horrible messages")
    axe_check(page, context="the disclosure")
    page.keyboard.press("e")  # the item page's shortcut opens the escalate form
    expect(page.get_by_role("heading", name="Escalate to safeguarding")).to_be_visible()
    expect(page.get_by_label("What kind of concern is it?")).to_have_value("disclosure")
    axe_check(page, context="the hand-over form")
    tab_to(page, page.get_by_label("What worries you"))
    page.keyboard.type(WORRY)
    press_on(page, page.get_by_role("button", name=re.compile("Escalate")))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Escalated to safeguarding")
    axe_check(page, context="the item, escalated")
    concern = Concern.objects.get()
    assert (concern.raised_by, concern.category, concern.summary) == (moderator, "disclosure", WORRY)

    # The lead's e-mail: who handed it over and the category, a link, and no words from the message.
    [email] = mail.outbox
    assert email.to == [dsl.user.email]
    assert "Mo Moderator" in email.body and "Disclosure" in email.subject + email.body
    for words in ("horrible", "weight", "school", "Tia"):
        assert words not in email.subject + email.body, words
    link = re.search(rf"/safeguarding/{concern.pk}/", email.body)
    assert link is not None

    # The lead signed in 16 minutes ago: the e-mail's link asks them to confirm it is them first.
    page.context.clear_cookies()
    device = add_authenticator(dsl.user)
    sign_in_browser(page, dsl.user)
    check_was_sixteen_minutes_ago(page)
    page.goto(f"{live_server.url}{link.group(0)}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it's you")
    axe_check(page, context="confirming it's the lead")
    tab_to(page, page.get_by_label("Code"))
    page.keyboard.type(totp_code(device))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        Concern(category="disclosure").get_category_display()
    )
    expect(page.locator("main")).to_contain_text(WORRY)
    axe_check(page, context="the concern")
    fits_a_phone(page)
    assert Concern.objects.get().first_opened_by == dsl

    # A referral from the picker, recorded before the service gave a reference.
    record = page.locator("#referrals").get_by_role(
        "link", name=re.compile(r"^Record a referral to (?!another)")
    )
    name = record.first.inner_text().removeprefix("Record a referral to ").strip()
    press_on(page, record.first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a referral")
    axe_check(page, context="the referral form")
    tab_to(page, page.get_by_label("What did you share?"))
    page.keyboard.type(SHARED)
    tab_to(page, page.get_by_label("Why did you refer it?"))
    page.keyboard.type(WHY)
    press_on(page, page.get_by_role("button", name="Record the referral"))
    expect(
        page.get_by_text(re.compile(rf"The referral to \W?{re.escape(name)}\W? is recorded\."))
    ).to_be_visible()
    axe_check(page, context="the concern with its referral")

    # The reference comes later.
    press_on(page, page.get_by_role("link", name=f"Add the reference from {name}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Add the reference from {name}")
    axe_check(page, context="adding the reference")
    tab_to(page, page.get_by_label("Their reference"))
    page.keyboard.type(REFERENCE)
    press_on(page, page.get_by_role("button", name="Save the reference"))
    expect(
        page.get_by_text(re.compile(rf"The reference from \W?{re.escape(name)}\W? is saved\."))
    ).to_be_visible()
    expect(page.locator("#referrals dl").first).to_contain_text(REFERENCE)
    axe_check(page, context="the concern with the reference")
    referral = Referral.objects.get()
    assert (referral.destination_name, referral.shared, referral.reason, referral.reference) == (
        name,
        SHARED,
        WHY,
        REFERENCE,
    )

    # Closed with the outcome and why.
    press_on(page, page.get_by_role("link", name="Close with an outcome"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Close with an outcome")
    axe_check(page, context="closing")
    tab_to(page, page.get_by_label("The outcome", exact=True))
    page.keyboard.type(OUTCOME)
    tab_to(page, page.get_by_label("Why this is the outcome"))
    page.keyboard.type(OUTCOME_REASON)
    press_on(page, page.get_by_role("button", name="Close the concern"))
    expect(page.get_by_text(f"Concern #{concern.pk} is closed.")).to_be_visible()
    axe_check(page, context="the closed concern")
    closed = Concern.objects.get()
    assert (closed.status, closed.outcome, closed.outcome_reason) == (Status.CLOSED, OUTCOME, OUTCOME_REASON)

    # The moderator's receipt: closed, who received it, and nothing of what the lead recorded.
    page.context.clear_cookies()
    sign_in_browser(page, moderator.user)
    page.goto(f"{live_server.url}{reverse('console:home')}")
    press_on(page, page.get_by_role("link", name="Safeguarding", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Safeguarding")
    axe_check(page, context="the moderator's receipts")
    press_on(page, page.get_by_role("link", name=f"Concern #{concern.pk}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Concern #{concern.pk} received")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Closed")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Sam Safeguarding")
    axe_check(page, context="the moderator's receipt")
    content = page.content()
    for words in (WORRY, SHARED, WHY, REFERENCE, OUTCOME, OUTCOME_REASON, name, "horrible", "Disclosure"):
        assert words not in content, words

    assert all(url.startswith(live_server.url) for url in requested), [
        url for url in requested if not url.startswith(live_server.url)
    ]
