"""Moderation pages in a browser, keyboard only, with axe on each: an item's actions and history, a
reply refused for its length that keeps the words, the bulk confirmation, and the two-moderators banner."""

import pytest
from playwright.sync_api import expect

from harbour.inbox.models import Item
from harbour.moderation import sending
from harbour.moderation.models import ModerationAction
from harbour.moderation.services import act
from tests.cast import active_channel, give_training, make_item
from tests.moderation import platforms  # noqa: F401  registers test_moderated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(org, moderator, dsl):
    channel = active_channel(org, "test_moderated")
    channel.moderators.add(moderator, dsl)
    give_training(moderator, "moderate")
    give_training(dsl, "moderate")
    return channel


def test_a_moderator_hides_replies_and_bulk_marks_done_with_the_keyboard(
    page, live_server, moderator, setup, sign_in_browser, axe_check
):
    item = make_item(setup, "you are all losers", thread_id="root-1", parent_id="root-1")
    sign_in_browser(page, moderator.user)
    page.goto(f"{live_server.url}/inbox/{item.pk}/")
    hide = page.locator('button[data-shortcut="h"]')
    expect(hide).to_have_text("Hide")
    axe_check(page, context="item with its actions")
    hide.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Hiding this reply")
    expect(page.locator(".harbour-history__entry").first).to_contain_text("Waiting to be sent")
    sending.send_action(ModerationAction.objects.get().pk)
    page.reload()
    expect(page.locator(".harbour-history__entry").first).to_contain_text("Done on the platform")
    expect(page.get_by_role("button", name="show the reply again")).to_be_visible()
    axe_check(page, context="item with its history")

    # A reply over the platform's limit: refused on its page, the words kept.
    page.goto(f"{live_server.url}/moderation/items/{item.pk}/act/?kind=reply")
    box = page.get_by_label("Your reply")
    box.focus()
    page.keyboard.type("Please be kind to each other here. " * 4)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Shorten it by")
    expect(page.get_by_label("Your reply")).to_have_value(
        "Please be kind to each other here. " * 4
    )  # as typed
    axe_check(page, context="reply refused")

    # Bulk: the confirmation says how many, and its button has the focus.
    others = [make_item(setup) for _ in range(3)]
    page.goto(f"{live_server.url}/inbox/")
    page.evaluate(
        """ids => {
            const form = document.createElement("form");
            form.method = "post"; form.action = "/moderation/bulk/";
            const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
            for (const [name, value] of [["csrfmiddlewaretoken", token], ["kind", "done"], ...ids.map(i => ["items", i])]) {
                const input = document.createElement("input");
                input.type = "hidden"; input.name = name; input.value = value; form.append(input);
            }
            document.body.append(form); form.submit();
        }""",
        [str(i.pk) for i in others],
    )
    expect(page.get_by_role("heading", name="Mark 3 items done?")).to_be_visible()
    expect(page.get_by_role("button", name="Yes, mark 3 items done")).to_be_focused()
    axe_check(page, context="bulk confirmation")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("3 items marked done.")
    assert Item.objects.filter(pk__in=[i.pk for i in others], status="done").count() == 3


def test_the_second_moderator_sees_what_the_first_did(
    page, live_server, moderator, dsl, setup, sign_in_browser
):
    item = make_item(setup)
    sign_in_browser(page, moderator.user)
    page.goto(f"{live_server.url}/inbox/{item.pk}/")
    act(Item.objects.get(pk=item.pk), "done", by=dsl, version=0)  # while the page is open
    page.locator('button[data-shortcut="a"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "marked this done just now; your change was not made."
    )
    assert Item.objects.get(pk=item.pk).status == "done"
