"""The publishing calendar: scheduled and published posts per day and channel for a week or a month, with
the day's moderation rota beside them; organisation-scoped; for members who see publishing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.publishing import calendar, sending, services
from harbour.publishing.models import Publication
from harbour.rota import services as rota
from tests.cast import active_channel, give_training, make_member

pytestmark = pytest.mark.django_db

URL = reverse("publishing:calendar")


@pytest.fixture
def channel(org):
    channel = active_channel(org, "demo", started_at=timezone.now().isoformat())
    channel.name = "Youth Voice feed"
    channel.save()
    return channel


@pytest.fixture
def proof_reader(reviewer):
    give_training(reviewer, "approve")
    return reviewer


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def write(author, channel, title, publish_at=None):
    return services.create_post(
        by=author,
        title=title,
        text=f"{title}: come along on Friday. What would you like to do?",
        channel_ids=[channel.pk],
        publish_at=publish_at,
    )


def approved(author, reviewer, channel, title, publish_at=None):
    post = write(author, channel, title, publish_at)
    services.submit(post, by=author, revision=post.revision)
    post.refresh_from_db()
    services.review(post, by=reviewer, version_number=post.current_version.number, approve=True)
    return post


def published(author, reviewer, channel, title):
    post = approved(author, reviewer, channel, title)
    assert sending.publish(Publication.objects.get(post=post).pk).outcome == "published"
    return post


def test_the_period_is_a_monday_to_sunday_week_or_a_calendar_month():
    wednesday = datetime.date(2026, 12, 9)
    assert calendar.period("week", wednesday) == (datetime.date(2026, 12, 7), datetime.date(2026, 12, 13))
    assert calendar.period("month", wednesday) == (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))
    assert calendar.period("month", datetime.date(2028, 2, 10))[1] == datetime.date(2028, 2, 29)


def test_the_week_shows_published_scheduled_and_planned_posts_on_their_days(
    org, author, proof_reader, channel, client_for
):
    today = timezone.localdate()
    later = today + datetime.timedelta(days=1)
    done = published(author, proof_reader, channel, "Skate park news")
    scheduled = approved(author, proof_reader, channel, "Games night", publish_at=at(later, 18))
    planned = write(author, channel, "Music room", publish_at=at(later, 16))
    write(author, channel, "Someday maybe")

    built = calendar.build(org, view="week", start=later)
    entries = {entry.title: entry for day in built.days for entry in day.entries}
    if calendar.period("week", later)[0] <= today:  # the test may run on a Sunday
        assert entries["Skate park news"].label == "Published"
        assert entries["Skate park news"].at.date() == today
    assert entries["Games night"].label == "Scheduled" and entries["Games night"].at == at(later, 18)
    assert entries["Music room"].label == "Draft" and entries["Music room"].at == at(later, 16)
    assert "Someday maybe" not in entries
    day = next(day for day in built.days if day.date == later)
    assert [entry.title for entry in day.entries] == ["Music room", "Games night"]  # in time order

    page = client_for(author).get(URL, {"start": later.isoformat()})
    html = page.content.decode()
    assert page.status_code == 200
    for post in (scheduled, planned):
        assert reverse("publishing:post", args=[post.pk]) in html
    assert "Someday maybe" not in html
    assert later.strftime("%A") in html
    assert done.title in client_for(author).get(URL).content.decode()  # this week, wherever today falls


def test_the_month_view_and_its_neighbours(org, author, proof_reader, channel, client_for):
    next_month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=40)).replace(day=3)
    approved(author, proof_reader, channel, "Youth survey", publish_at=at(next_month, 16))
    client = client_for(author)
    html = client.get(URL, {"view": "month", "start": next_month.isoformat()}).content.decode()
    assert "Youth survey" in html and next_month.strftime("%B %Y") in html
    built = calendar.build(org, view="month", start=next_month)
    assert built.first == next_month.replace(day=1) and built.next.day == 1 and built.previous.day == 1
    assert built.next > built.last and built.previous < built.first
    assert all(len(week) == 7 for week in built.weeks)
    assert sum(day.in_period for week in built.weeks for day in week) == built.last.day
    # This month does not show it.
    assert "Youth survey" not in client.get(URL, {"view": "month"}).content.decode()


def test_the_rota_is_beside_each_day(org, manager, moderator, channel, client_for, author):
    channel.moderators.add(moderator)
    today = timezone.localdate()
    rota.add_shifts(
        channel,
        member=moderator,
        days=[today.weekday()],
        starts=datetime.time(9),
        ends=datetime.time(17),
        by=manager,
    )
    built = calendar.build(org, view="week", start=today)
    lines = next(day for day in built.days if day.date == today).rota
    assert [(line.channel, [shift.membership for shift in line.shifts]) for line in lines] == [
        (channel, [moderator])
    ]
    other = next(day for day in built.days if day.date != today)
    assert other.rota[0].shifts == []
    html = client_for(author).get(URL).content.decode()
    assert "Mo Moderator" in html and "09:00 to 17:00" in html and "nobody on the rota" in html


def test_a_channel_filter_shows_only_that_channel(org, author, proof_reader, channel, client_for):
    other = active_channel(org, "demo", started_at=timezone.now().isoformat())
    other.name = "Second feed"
    other.save()
    later = timezone.localdate() + datetime.timedelta(days=1)
    approved(author, proof_reader, channel, "On the first", publish_at=at(later, 10))
    approved(author, proof_reader, other, "On the second", publish_at=at(later, 11))
    html = client_for(author).get(URL, {"start": later.isoformat(), "channel": other.pk}).content.decode()
    assert "On the second" in html and "On the first" not in html
    # An unknown choice is ignored, not an error.
    page = client_for(author).get(URL, {"view": "year", "start": "31/12/2026", "channel": "x"})
    assert page.status_code == 200


def test_another_organisations_posts_and_channels_never_show(
    org, other_org, outsider, author, channel, client_for
):
    theirs = active_channel(other_org, "demo", started_at=timezone.now().isoformat())
    theirs.name = "Elsewhere Council feed"
    theirs.save()
    writer = make_member(other_org, "author", "writer@elsewhere.example", "Elsewhere Writer")
    later = timezone.localdate() + datetime.timedelta(days=1)
    write(writer, theirs, "Elsewhere Council secret plan", publish_at=at(later, 10))
    for query in ({"start": later.isoformat()}, {"start": later.isoformat(), "channel": theirs.pk}):
        html = client_for(author).get(URL, query).content.decode()
        assert "Elsewhere" not in html
    assert (
        "Elsewhere Council secret plan"
        in client_for(outsider).get(URL, {"start": later.isoformat()}).content.decode()
    )


def test_only_members_who_see_publishing_open_it(members, client_for):
    for role, member in members.items():
        expected = 200 if role in ("manager", "author", "reviewer") else 403
        assert client_for(member).get(URL).status_code == expected, role


def test_a_published_posts_platform_link_is_kept_only_when_it_is_a_web_address(
    author, proof_reader, channel, client_for
):
    """On the calendar and on the post's page: a platform that answered with a javascript: address gets
    no link."""
    post = published(author, proof_reader, channel, "Quiz night")
    publication = Publication.objects.get(post=post)
    pages = (URL, reverse("publishing:post", args=[post.pk]))
    Publication.objects.filter(pk=publication.pk).update(url="https://example.test/post/1")
    for path in pages:
        assert 'href="https://example.test/post/1"' in client_for(author).get(path).content.decode(), path
    Publication.objects.filter(pk=publication.pk).update(url="javascript:alert(1)")
    for path in pages:
        assert "javascript:alert" not in client_for(author).get(path).content.decode(), path


def test_a_start_far_outside_the_calendar_shows_this_week(author, client_for):
    for start in ("0001-01-01", "9999-12-31"):
        page = client_for(author).get(URL, {"view": "month", "start": start})
        assert page.status_code == 200
        assert timezone.localdate().strftime("%B %Y") in page.content.decode()
