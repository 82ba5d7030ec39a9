"""The publishing calendar (issue 20): the organisation's posts per day and channel for a week or a month, and
beside each day the moderation rota (harbour/rota: who moderates each channel on that day of the week).
Read-only, organisation-scoped; the page is publishing/calendar_views.py.

What a day shows, on the organisation's clock (settings.TIME_ZONE):
- each publication (a post on one channel): published or failed at the time it finished, scheduled or
  being posted at its next try (its time, or a retry's);
- each draft or post waiting for proof reading that has a time, on each of its channels, so the team can
  see what is planned but not yet approved.
Cancelled publications (the post changed or was taken back) are left out: the post is shown again by its
own state.
"""

import calendar as months
import datetime
from dataclasses import dataclass, field

from django.db.models import Case, DateTimeField, Q, When
from django.db.models.functions import Coalesce
from django.utils import dateformat, timezone

from harbour.channels.models import Channel, Status
from harbour.inbox.templatetags.inbox import web_link  # the one test of a platform's link
from harbour.publishing.models import Post, PostState, Publication, PublicationState
from harbour.rota.services import shifts_of

WEEK, MONTH = "week", "month"
VIEWS = ((WEEK, "Week"), (MONTH, "Month"))

# (label, GOV.UK tag colour) for each kind of entry.
LOOK = {
    PublicationState.PUBLISHED: ("Published", "govuk-tag--green"),
    PublicationState.PENDING: ("Scheduled", "govuk-tag--blue"),
    PublicationState.RUNNING: ("Posting now", "govuk-tag--light-blue"),
    PublicationState.FAILED: ("Not published", "govuk-tag--red"),
    PostState.SUBMITTED: ("Waiting for proof reading", "govuk-tag--yellow"),
    PostState.DRAFT: ("Draft", "govuk-tag--grey"),
}


@dataclass(frozen=True)
class Entry:
    post_id: int
    title: str
    channel: Channel
    at: datetime.datetime  # local
    label: str
    tag: str
    url: str = ""  # the post on the platform, once published

    @property
    def published(self) -> bool:
        return self.label == LOOK[PublicationState.PUBLISHED][0]


@dataclass(frozen=True)
class RotaLine:
    channel: Channel
    shifts: list  # the channel's rota.Shift rows starting on that day of the week


@dataclass
class Day:
    date: datetime.date
    in_period: bool  # a month view's days from the weeks either side are shown, greyed
    today: bool
    entries: list[Entry] = field(default_factory=list)
    rota: list[RotaLine] = field(default_factory=list)


@dataclass
class Calendar:
    view: str
    first: datetime.date
    last: datetime.date
    title: str
    weeks: list[list[Day]]
    previous: datetime.date
    next: datetime.date
    channel: Channel | None
    rota_by_weekday: list[tuple[str, list[RotaLine]]]  # for the month view: the week's pattern

    @property
    def days(self) -> list[Day]:
        return [day for week in self.weeks for day in week if day.in_period]

    @property
    def count(self) -> int:
        return sum(len(day.entries) for day in self.days)


def channels_of(organisation):
    """The channels the calendar offers: active ones, and any that have had a post."""
    return (
        Channel.objects.for_org(organisation)
        .filter(Q(status=Status.ACTIVE) | Q(publications__isnull=False))
        .distinct()
        .order_by("name", "pk")
    )


def period(view: str, start: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the week (Monday to Sunday) or calendar month holding `start`."""
    if view == MONTH:
        first = start.replace(day=1)
        return first, first.replace(day=months.monthrange(first.year, first.month)[1])
    first = start - datetime.timedelta(days=start.weekday())
    return first, first + datetime.timedelta(days=6)


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def entries(organisation, first: datetime.date, last: datetime.date, channel: Channel | None) -> list[Entry]:
    """Every publication and planned post of the organisation between the two days (inclusive), in time order."""
    since, until = _aware(first), _aware(last + datetime.timedelta(days=1))
    finished = [PublicationState.PUBLISHED, PublicationState.FAILED]
    publications = (
        Publication.objects.for_org(organisation)
        .exclude(state=PublicationState.CANCELLED)
        .annotate(
            at=Case(
                When(state__in=finished, then=Coalesce("finished_at", "publish_at")),
                default=Coalesce("next_try_at", "publish_at"),
                output_field=DateTimeField(),
            )
        )
        .filter(at__gte=since, at__lt=until)
        .select_related("post", "channel")
    )
    planned = (
        Post.objects.for_org(organisation)
        .filter(state__in=[PostState.DRAFT, PostState.SUBMITTED], publish_at__gte=since, publish_at__lt=until)
        .prefetch_related("variants__channel")
    )
    if channel is not None:
        publications = publications.filter(channel=channel)
    found = []
    for publication in publications:
        label, tag = LOOK[publication.state]
        url = web_link(publication.url) if publication.state == PublicationState.PUBLISHED else ""
        at = timezone.localtime(publication.at)
        found.append(
            Entry(publication.post_id, publication.post.title, publication.channel, at, label, tag, url)
        )
    for post in planned:
        label, tag = LOOK[post.state]
        for variant in post.variants.all():
            if channel is None or variant.channel_id == channel.pk:
                at = timezone.localtime(post.publish_at)
                found.append(Entry(post.pk, post.title, variant.channel, at, label, tag))
    return sorted(found, key=lambda entry: (entry.at, entry.channel.name, entry.post_id))


def rota_lines(organisation, channel: Channel | None) -> dict[int, list[RotaLine]]:
    """For each day of the week (0 Monday), each active channel's shifts starting that day."""
    channels = Channel.objects.for_org(organisation).live().order_by("name", "pk")
    if channel is not None:
        channels = channels.filter(pk=channel.pk)
    shifts = {c.pk: list(shifts_of(c).order_by("starts", "pk")) for c in channels}
    return {
        weekday: [
            RotaLine(c, [shift for shift in shifts[c.pk] if shift.weekday == weekday]) for c in channels
        ]
        for weekday in range(7)
    }


def build(organisation, *, view: str, start: datetime.date, channel: Channel | None = None) -> Calendar:
    today = timezone.localdate()
    first, last = period(view, start)
    shown_first = first - datetime.timedelta(days=first.weekday())
    shown_last = last + datetime.timedelta(days=6 - last.weekday())
    rota = rota_lines(organisation, channel)
    by_day: dict[datetime.date, list[Entry]] = {}
    for entry in entries(organisation, first, last, channel):
        by_day.setdefault(entry.at.date(), []).append(entry)
    weeks, day = [], shown_first
    while day <= shown_last:
        week = []
        for _ in range(7):
            inside = first <= day <= last
            week.append(
                Day(
                    date=day,
                    in_period=inside,
                    today=day == today,
                    entries=by_day.get(day, []) if inside else [],
                    rota=rota[day.weekday()] if inside else [],
                )
            )
            day += datetime.timedelta(days=1)
        weeks.append(week)
    if view == MONTH:
        title = dateformat.format(first, "F Y")
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = last + datetime.timedelta(days=1)
    else:
        title = f"Week of {dateformat.format(first, 'l j F Y')}"
        previous, following = first - datetime.timedelta(days=7), first + datetime.timedelta(days=7)
    weekdays = [(months.day_name[number], rota[number]) for number in range(7)]
    return Calendar(view, first, last, title, weeks, previous, following, channel, weekdays)
