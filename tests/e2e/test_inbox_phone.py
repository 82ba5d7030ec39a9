"""The inbox on a phone (issue 17, ui17): at 390 x 844 a moderator once saw the filter form and no item.
The search and filters sit in a GOV.UK details disclosure, open on a wide screen and whenever a filter is
on, closed at a phone's width otherwise (harbour/static/inbox.js closes it; without JavaScript it stays
open and the summary still folds it). The queues, the bulk bar and the shortcuts work as before; axe on
each. Set HARBOUR_SCREENSHOTS to a folder to keep a PNG of each view as it looked."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.cast import active_channel, finding, give_training, make_item, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def queue(org, moderator):
    give_training(moderator, "moderate")
    channel = active_channel(org)
    channel.moderators.add(moderator)
    active_channel(org, platform="file_import").moderators.add(moderator)
    for n in range(6):
        make_item(
            channel,
            f"PHONE-{n} you are such a loser honestly",
            findings=[finding("bullying", 3 if n == 0 else 2)],
            action="hide" if n == 0 else "review",
            minutes_ago=60 - n,
        )
    return channel


def first_row_top(page) -> float:
    return page.locator("[data-inbox-list] tbody tr").first.bounding_box()["y"]


def test_at_a_phones_width_the_first_item_is_on_the_first_screen(
    page, live_server, moderator, queue, sign_in_browser, axe_check, keep_screenshot
):
    page.set_viewport_size(PHONE)
    sign_in_browser(page, moderator.user)
    page.goto(f"{live_server.url}{reverse('inbox:index')}")
    keep_screenshot(page, "inbox-390", full_page=False)

    filters = page.locator("details[data-inbox-filters]")
    summary = filters.locator("summary")
    rows = page.locator("[data-inbox-list] tbody tr")
    expect(filters).not_to_have_attribute("open", "")
    expect(page.get_by_label("Text contains")).to_be_hidden()
    # The first item begins on the first screen, under the queues; the bulk bar waits for a tick.
    assert first_row_top(page) + 60 <= PHONE["height"], first_row_top(page)
    expect(page.get_by_role("link", name="Needs action 6")).to_be_in_viewport()
    expect(page.get_by_role("button", name="Mark done")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe_check(page, context="inbox at 390 px, filters folded")

    # The shortcuts work on the list as before.
    page.keyboard.press("j")
    expect(rows.first).to_have_class("govuk-table__row harbour-current-row")

    # Ticking an item brings the bulk bar to the foot of the screen, and it works.
    rows.nth(1).locator("input[name=items]").check()
    done = page.get_by_role("button", name="Mark done")
    expect(done).to_be_in_viewport()
    keep_screenshot(page, "inbox-390-ticked", full_page=False)
    axe_check(page, context="inbox at 390 px, an item ticked")
    rows.nth(1).locator("input[name=items]").uncheck()
    expect(done).to_be_hidden()
    page.get_by_label("Select all on this page").check()
    expect(done).to_be_in_viewport()
    done.click()
    expect(page.get_by_role("heading", name="Mark 6 items done?")).to_be_visible()
    page.go_back()

    # The summary unfolds the form; a search from it narrows the list and comes back unfolded.
    page.goto(f"{live_server.url}{reverse('inbox:index')}")
    summary.click()
    expect(page.get_by_label("Text contains")).to_be_visible()
    axe_check(page, context="inbox at 390 px, filters unfolded")
    page.get_by_label("Text contains").fill("PHONE-3")
    page.get_by_role("button", name="Apply filters").click()
    expect(rows).to_have_count(1)
    expect(filters).to_have_attribute("open", "")
    expect(page.get_by_label("Text contains")).to_have_value("PHONE-3")
    expect(summary).to_contain_text("1 filter on")
    keep_screenshot(page, "inbox-390-filtered", full_page=False)


def test_a_link_with_a_filter_opens_with_the_filters_unfolded_at_a_phones_width(
    page, live_server, moderator, queue, sign_in_browser, axe_check
):
    page.set_viewport_size(PHONE)
    sign_in_browser(page, moderator.user)
    page.goto(f"{live_server.url}{reverse('inbox:index')}?channel={queue.pk}&severity=3")

    filters = page.locator("details[data-inbox-filters]")
    expect(filters).to_have_attribute("open", "")
    expect(page.locator("#filter-channel")).to_be_visible()
    expect(filters.locator("summary")).to_contain_text("2 filters on")
    expect(page.locator("[data-inbox-list] tbody tr")).to_have_count(1)
    axe_check(page, context="inbox at 390 px with a filter on")


def test_on_a_wide_screen_the_filters_are_unfolded_as_before(
    page, live_server, moderator, queue, sign_in_browser, axe_check, keep_screenshot
):
    page.set_viewport_size(DESKTOP)
    sign_in_browser(page, moderator.user)
    page.goto(f"{live_server.url}{reverse('inbox:index')}")
    keep_screenshot(page, "inbox-1280", full_page=False)

    filters = page.locator("details[data-inbox-filters]")
    expect(filters).to_have_attribute("open", "")
    for label in ("Text contains", "Author", "Severity", "Kind", "Assigned to"):
        expect(page.get_by_label(label, exact=True)).to_be_in_viewport()
    expect(page.get_by_role("button", name="Apply filters")).to_be_visible()
    expect(page.get_by_role("link", name="Needs action 6")).to_be_visible()
    axe_check(page, context="inbox at 1280 px")

    # Narrowed to a phone's width, it folds; widened again, it unfolds.
    page.set_viewport_size(PHONE)
    expect(filters).not_to_have_attribute("open", "")
    page.set_viewport_size(DESKTOP)
    expect(filters).to_have_attribute("open", "")


def test_without_javascript_the_filters_are_there_and_work(live_server, moderator, queue, browser, settings):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    cookie = sign_in(Client(), moderator.user).cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('inbox:index')}")

    expect(page.get_by_label("Text contains")).to_be_visible()
    expect(page.get_by_role("button", name="Mark done")).to_be_visible()  # the bulk bar, where it was
    page.get_by_label("Text contains").fill("PHONE-2")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("[data-inbox-list] tbody tr")).to_have_count(1)
    # The summary folds it, with no script.
    page.locator("details[data-inbox-filters] summary").click()
    expect(page.get_by_label("Text contains")).to_be_hidden()
    context.close()
