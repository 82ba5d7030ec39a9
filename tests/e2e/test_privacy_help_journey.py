"""Privacy help in a browser: a moderator finds the advice that fits on an item with a phone number,
edits it with the keyboard, sees the platform's character count, and hides and sends it; the saved
replies pages pass axe."""

import pytest
from playwright.sync_api import expect

from harbour.inbox.screened import screen_stored
from harbour.moderation.models import ModerationAction
from harbour.replies import services
from harbour.screening.verdict import Direction
from tests.cast import active_channel, give_training, make_item
from tests.replies.platforms import RepliesSource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_moderator_hides_and_sends_privacy_advice_with_the_keyboard(
    page, live_server, org, manager, moderator, sign_in_browser, axe_check
):
    assert RepliesSource.platform == "test_replies"
    channel = active_channel(org, "test_replies")
    channel.moderators.add(moderator)
    give_training(moderator, "moderate")
    services.add_starter_advice(org, by=manager)
    text = "text me on 07700 900123 if you want to chat"
    screened = screen_stored(text, direction=Direction.INCOMING)
    item = make_item(
        channel, text, findings=screened.verdict["findings"], action="hide", thread_id="r", parent_id="r"
    )

    sign_in_browser(page, moderator.user)
    page.goto(f"{live_server.url}/replies/")
    expect(page.get_by_role("heading", name="Privacy advice")).to_be_visible()
    axe_check(page, context="saved replies")

    page.goto(f"{live_server.url}/inbox/{item.pk}/")
    summary = page.locator("summary", has_text="Hide and send privacy advice")
    summary.focus()
    page.keyboard.press("Enter")  # opens the disclosure
    box = page.get_by_label("The privacy advice to send")
    expect(box).to_have_value(services.privacy_advice_for(item)[0].text)
    expect(page.locator(".govuk-character-count__status").first).to_contain_text("characters remaining")
    axe_check(page, context="item with privacy help open")
    assert not ModerationAction.objects.exists()

    box.focus()
    expect(box).to_be_focused()
    page.keyboard.press("Control+End")
    page.keyboard.type(" See you soon.")  # typing in the box is not a shortcut
    page.get_by_role("button", name="Hide and send").focus()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("the post is being hidden")
    kinds = list(ModerationAction.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["reply", "hide"]
    assert ModerationAction.objects.get(kind="reply").params["text"].endswith("See you soon.")


def test_a_manager_is_told_when_advice_is_too_hard_to_read(
    page, live_server, manager, sign_in_browser, axe_check
):
    sign_in_browser(page, manager.user)
    page.goto(f"{live_server.url}/replies/add/")
    page.get_by_label("Title").fill("Hard advice")
    page.get_by_label("Privacy advice").check()
    page.get_by_label("The reply").fill(
        "Regrettably, we have temporarily concealed your contribution, considering that publicising personal "
        "identification information constitutes a considerable organisational safeguarding vulnerability."
    )
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Privacy advice must be easy to read at age 11 or under")
    expect(page).to_have_title("Error: Add a saved reply – Harbour")
    axe_check(page, context="saved reply refused for its reading age")
