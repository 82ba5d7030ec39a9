"""The inbox in a browser: a manager sees screened replies (a stored-XSS payload among them stays text),
opens one and marks it reviewed. Each page is checked with axe-core on the way."""

import pytest
from playwright.sync_api import expect

from harbour.inbox.models import Item
from tests.cast import active_channel, finding, give_training, make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XSS = '<script>alert(1)</script>"><img src=x onerror=alert(2)><svg onload=alert(3)> {{7*7}} <b hx-get=/x hx-trigger=load>'


def test_manager_reviews_a_screened_reply(page, live_server, org, manager, sign_in_browser, axe_check):
    give_training(manager, "moderate")
    channel = active_channel(org)
    make_item(channel, "Great session today, thanks!", minutes_ago=30, author_display_name="Priya")
    payload = f"you are a loser {XSS}"
    make_item(
        channel,
        payload,
        findings=[
            finding("bullying", 3, span=(10, 15), reason="Calls someone a loser", text="loser"),
            finding("spam", 1, span=(16, len(payload)), reason="Looks like code", text=XSS),
        ],
        action="hide",
        minutes_ago=5,
        author_display_name='"><img src=x onerror=alert(4)>',
        author_handle="@troll.example",
        url="https://bsky.app/profile/troll.example/post/1",
        media=[{"url": "https://cdn.example/x.jpg", "alt_text": "", "mime_type": "image/jpeg"}],
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    sign_in_browser(page, manager.user)
    page.goto(f"{live_server.url}/")
    expect(page.locator(".govuk-summary-card", has_text="Needs attention")).to_be_visible()
    page.get_by_role("link", name="Inbox").click()
    expect(page.locator("h1")).to_have_text("Inbox")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Suggests hiding")
    expect(rows.first).to_contain_text("<script>alert(1)</script>")
    expect(rows.first.locator("mark").first).to_have_text("Flagged as Bullying: loser (end of flag)")
    axe_check(page, context="inbox")

    # A reply that arrives now appears without reloading the page (htmx polls every 10 seconds).
    make_item(
        channel,
        "ARRIVED just now",
        findings=[finding("spam", 1, span=(0, 7))],
        action="review",
        minutes_ago=0,
    )
    expect(rows).to_have_count(3, timeout=15_000)
    expect(rows.nth(1)).to_contain_text("ARRIVED")  # severity 1: between the hidden reply and the allowed one
    # ... but not while keyboard focus is inside the list, so nobody loses their place.
    page.get_by_role("link", name="Refresh the inbox").focus()
    make_item(channel, "LATER still", action="allow", minutes_ago=0)
    page.wait_for_timeout(11_000)
    expect(rows).to_have_count(3)
    page.locator("h1").click()
    expect(rows).to_have_count(4, timeout=15_000)

    page.get_by_label("Severity").select_option("3")
    page.get_by_role("button", name="Apply filters").click()
    expect(rows).to_have_count(1)

    rows.first.get_by_role("link", name="Open").click()
    expect(page.locator("h1")).to_contain_text('"><img src=x onerror=alert(4)>')
    expect(page.locator("main")).to_contain_text("1 attachment withheld")
    axe_check(page, context="item")
    page.get_by_role("button", name="Mark done").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Marked done.")
    expect(page.get_by_role("button", name="Mark done")).to_have_count(0)
    axe_check(page, context="item marked done")

    assert Item.objects.filter(status="done").count() == 1
    assert dialogs == []
    assert page.locator("img[src=x], svg[onload], [hx-trigger=load]").count() == 0
    assert not [url for url in requests if "cdn.example" in url or url.endswith("/x")]
