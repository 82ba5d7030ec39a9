"""Response times per channel and per ISO week: how many messages were answered, how long the answers
took (median and 90th percentile of responded_at - received_at) and how many are overdue now.

Read only, so no service: one bounded query for the answers of the last WEEKS weeks, percentiles worked
out here in Python (the same on SQLite and PostgreSQL), and one grouped count of overdue items
(harbour.inbox.models.overdue, the one definition the inbox and the rota use too).
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, FloatField, Func, IntegerField, Value, When
from django.utils import timezone

from harbour.accounts.models import Membership
from harbour.channels.models import Channel, Status
from harbour.inbox.models import Item, overdue
from harbour.inbox.services import readable_channels

WEEKS = 12


def percentile(ordered: list[float], fraction: float) -> float:
    """The value below which `fraction` of the sorted values lie, interpolating between the two nearest
    (as a spreadsheet's PERCENTILE does): the median is percentile(values, 0.5)."""
    if not ordered:
        raise ValueError("percentile of no values")
    rank = (len(ordered) - 1) * fraction
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Week:
    monday: datetime.date
    answered: int = 0
    median: datetime.timedelta | None = None
    p90: datetime.timedelta | None = None

    @property
    def iso(self) -> str:
        year, week, _ = self.monday.isocalendar()
        return f"{year}-W{week:02d}"


@dataclass
class ChannelTimes:
    channel: Channel
    weeks: list[Week]  # oldest first
    overdue: int = 0
    answered: int = 0
    median: datetime.timedelta | None = None  # over all the weeks
    p90: datetime.timedelta | None = None
    durations: list[float] = field(default_factory=list, repr=False)

    @property
    def promised(self) -> datetime.timedelta:
        return datetime.timedelta(hours=self.channel.response_hours)


class SecondsBetween(Func):
    """later - earlier in seconds, worked out by the database (SQLite's own julianday, not Django's
    duration arithmetic, which parses each timestamp in Python)."""

    arity = 2
    output_field = FloatField()
    arg_joiner = " - "
    template = "EXTRACT(EPOCH FROM (%(expressions)s))::double precision"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra,
        )


def _mondays(now: datetime.datetime) -> list[datetime.date]:
    today = timezone.localtime(now).date()
    this_monday = today - datetime.timedelta(days=today.weekday())
    return [this_monday - datetime.timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]


def _spread(durations: list[float]) -> tuple[datetime.timedelta | None, datetime.timedelta | None]:
    if not durations:
        return None, None
    ordered = sorted(durations)
    seconds = (percentile(ordered, 0.5), percentile(ordered, 0.9))
    return tuple(datetime.timedelta(seconds=round(s)) for s in seconds)


def response_times(membership: Membership, *, now: datetime.datetime | None = None) -> list[ChannelTimes]:
    """For each channel the member may read that is active or has figures: the last WEEKS ISO weeks
    (this one last), by the week each answer was sent, and the items overdue now."""
    now = now or timezone.now()
    mondays = _mondays(now)
    starts = [timezone.make_aware(datetime.datetime.combine(m, datetime.time.min)) for m in mondays]
    channels = {c.pk: c for c in readable_channels(membership).order_by("name", "pk")}
    items = Item.objects.filter(organisation_id=membership.organisation_id, channel_id__in=list(channels))
    # The database says which week each answer falls in and how long it took, so no timestamp is
    # converted here (converting 10,000 of them took longer than the query).
    week = Case(
        *(When(responded_at__gte=start, then=Value(n)) for n, start in reversed(list(enumerate(starts)))),
        output_field=IntegerField(),
    )
    took = SecondsBetween("responded_at", "received_at")
    answered = (
        items.filter(responded_at__gte=starts[0], responded_at__lte=now)
        .annotate(week=week, took=took)
        .values_list("channel_id", "week", "took")
    )
    by_week: dict[tuple[int, int], list[float]] = defaultdict(list)
    for channel_id, n, seconds in answered.iterator(chunk_size=2000):
        # A platform's clock may put the post after the answer: count that as answered at once.
        by_week[channel_id, n].append(max(0.0, seconds))
    overdue_now = dict(
        items.filter(overdue(now)).values("channel_id").annotate(n=Count("pk")).values_list("channel_id", "n")
    )
    out = []
    for pk, channel in channels.items():
        times = ChannelTimes(channel, [], overdue=overdue_now.get(pk, 0))
        for n, monday in enumerate(mondays):
            durations = by_week.get((pk, n), [])
            times.durations += durations
            times.weeks.append(Week(monday, len(durations), *_spread(durations)))
        times.answered = len(times.durations)
        times.median, times.p90 = _spread(times.durations)
        if channel.status == Status.ACTIVE or times.answered or times.overdue:
            out.append(times)
    return out


def describe(duration: datetime.timedelta | None) -> str:
    """A duration as people say it: "under a minute", "45 minutes", "3 hours 20 minutes", "2 days 4 hours"."""
    if duration is None:
        return ""
    minutes = int(duration.total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)

    def unit(n: int, name: str) -> str:
        return f"{n} {name}" if n == 1 else f"{n} {name}s"

    if days:
        return " ".join(unit(n, name) for n, name in ((days, "day"), (hours, "hour")) if n)
    return " ".join(unit(n, name) for n, name in ((hours, "hour"), (minutes, "minute")) if n)
