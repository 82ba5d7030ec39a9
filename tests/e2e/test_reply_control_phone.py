"""Choosing who can reply to a Threads post in Chromium at a phone's width (390 px): the choice appears only once
the Threads channel is chosen, the safest is chosen to start with, it is chosen by keyboard, the check panel
says it as the author changes it (htmx, no page load), the saved post keeps it, and the page fits the phone
and is axe clean."""

import re

import pytest
from playwright.sync_api import expect

from harbour.publishing.models import Post, Variant
from tests.cast import active_channel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def threads(org):
    made = active_channel(org, "threads", graph_url="http://127.0.0.1:9", account_id="1234")
    made.name = "Derby Youth on Threads"
    made.save()
    return made


def test_who_can_reply_is_chosen_on_a_phone(
    page, live_server, author, threads, sign_in_browser, axe_check, keep_screenshot
):
    page.set_viewport_size(PHONE)
    sign_in_browser(page, author.user)
    page.goto(f"{live_server.url}/publishing/new/")
    page.evaluate("window.notReloaded = true")
    # The channel's name is isolated (FSI ... PDI) in the legend, as typed text always is.
    choices = page.get_by_role("group", name=re.compile(r"^Who can reply on \W?Derby Youth on Threads\W?$"))
    expect(choices).to_be_hidden()  # only once the channel is chosen

    page.get_by_label("Title").fill("Youth council")
    page.get_by_label("What the post says").fill("The youth council meets on Thursday. Come along!")
    page.get_by_role("checkbox", name="Derby Youth on Threads").check()
    expect(choices).to_be_visible()
    safest = choices.get_by_role("radio", name="Only accounts the post mentions")
    expect(safest).to_be_checked()
    check = page.locator(f"#check-panel #check-who_can_reply-{threads.pk}")
    expect(check).to_contain_text("Only accounts the post mentions.", timeout=20_000)  # a busy machine

    # By keyboard: the arrow keys move the choice within the group, as radios do.
    safest.focus()
    page.keyboard.press("ArrowDown")
    followed = choices.get_by_role("radio", name="Only accounts the organisation follows")
    expect(followed).to_be_checked()
    expect(followed).to_be_focused()
    expect(check).to_contain_text("Only accounts the organisation follows.", timeout=20_000)
    assert page.evaluate("window.notReloaded") is True  # the panel was swapped in, not the page
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe_check(page, context="the new post page with who can reply, at a phone's width")
    keep_screenshot(page, "reply-control-phone")

    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your draft is saved")
    post = Post.objects.get()
    assert Variant.objects.get(post=post, channel=threads).reply_control == "accounts_you_follow"
    expect(page.get_by_role("radio", name="Only accounts the organisation follows")).to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
