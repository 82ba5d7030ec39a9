"""The public disclaimer on a phone (390 px, as issue 15 measured): "If you need help now" is the
first thing in the main content, on the first screen, with numbers to tap, and the page does not
scroll sideways."""

import pytest
from playwright.sync_api import expect

from harbour.channels import disclaimer, services
from tests.cast import propose

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_help_comes_first_on_a_phone(page, live_server, org, author, manager, axe_check, keep_screenshot):
    channel = propose(org, author)
    services.publish_disclaimer(channel, disclaimer.generate(channel), by=manager)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/p/disclaimer/{channel.public_slug}/")

    # the first words in the main content are the help banner's
    first_text_in_help = page.evaluate(
        """() => {
            const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                if (walker.currentNode.textContent.trim()) {
                    return document.getElementById('help-now').contains(walker.currentNode);
                }
            }
            return false;
        }"""
    )
    assert first_text_in_help
    banner = page.locator("#help-now")
    expect(banner).to_contain_text("If you need help now")
    box = banner.bounding_box()
    assert box["y"] < 844 and box["y"] + 60 < 844  # it starts on the first screen
    for name, href in (("999", "tel:999"), ("0800 1111", "tel:+448001111"), ("116 123", "tel:116123")):
        expect(banner.get_by_role("link", name=name, exact=True)).to_have_attribute("href", href)
    expect(banner.get_by_role("link", name="85258")).to_have_attribute("href", "sms:85258?body=SHOUT")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe_check(page, context="public disclaimer at 390 px")
    keep_screenshot(page, "disclaimer-390", full_page=False)
