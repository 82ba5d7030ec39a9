"""The publishing calendar and the posting flags in a browser (issue 20): an author moves between the week and
the month with the keyboard only, sees the posts and the day's moderation rota, and on a phone the month is
a list of days no wider than the screen; the channel's owner sees a quiet channel flagged on the console
home. axe on every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from harbour.channels.models import Channel
from harbour.publishing import sending, services
from harbour.publishing.models import Publication
from harbour.rota import services as rota
from tests.cast import active_channel, give_training

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LONG = "Northamptonshire Intergenerational Youth Participation Partnership Network Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"


@pytest.fixture
def channel(org, manager, moderator, author):
    made = active_channel(org, "demo", started_at=timezone.now().isoformat())
    Channel.objects.filter(pk=made.pk).update(
        name=f"{LONG} feed", activated_at=timezone.now() - datetime.timedelta(days=30), posts_per_week=3
    )
    made.refresh_from_db()
    made.owners.add(author)
    made.moderators.add(moderator)
    rota.add_shifts(
        made,
        member=moderator,
        days=[0, 1, 2, 3, 4],
        starts=datetime.time(9),
        ends=datetime.time(17),
        by=manager,
    )
    return made


def post(author, reviewer, channel, title, publish_at=None):
    made = services.create_post(
        by=author,
        title=title,
        text=f"{title}: come along. What would you like to do?",
        channel_ids=[channel.pk],
        publish_at=publish_at,
    )
    services.submit(made, by=author, revision=made.revision)
    made.refresh_from_db()
    services.review(made, by=reviewer, version_number=made.current_version.number, approve=True)
    return made


def focus_and_press(page, locator, key="Enter"):
    for _ in range(80):  # Tab until it has focus
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("could not reach it with the Tab key")
    page.keyboard.press(key)


def test_an_author_reads_the_calendar_by_keyboard_and_on_a_phone(
    page, live_server, channel, author, reviewer, moderator, sign_in_browser, axe_check
):
    give_training(reviewer, "approve")
    done = post(author, reviewer, channel, "Skate park news")
    assert sending.publish(Publication.objects.get(post=done).pk).outcome == "published"
    later = timezone.localdate() + datetime.timedelta(days=1)
    when = timezone.make_aware(datetime.datetime.combine(later, datetime.time(18)))
    post(author, reviewer, channel, "Games night", publish_at=when)

    page.set_viewport_size(DESKTOP)
    sign_in_browser(page, author.user)
    page.goto(f"{live_server.url}/publishing/calendar/?start={later.isoformat()}")
    axe_check(page, context="calendar, week")
    day = page.locator("section", has=page.get_by_role("heading", name=later.strftime("%A %-d %B")))
    expect(day).to_contain_text("Games night")
    expect(day).to_contain_text("Scheduled")
    expect(day.locator("bdi", has_text=moderator.user.full_name).first).to_be_visible()

    # The month, with the keyboard: choose it in the box, then Show.
    focus_and_press(page, page.get_by_label("View"), "ArrowDown")
    focus_and_press(page, page.get_by_role("button", name="Show"))
    expect(page.get_by_role("heading", level=1)).to_have_text(later.strftime("%B %Y"))
    axe_check(page, context="calendar, month")
    expect(page.get_by_role("table")).to_contain_text("Games night")
    focus_and_press(page, page.get_by_role("link", name="Next month"))
    following = (later.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    expect(page.get_by_role("heading", level=1)).to_have_text(following.strftime("%B %Y"))

    # On a phone the month is a list of days with their names, no wider than the screen.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/publishing/calendar/?view=month&start={later.isoformat()}")
    axe_check(page, context="calendar, month, phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    weekday = page.locator(".harbour-calendar-weekday", has_text=later.strftime("%A")).first
    expect(weekday).to_be_visible()  # visually hidden on a wide screen, where the column heading says it
    entry = page.get_by_role("link", name="Games night")
    expect(entry).to_be_visible()
    box = entry.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_the_owner_sees_the_quiet_channel_on_the_home_page(
    page, live_server, channel, author, sign_in_browser, axe_check
):
    page.set_viewport_size(PHONE)
    sign_in_browser(page, author.user)
    page.goto(f"{live_server.url}/")
    panel = page.get_by_role("region", name="Posting")
    expect(panel).to_contain_text("Going quiet: 0 posts in the last 7 days against a target of 3 a week")
    axe_check(page, context="home with the posting panel")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    panel.get_by_role("link", name="See its calendar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Week of")
    expect(page.locator(".govuk-caption-l")).to_contain_text(channel.name)
