"""The manager's dashboard in Chromium (issue 23: "the dashboard's figures match the records"): records are
made through the apps' services (sign-offs on the rota, answered and overdue messages, concerns, published
posts with and without a question and with an image whose consent stands, privacy reviews never done,
training), and each figure the page shows, in its table, is the one counted from those records here. axe
finds no violations at a desktop width and at 390 px, where nothing scrolls sideways; the "At a glance"
links reach their sections by keyboard; and a safeguarding lead's page shows the concern numbers only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.capabilities import Role
from harbour.channels.models import Channel, PrivacyReview
from harbour.consent.models import Use
from harbour.inbox.models import Item
from harbour.publishing import sending
from harbour.rota import services as rota
from harbour.rota.models import SignOff
from harbour.safeguarding import services as safeguarding
from tests.cast import active_channel, give_training, make_item, make_member
from tests.consent.test_ledger import approved, tagged_photo, young_person_with_consent
from tests.publishing.platform import PublishingSource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLUB = "Youth club posts"
FORUM = "Young carers forum"


def rename(channel, name, **fields):
    Channel.objects.filter(pk=channel.pk).update(name=name, **fields)
    channel.refresh_from_db()
    return channel


def answered(channel, hours, now):
    received = now - datetime.timedelta(days=2, hours=hours)
    item = make_item(channel, "when is the next trip", needs_reply=True)
    Item.objects.filter(pk=item.pk).update(
        received_at=received,
        due_at=received + datetime.timedelta(hours=channel.response_hours),
        responded_at=received + datetime.timedelta(hours=hours),
        status="done",
    )


@pytest.fixture
def records(org, manager, moderator, author, reviewer, dsl):
    PublishingSource.reset()
    now = timezone.now()
    give_training(manager, "moderate", "approve", "raise_concerns")
    give_training(moderator, "moderate", "raise_concerns")
    give_training(dsl, "moderate", "handle_concerns", "raise_concerns")
    give_training(reviewer, "approve")
    club = rename(
        active_channel(org, "test_publishing"), CLUB, activated_at=now - datetime.timedelta(days=10)
    )
    forum = rename(active_channel(org), FORUM, activated_at=now - datetime.timedelta(days=60))
    for channel in (club, forum):
        channel.moderators.add(moderator)
        rota.add_shifts(
            channel,
            member=moderator,
            days=list(range(7)),
            starts=datetime.time(9),
            ends=datetime.time(17),
            by=manager,
        )
    for days_ago in (1, 2, 4):
        rota.sign_off(club, by=moderator, at=now - datetime.timedelta(days=days_ago))
    for days_ago in range(1, 15):
        rota.sign_off(forum, by=moderator, at=now - datetime.timedelta(days=days_ago))
    for hours in (1, 3, 30):
        answered(forum, hours, now)
    late = make_item(forum, "is anyone there", needs_reply=True)
    Item.objects.filter(pk=late.pk).update(due_at=now - datetime.timedelta(hours=2))
    for _ in range(2):
        safeguarding.raise_concern(
            org, by=dsl, summary="MARKER-dashboard-e2e", category="bullying", severity=2
        )
    kai = young_person_with_consent(org, manager, uses=(Use.PHOTO,))
    photo = tagged_photo(org, manager, kai)
    for text, assets in (
        ("Quiz night winners, well done everyone.", [photo]),
        ("What should we do at the next quiz night?", []),
        ("The hall is closed on Monday.", []),
    ):
        for publication in approved(org, author, reviewer, text, [club], assets=assets):
            assert sending.publish(publication.pk).outcome == "published"
    yield {"club": club, "forum": forum}
    PublishingSource.reset()


def table_rows(page, title: str) -> dict[str, str]:
    """The chart's table under `title`: {row heading: figure}."""
    table = (
        page.locator("figure.harbour-bars")
        .filter(has=page.get_by_role("heading", name=title))
        .locator("table")
    )
    rows = {}
    for n in range(table.locator("tbody tr").count()):
        row = table.locator("tbody tr").nth(n)
        rows[row.locator("th").inner_text().strip()] = row.locator("td").inner_text().strip()
    return rows


def test_the_dashboards_figures_match_the_records(
    page, live_server, org, manager, records, sign_in_browser, keep_screenshot
):
    club, forum = records["club"], records["forum"]
    today = timezone.localdate()
    first = today - datetime.timedelta(days=28)
    signed = {
        c.pk: SignOff.objects.filter(channel=c, day__gte=first, day__lt=today).count() for c in (club, forum)
    }
    assert signed == {club.pk: 3, forum.pk: 14}
    assert not PrivacyReview.objects.filter(channel__in=[club, forum]).exists()

    sign_in_browser(page, manager.user)
    assert page.goto(f"{live_server.url}{reverse('dashboard:index')}").status == 200
    keep_screenshot(page, "dashboard-1024")

    assert table_rows(page, "Days signed off on the rota, by channel") == {
        f"{CLUB}: 3 of 10 days": "30%",
        f"{FORUM}: 14 of 28 days": "50%",
    }
    assert table_rows(page, "Readiness checklist points done, by channel") == {
        f"{CLUB}: 11 of 12": "11",  # a moderator is named; no disclaimer is published
        f"{FORUM}: 11 of 12": "11",
    }
    assert table_rows(page, "Messages answered within the promised time, by channel") == {
        f"{CLUB}: 0 of 0 within 24 hours": "No answers yet",
        f"{FORUM}: 2 of 3 within 24 hours": "66.7%",
    }
    assert table_rows(page, "Messages past their promised time now, by channel") == {CLUB: "0", FORUM: "1"}
    assert table_rows(page, "Open concerns by how long they have been open")["Under a day"] == "2"
    assert table_rows(page, "Published images whose people's consent stands, by channel") == {
        f"{CLUB}: 1 of 1": "100%"
    }
    assert table_rows(page, "Takedowns outstanding, by channel") == {CLUB: "0", FORUM: "0"}
    assert table_rows(page, "Privacy-settings reviews, active channels") == {
        "Overdue, or never done": "2",
        "Due in the next 30 days": "0",
        "Not due for 30 days or more": "0",
    }
    training = table_rows(page, "Members' training")
    # The manager, the moderator and the lead have what their roles need; the author and the proof reader
    # never did the safeguarding course every role needs.
    assert (training["Up to date"], training["Never done a course their role needs"]) == ("3", "2")
    assert table_rows(page, "Posts a week, by channel") == {f"{CLUB}: target 2 a week": "0.8"}
    assert table_rows(page, "Posts inviting a reply, by channel") == {f"{CLUB}: 1 of 3": "33.3%"}
    glance = page.locator("[data-figure=two-way]").inner_text()
    assert glance == "1 of 3 posts in the last 28 days invited young people to reply (33%)."
    assert "MARKER-dashboard-e2e" not in page.content()

    # Each figure links to where it is fixed: the coverage row opens the channel's rota.
    page.get_by_role("link", name=f"{CLUB}: 3 of 10 days").click()
    page.wait_for_url(f"**{reverse('rota:channel', args=[club.pk])}")


def test_no_axe_violations_at_desktop_and_phone_width(
    page, live_server, manager, records, sign_in_browser, axe_check, keep_screenshot
):
    sign_in_browser(page, manager.user)
    for width in (1024, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.goto(f"{live_server.url}{reverse('dashboard:index')}").status == 200
        result = axe_check(page, context=f"dashboard at {width} px")
        assert [v["id"] for v in result["violations"]] == [], width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        for n in range(page.locator("svg.harbour-chart").count()):
            assert page.locator("svg.harbour-chart").nth(n).bounding_box()["width"] <= width
        keep_screenshot(page, f"dashboard-{width}")


def test_at_a_glance_reaches_each_figure_by_keyboard(page, live_server, manager, records, sign_in_browser):
    sign_in_browser(page, manager.user)
    page.goto(f"{live_server.url}{reverse('dashboard:index')}")
    link = page.get_by_role("link", name="Takedowns outstanding", exact=True)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#takedowns")
    assert page.locator("#takedowns").is_visible()


def test_a_safeguarding_lead_sees_the_concern_numbers_only(
    page, live_server, org, dsl, records, sign_in_browser
):
    sign_in_browser(page, dsl.user)
    page.goto(f"{live_server.url}{reverse('dashboard:index')}")
    assert page.get_by_role("heading", name="Open safeguarding concerns", level=2).is_visible()
    assert table_rows(page, "Open concerns by how long they have been open")["Under a day"] == "2"
    assert page.get_by_role("heading", name="Readiness", level=2).count() == 0
    assert CLUB not in page.content()
    assert "MARKER-dashboard-e2e" not in page.content()
    viewer = make_member(org, Role.VIEWER, "vic.viewer@example.org", "Vic Viewer")
    sign_in_browser(page, viewer.user)
    assert page.goto(f"{live_server.url}{reverse('dashboard:index')}").status == 403


def test_a_long_unbroken_channel_name_fits_a_phone(page, live_server, org, manager, sign_in_browser):
    """A name with no spaces (as people type them) wraps in the lists and scrolls inside the tables."""
    rename(active_channel(org), "Derbyshire" * 12)  # never reviewed, readiness not complete: in both lists
    sign_in_browser(page, manager.user)
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.goto(f"{live_server.url}{reverse('dashboard:index')}").status == 200
    assert page.get_by_role("link", name="Derbyshire" * 12).count() >= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
