"""The hand-over in Chromium, keyboard only, on a 390 px phone, with axe on every page: a moderator escalates a
screened item (the form preselects what screening found), the safeguarding lead is e-mailed (who escalated it
and the category, never the words) and finds it on the console home; a manager reads the numbers."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from harbour.safeguarding.models import Concern
from tests.cast import active_channel, finding, give_training, make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "he locks me in my room when mum is at work and says not to tell"
SUMMARY = "She says her stepdad locks her in; she asked us not to tell anyone"


def fits(page, width=390) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_moderator_escalates_and_the_lead_is_alerted_without_the_words(
    page, live_server, org, moderator, dsl, manager, sign_in_browser, axe_check
):
    channel = active_channel(org)
    channel.moderators.add(moderator)
    give_training(moderator, "moderate")
    give_training(dsl, "handle_concerns")
    item = make_item(channel, TEXT, findings=[finding("disclosure", 4)], action="escalate")
    page.set_viewport_size({"width": 390, "height": 900})

    sign_in_browser(page, moderator.user)
    page.goto(f"{live_server.url}/inbox/{item.pk}/")
    page.keyboard.press("e")  # the item page's shortcut opens the escalate form
    expect(page.get_by_role("heading", name="Escalate to safeguarding")).to_be_visible()
    expect(page.get_by_label("What kind of concern is it?")).to_have_value("disclosure")
    expect(page.get_by_label("Critical")).to_be_checked()
    assert fits(page)
    axe_check(page, context="the escalate form at 390 px")
    page.get_by_label("What worries you").focus()
    page.keyboard.type(SUMMARY)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Escalated to safeguarding")
    assert fits(page)
    axe_check(page, context="the item, escalated")

    concern = Concern.objects.get()
    assert concern.summary == SUMMARY and concern.raised_by == moderator
    [email] = mail.outbox
    assert (
        email.to == [dsl.user.email]
        and "Mo Moderator" in email.body
        and f"/safeguarding/{concern.pk}/" in email.body
    )
    assert "locks" not in email.subject + email.body and "stepdad" not in email.body

    page.context.clear_cookies()
    sign_in_browser(page, dsl.user)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text("1 concern nobody has opened yet")).to_be_visible()
    assert fits(page)
    axe_check(page, context="the lead's home with the unopened concern")

    page.context.clear_cookies()
    sign_in_browser(page, manager.user)
    page.goto(f"{live_server.url}/safeguarding/counts/")
    expect(page.get_by_role("heading", name="Safeguarding concerns: the numbers")).to_be_visible()
    assert "stepdad" not in page.content() and fits(page)
    axe_check(page, context="the numbers at 390 px")
