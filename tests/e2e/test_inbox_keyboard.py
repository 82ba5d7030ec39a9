"""A moderator works the inbox with the keyboard only (issue 17): j and k move through the list, d marks
the item done through moderation's action, Enter opens one and d there presses its "Mark done"; what happened is said in a polite live
region, new items too; the shortcuts are listed by ? and switched off in this browser; typing in a box
is never a shortcut. axe on the list, the help and the item; both fit a 390 px phone."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from harbour.inbox.models import Item, ItemStatus
from tests.cast import active_channel, finding, give_training, make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page, width=390) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_moderator_works_the_queue_with_the_keyboard(
    page, live_server, org, moderator, sign_in_browser, axe_check
):
    give_training(moderator, "moderate")
    channel = active_channel(org)
    channel.moderators.add(moderator)
    first = make_item(
        channel, "KEY-first you are a loser", findings=[finding("bullying", 3)], action="hide", minutes_ago=30
    )
    second = make_item(channel, "KEY-second spam here", findings=[finding("spam", 1)], minutes_ago=20)
    third = make_item(
        channel, "KEY-third hello", minutes_ago=10, author_display_name="Priya", thread_id="t-1"
    )
    make_item(channel, "KEY-done already", status=ItemStatus.DONE)
    page.set_viewport_size({"width": 390, "height": 900})
    sign_in_browser(page, moderator.user)

    page.goto(f"{live_server.url}{reverse('inbox:index')}")
    rows = page.locator("[data-inbox-list] tbody tr")
    announced = page.locator("#inbox-announce")
    expect(rows).to_have_count(3)  # needs action by default: the done one is not here
    expect(page.get_by_role("link", name="Needs action 3")).to_have_attribute("aria-current", "page")
    assert fits(page)
    axe_check(page, context="inbox at 390 px")

    # A new item is announced politely when the poll brings it.
    make_item(channel, "KEY-arrived", minutes_ago=0)
    expect(announced).to_have_text("1 new item in the inbox.", timeout=15_000)
    expect(rows).to_have_count(4)

    # ? lists the shortcuts.
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Next item in the list")
    axe_check(page, context="shortcuts help")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    # j and k move, and say where they are.
    page.keyboard.press("j")
    expect(rows.nth(0)).to_have_class("govuk-table__row harbour-current-row")
    expect(announced).to_contain_text("Item 1 of 4")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(rows.nth(1)).to_have_class("govuk-table__row harbour-current-row")
    expect(rows.nth(1)).to_contain_text("second spam here")
    page.keyboard.press("k")
    expect(rows.nth(0)).to_contain_text("first you are a loser")

    # d: done, through moderation's action, in one keystroke; the list moves on to the next item.
    page.keyboard.press("d")
    expect(announced).to_contain_text("Marked as done", timeout=10_000)
    expect(rows).to_have_count(3)
    first.refresh_from_db()
    assert first.status == ItemStatus.DONE and first.version > 0
    page.keyboard.press("d")
    expect(announced).to_contain_text("Marked as done", timeout=10_000)
    expect(rows).to_have_count(2)
    second.refresh_from_db()
    assert second.status == ItemStatus.DONE

    # Typing in a box is typing, not a shortcut (at 390 px the search is folded: unfold it first).
    page.get_by_text("Search and filter").click()
    page.get_by_label("Text contains").fill("jd")
    assert Item.objects.filter(status=ItemStatus.DONE).count() == 3
    page.get_by_label("Text contains").fill("")

    # Enter opens the item from the list; its page fits a phone and passes axe; back keeps the queue.
    # After d the next item is the current one: Enter opens it.
    page.locator("h1").click()
    expect(page.locator(".harbour-current-row")).to_contain_text("KEY-third hello")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}{reverse('inbox:item', args=[third.pk])}")
    expect(page.locator("h1")).to_contain_text("Priya")
    assert fits(page)
    axe_check(page, context="item at 390 px")
    # On the item's page the same keys press its action buttons.
    page.keyboard.press("d")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Marked done")
    third.refresh_from_db()
    assert third.status == ItemStatus.DONE
    page.get_by_role("link", name="Back to the inbox").click()
    expect(rows).to_have_count(1)

    # Switched off in this browser: j does nothing, and the choice stays after a reload.
    page.get_by_role("button", name="Keyboard shortcuts").click()
    page.get_by_label("Use keyboard shortcuts in this browser").uncheck()
    page.get_by_role("button", name="Close").click()
    page.reload()
    expect(page.locator("[data-shortcuts-state]")).to_have_text("Off.")
    page.keyboard.press("j")
    page.keyboard.press("d")
    expect(page.locator(".harbour-current-row")).to_have_count(0)
    assert Item.objects.filter(status=ItemStatus.DONE).count() == 4
