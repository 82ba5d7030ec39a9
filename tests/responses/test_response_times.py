"""The response-times page (harbour/responses): per channel the member reads, per ISO week, how many
answers were sent, the median and 90th percentile time to answer, and how many items are overdue now."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.capabilities import Role
from harbour.inbox.models import Item, ItemStatus
from harbour.responses.times import WEEKS, describe, percentile, response_times
from tests.cast import active_channel, make_item, make_member

NOW = timezone.make_aware(datetime.datetime(2026, 11, 25, 12, 0))  # a Wednesday
THIS_MONDAY = datetime.date(2026, 11, 23)


def item(channel, text, *, received_at, **fields) -> Item:
    """make_item, posted at `received_at` (make_item counts back from the clock)."""
    made = make_item(channel, text, **fields)
    Item.objects.filter(pk=made.pk).update(received_at=received_at)
    made.received_at = received_at
    return made


def answered(channel, *, hours: float, days_ago: float = 0, **fields):
    """An item that needed a reply, answered `days_ago` before NOW after `hours`."""
    responded = NOW - datetime.timedelta(days=days_ago)
    received = responded - datetime.timedelta(hours=hours)
    return item(
        channel,
        "when is the next trip",
        needs_reply=True,
        received_at=received,
        due_at=received + datetime.timedelta(hours=channel.response_hours),
        responded_at=responded,
        **fields,
    )


def overdue(channel, *, hours_late: float = 1, **fields):
    due = NOW - datetime.timedelta(hours=hours_late)
    return item(
        channel,
        "can someone call me back",
        needs_reply=True,
        received_at=due - datetime.timedelta(hours=channel.response_hours),
        due_at=due,
        **fields,
    )


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([5.0], 0.5, 5.0),
        ([5.0], 0.9, 5.0),
        ([1.0, 2.0, 3.0, 4.0], 0.5, 2.5),
        ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 0.9, 9.1),
        ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0], 0.9, 10.0),
        ([0.0, 100.0], 0.9, 90.0),
    ],
)
def test_percentiles_interpolate_between_the_nearest_values(values, fraction, expected):
    assert percentile(values, fraction) == pytest.approx(expected)


def test_a_percentile_of_nothing_is_refused():
    with pytest.raises(ValueError):
        percentile([], 0.5)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0.5, "under a minute"),
        (1, "1 minute"),
        (45, "45 minutes"),
        (60, "1 hour"),
        (200, "3 hours 20 minutes"),
        (24 * 60, "1 day"),
        (52 * 60 + 30, "2 days 4 hours"),
    ],
)
def test_durations_read_as_people_say_them(minutes, text):
    assert describe(datetime.timedelta(minutes=minutes)) == text


def test_each_week_has_its_count_median_and_90th_percentile(org, manager):
    channel = active_channel(org)
    for hours in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10):  # this week
        answered(channel, hours=hours, days_ago=1)
    answered(channel, hours=30, days_ago=7)  # last week
    answered(channel, hours=2, days_ago=7 * WEEKS)  # too old to count
    overdue(channel)
    overdue(channel, status=ItemStatus.DONE)  # done: no longer overdue
    make_item(channel, "thanks!", due_at=None)  # never needed a reply

    (times,) = response_times(manager, now=NOW)
    assert len(times.weeks) == WEEKS
    assert times.weeks[-1].monday == THIS_MONDAY
    assert times.weeks[0].monday == THIS_MONDAY - datetime.timedelta(weeks=WEEKS - 1)
    this, last = times.weeks[-1], times.weeks[-2]
    assert (this.answered, this.median, this.p90) == (
        10,
        datetime.timedelta(hours=5.5),
        datetime.timedelta(hours=9.1),
    )
    assert (last.answered, last.median, last.p90) == (
        1,
        datetime.timedelta(hours=30),
        datetime.timedelta(hours=30),
    )
    assert sum(week.answered for week in times.weeks) == times.answered == 11
    assert times.overdue == 1
    assert this.iso == "2026-W48"


def test_the_week_is_the_week_the_answer_was_sent(org, manager):
    channel = active_channel(org)
    # posted last Sunday, answered this Monday morning: this week's
    answered(channel, hours=10, days_ago=2)
    (times,) = response_times(manager, now=NOW)
    assert times.weeks[-1].answered == 1 and times.weeks[-2].answered == 0


def test_a_moderator_sees_only_the_channels_they_moderate(org, manager, moderator, outsider):
    mine, theirs = active_channel(org), active_channel(org, "file_import")
    mine.moderators.add(moderator)
    answered(theirs, hours=3, days_ago=1)
    overdue(theirs)
    other = active_channel(outsider.organisation)
    answered(other, hours=3, days_ago=1)
    assert [t.channel for t in response_times(moderator, now=NOW)] == [mine]
    assert {t.channel for t in response_times(manager, now=NOW)} == {mine, theirs}
    assert [t.channel for t in response_times(outsider, now=NOW)] == [other]


def test_the_queries_do_not_grow_with_channels_or_items(org, manager, django_assert_max_num_queries):
    for _ in range(5):
        channel = active_channel(org)
        for days in range(0, 40, 3):
            answered(channel, hours=days + 1, days_ago=days)
        overdue(channel)
    with django_assert_max_num_queries(4):
        times = response_times(manager, now=NOW)
    assert len(times) == 5 and all(t.overdue == 1 for t in times)


def test_the_page_has_a_chart_and_a_table_with_the_same_figures(org, manager, client_for):
    channel = active_channel(org)
    channel.name = "Youth Council on Bluesky"
    channel.save(update_fields=["name"])
    now = timezone.now()
    for hours in (1, 3):
        item(
            channel,
            "what time is it on",
            needs_reply=True,
            received_at=now - datetime.timedelta(hours=hours + 1),
            responded_at=now - datetime.timedelta(hours=1),
        )
    overdue_item = item(
        channel,
        "hello?",
        needs_reply=True,
        received_at=now - datetime.timedelta(days=3),
        due_at=now - datetime.timedelta(days=2),
    )
    response = client_for(manager).get(reverse("responses:index"))
    assert response.status_code == 200
    page = response.content.decode()
    svg = re.search(r"<svg[^>]*harbour-chart.*?</svg>", page, re.DOTALL).group()
    assert 'aria-hidden="true"' in svg and "<title>" in svg and "<desc>" in svg
    assert svg.count("<rect") == 1  # one week with answers
    assert svg.count('class="harbour-chart__p90"') == 1
    assert "Hours" in svg and "Week starting" in svg
    table = re.search(r'<table class="govuk-table">.*?</table>', page, re.DOTALL).group()
    assert table.count('<tr class="govuk-table__row">') == WEEKS + 1
    assert "2 hours" in table and "2 hours 48 minutes" in table  # median of 1 and 3; 90th percentile
    overdue_link = f"{reverse('inbox:index')}?queue=overdue&amp;channel={channel.pk}"
    assert overdue_link in page and "1 overdue" in page
    assert overdue_item.pk  # the one overdue
    assert "Within 1 day" in page


def test_only_those_who_read_the_inbox_open_it(org, members, client_for):
    url = reverse("responses:index")
    for role, member in members.items():
        readers = (Role.MANAGER, Role.SAFEGUARDING_LEAD, Role.DEPUTY_SAFEGUARDING_LEAD, Role.MODERATOR)
        expected = 200 if role in readers else 403
        assert client_for(member).get(url).status_code == expected, role


def test_the_navigation_links_it_for_those_who_can_open_it(org, members, client_for):
    url = reverse("responses:index")
    assert (
        f'href="{url}"' in client_for(members[Role.MODERATOR]).get(reverse("console:home")).content.decode()
    )
    assert (
        f'href="{url}"' not in client_for(members[Role.AUTHOR]).get(reverse("console:home")).content.decode()
    )


def test_a_member_without_channels_is_told_so(org, client_for):
    moderator = make_member(org, Role.MODERATOR, "new.mod@example.org", "New Moderator")
    page = client_for(moderator).get(reverse("responses:index")).content.decode()
    assert "You do not look after any channels yet" in page
