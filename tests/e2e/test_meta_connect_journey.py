"""A manager connects an Instagram account in Chromium, against the local Graph API simulator: from the
channel page to the connect page, through the simulator's Facebook Login dialog and back, picking the
account by keyboard; the channel page then shows the account, until when it works and each permission.
axe on each of Harbour's pages, and no page wider than a phone (390 px)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from harbour.channels.meta_models import MetaConnection
from harbour.connectors.meta.simulator import APP_ID, APP_SECRET, Simulator
from harbour.connectors.meta.simulator import instagram as sim_instagram
from harbour.connectors.meta.simulator.oauth import sign_in_as
from tests.cast import propose

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sim(settings):
    with Simulator() as simulator:
        settings.HARBOUR_META_APP_ID = APP_ID
        settings.HARBOUR_META_APP_SECRET = APP_SECRET
        settings.HARBOUR_META_GRAPH_URL = settings.HARBOUR_META_DIALOG_URL = simulator.url
        yield simulator


def no_wider_than_the_screen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_manager_connects_an_instagram_account(
    page, live_server, org, manager, sim, sign_in_browser, axe_check, width, keep_screenshot
):
    account = sim_instagram.add_account(sim.world, username="derbyyouth", name="Derby Youth Service")
    sign_in_as(
        sim.world,
        "5550001",
        "Maya Manager",
        pages=[{"id": account["page_id"], "name": "Derby Youth Service", "instagram": account}],
    )
    channel = propose(
        org, manager, platform="instagram", name="Derby Youth on Instagram", platform_minimum_age=13
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_browser(page, manager.user)
    page.goto(live_server.url + reverse("channels:detail", args=[channel.pk]))
    expect(page.locator("dl").filter(has_text="Connection to Instagram")).to_contain_text("Not connected yet")
    page.get_by_role("link", name="Connect to Instagram").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Connect to Instagram")
    axe_check(page, context="connect page")
    no_wider_than_the_screen(page)
    keep_screenshot(page, f"meta-connect-{width}")
    page.get_by_role("link", name="Connect with Facebook").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Facebook Login (simulated, not Meta)")
    page.get_by_role("button", name="Allow").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Choose the account")
    axe_check(page, context="pick page")
    no_wider_than_the_screen(page)
    keep_screenshot(page, f"meta-pick-{width}")
    choice = page.get_by_label("@derbyyouth (Page: Derby Youth Service)")
    choice.focus()
    page.keyboard.press("Space")
    expect(choice).to_be_checked()
    page.keyboard.press("Enter")

    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("is connected to")
    expect(banner).to_contain_text("@derbyyouth (Page: Derby Youth Service)")
    connection = page.locator("dl").filter(has_text="Connection to Instagram")
    expect(connection).to_contain_text("works until")
    expect(connection).to_contain_text("Granted: Read, hide, delete and reply to comments")
    axe_check(page, context="channel page, connected")
    no_wider_than_the_screen(page)
    keep_screenshot(page, f"meta-connected-{width}")
    assert MetaConnection.objects.get(channel=channel).account_id == account["id"]
