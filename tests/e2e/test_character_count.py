"""GOV.UK's character count in a browser: the shared field partial marks a limited textarea up and
harbour.js starts GOV.UK Frontend, so the count changes as a person types and warns when over."""

import pytest
from playwright.sync_api import expect

from tests.cast import propose

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_count_updates_as_you_type_and_the_server_refuses_too_much(
    page, live_server, author, manager, sign_in_browser, axe_check
):
    channel = propose(author.organisation, author)
    sign_in_browser(page, manager.user)
    page.goto(f"{live_server.url}/channels/{channel.pk}/retire/")
    box = page.get_by_label("Why is the channel being retired?")
    status = page.locator(".govuk-character-count__status")
    expect(status).to_have_text("You have 1,000 characters remaining")
    assert box.get_attribute("maxlength") is None  # typing past the limit is allowed, and shown

    box.press_sequentially("We stopped")
    expect(status).to_have_text("You have 990 characters remaining")
    box.fill("a" * 1003)
    expect(status).to_have_text("You have 3 characters too many")
    expect(box).to_have_class("govuk-textarea govuk-js-character-count govuk-textarea--error")
    axe_check(page, context="character count over the limit")

    page.get_by_role("button", name="Retire the channel").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The reason must be 1,000 characters or fewer"
    )
    expect(page.get_by_label("Why is the channel being retired?")).to_have_value("a" * 1003)
