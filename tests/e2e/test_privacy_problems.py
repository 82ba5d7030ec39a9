"""Recording a setting that cannot be fixed in a browser, and seeing it on the channel's page."""

import pytest
from playwright.sync_api import expect

from harbour.channels import services
from tests.cast import propose

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_setting_that_cannot_be_fixed_shows_on_the_channel(
    page, live_server, org, author, manager, sign_in_browser, axe_check
):
    channel = propose(org, author)
    review = services.start_privacy_review(channel, by=manager)
    sign_in_browser(page, manager.user)
    page.goto(f"{live_server.url}/channels/{channel.pk}/privacy/{review.pk}/")
    group = page.locator(".harbour-check").filter(has_text="Location is off")
    group.get_by_label("Wrong, and cannot be fixed").check()
    page.get_by_role("button", name="Save checks").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be fixed")
    group = page.locator(".harbour-check").filter(has_text="Location is off")
    group.get_by_label("Notes").fill("The old phone cannot be updated; replacing it next month")
    page.get_by_role("button", name="Save checks").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Finish the rest")

    page.goto(f"{live_server.url}/channels/{channel.pk}/")
    problems = page.locator("#privacy-problems")
    expect(problems).to_contain_text("1 privacy setting is wrong and could not be fixed")
    expect(page.get_by_text("The old phone cannot be updated; replacing it next month")).to_be_visible()
    axe_check(page, context="channel with an open privacy problem")
