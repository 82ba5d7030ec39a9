"""At a phone's width (390 px) no page is wider than the screen, however long the names people typed
(issue 15 item 19): a channel's name in the inbox's channel filter once made the inbox 509 px wide.

Each page is loaded with long names and unbroken strings everywhere a person or the internet chose them:
organisation, channel, people, item text, author name and handle. Set HARBOUR_SCREENSHOTS to a folder to
keep a PNG of each page as it looked."""

import pytest
from django.urls import reverse

from harbour.accounts.capabilities import Role
from harbour.accounts.models import Organisation
from tests.cast import active_channel, finding, give_training, make_item, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
LONG_WORDS = "Northamptonshire Intergenerational Multidisciplinary Youth Participation Partnership Network"
UNBROKEN = "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"


@pytest.fixture
def long_names(db):
    org = Organisation.objects.create(name=f"{LONG_WORDS} {UNBROKEN}", slug="long-names")
    manager = make_member(
        org, Role.MANAGER, "long.manager@example.org", f"Bartholomew {UNBROKEN} Featherstonehaugh"
    )
    give_training(manager, "moderate")
    channel = active_channel(org)
    channel.name = f"{LONG_WORDS} on Bluesky {UNBROKEN}"
    channel.handle = f"@{UNBROKEN.lower()}.bsky.social"
    channel.save()
    active_channel(org, platform="file_import")
    text = f"look at https://example.com/{UNBROKEN}/{UNBROKEN} and call 07700 900123 {UNBROKEN}{UNBROKEN}"
    item = make_item(
        channel,
        text,
        findings=[
            finding(
                "personal_info",
                2,
                span=(text.index("07700"), text.index("07700") + 12),
                reason="A phone number",
            )
        ],
        action="review",
        author_display_name=f"{UNBROKEN} {LONG_WORDS}",
        author_handle=f"@{UNBROKEN}.{UNBROKEN}.example",
        thread_id="t",
        author_id="same",
    )
    make_item(
        channel,
        f"and again {UNBROKEN}{UNBROKEN}",
        thread_id="t",
        author_id="same",
        author_display_name=UNBROKEN,
    )
    return {"org": org, "manager": manager, "channel": channel, "item": item}


def pages(long_names) -> dict[str, str]:
    return {
        "inbox": reverse("inbox:index"),
        "inbox-filtered": reverse("inbox:index") + f"?channel={long_names['channel'].pk}",
        "item": reverse("inbox:item", args=[long_names["item"].pk]),
        "home": reverse("console:home"),
        "channels": reverse("channels:index"),
        "channel": reverse("channels:detail", args=[long_names["channel"].pk]),
        "team": reverse("accounts:team"),
        "member": reverse("accounts:member", args=[long_names["manager"].pk]),
        "training": reverse("accounts:training"),
        "audit": reverse("audit:index"),
    }


def test_no_key_page_is_wider_than_a_phone_with_long_names(
    page, live_server, long_names, sign_in_browser, keep_screenshot
):
    page.set_viewport_size({"width": WIDTH, "height": 844})
    sign_in_browser(page, long_names["manager"].user)
    too_wide = {}
    for name, path in pages(long_names).items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, (name, response.status)
        keep_screenshot(page, f"{name}-{WIDTH}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            culprits = page.evaluate(
                """(limit) => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > limit + 1)
                    .slice(0, 5).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.'))""",
                WIDTH,
            )
            too_wide[name] = (width, culprits)
    assert not too_wide, f"pages wider than {WIDTH} px: {too_wide}"


def test_a_long_channel_name_in_the_inbox_filter_fits_a_phone(
    page, live_server, org, manager, sign_in_browser
):
    """The issue's own case: ordinary words, no unbroken string, only a long channel name."""
    give_training(manager, "moderate")
    channel = active_channel(org)
    channel.name = "Derbyshire Youth Service Summer Holiday Activities and Residential Trips Group Chat"
    channel.save()
    make_item(channel, "hello")
    page.set_viewport_size({"width": WIDTH, "height": 844})
    sign_in_browser(page, manager.user)
    page.goto(f"{live_server.url}{reverse('inbox:index')}?channel={channel.pk}")
    select = page.locator("#filter-channel")
    assert select.evaluate("s => s.options[s.selectedIndex].text") == channel.name
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert select.bounding_box()["x"] + select.bounding_box()["width"] <= WIDTH
