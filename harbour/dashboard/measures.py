"""The dashboard's numbers, each counted the way its own app counts it (docs/dashboard.md). Read only: no
service, nothing stored. Every function is scoped to one organisation and reads all of its channels at
once (a fixed number of queries however many channels), except where it says otherwise.

- readiness: harbour/channels/readiness.py `readiness(channel)`, with every channel's confirmations, named
  moderators, plan and resources read at once (readiness.prefetch) and the policy register read once;
- moderation coverage: the rota's sign-offs (harbour/rota: SignOff, one a channel a day) against the days
  the channel was active, over the PERIOD whole days before today;
- response times: harbour/responses/times.py `response_times`, the answers of its WEEKS weeks against each
  channel's promised hours, and its count of items overdue now (harbour/inbox/models.py `overdue`);
- open concerns by age: harbour/safeguarding/counts.py `counts_for`, numbers only;
- consent for published images: each image or video that went out in the PERIOD (the publication's frozen
  version), and whether every person the ledger (harbour/consent: PublishedUse) says it showed still has
  their consent standing today (harbour/consent/rules.py, read for every channel at once);
- takedowns outstanding: harbour/consent/takedowns.py `visible_to`, not yet done;
- complaints from consultation pages waiting for a decision: harbour/consultation/complaints.py
  `open_complaints` (figures.py calls it: a number for the organisation);
- privacy reviews: harbour/channels/services.py `overdue_privacy_reviews` and `Channel.privacy_review_due`;
- training: harbour/accounts/training.py `member_training`, per active member (its own queries);
- posting: publications published in the PERIOD (harbour/publishing), per week against `posts_per_week`,
  and the two-way ones: whose words as they went out invite a reply (publishing/checks.py
  `invites_response`, the test the one-way flag in publishing/targets.py uses).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils import timezone

from harbour.accounts.models import Membership, Organisation
from harbour.accounts.training import member_training
from harbour.channels.models import Channel
from harbour.channels.readiness import Readiness, policies_in_date, prefetch, readiness
from harbour.channels.services import overdue_privacy_reviews
from harbour.connectors.platform import PlatformCapability
from harbour.consent.models import (
    PublishedUse,
    Takedown,
    TakedownState,
)
from harbour.consent.rules import stands_on_channels
from harbour.consent.takedowns import visible_to
from harbour.publishing.checks import invites_response
from harbour.publishing.models import Publication, PublicationState
from harbour.responses.times import response_times
from harbour.rota.models import SignOff
from harbour.safeguarding.counts import counts_for

PERIOD = 28  # days: moderation coverage, published images, posting
DUE_SOON = datetime.timedelta(days=30)  # a privacy review due within this is "due soon"


def live_channels(organisation: Organisation) -> list[Channel]:
    """The organisation's active channels, in name order: the dashboard's rows (with their last privacy review,
    and their engagement plan, which readiness reads for its review date)."""
    return list(
        Channel.objects.for_org(organisation)
        .live()
        .with_review_dates()
        .select_related("engagement_plan")
        .prefetch_related("engagement_plan__resources", *prefetch())
        .order_by("name", "pk")
    )


# Readiness


def readiness_of(channels: list[Channel], today: datetime.date) -> dict[int, Readiness]:
    if not channels:
        return {}
    policies = policies_in_date(channels[0].organisation_id, today)
    return {channel.pk: readiness(channel, today, policies=policies) for channel in channels}


# Moderation coverage


@dataclass(frozen=True)
class Coverage:
    signed_off: int  # days in the period with the queue signed off
    active_days: int  # days in the period the channel was active

    @property
    def share(self) -> float | None:
        return None if not self.active_days else round(100 * self.signed_off / self.active_days, 1)


def period_days(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The PERIOD whole days before today, first and last: today is not over, so not judged yet."""
    return today - datetime.timedelta(days=PERIOD), today - datetime.timedelta(days=1)


def coverage_of(
    organisation: Organisation, channels: list[Channel], today: datetime.date
) -> dict[int, Coverage]:
    """Days signed off on the rota against days active, over the PERIOD days before today. A channel is active
    from the day it was made active (activated_at; without one, for the whole period), or from its first
    sign-off if that is earlier: the rota refuses to sign off a channel that is not active."""
    first, last = period_days(today)
    signed = {
        channel_id: (n, earliest)
        for channel_id, n, earliest in SignOff.objects.for_org(organisation)
        .filter(channel__in=[c.pk for c in channels], day__range=(first, last))
        .values("channel_id")
        .annotate(n=Count("pk"), earliest=Min("day"))
        .values_list("channel_id", "n", "earliest")
    }
    out = {}
    for channel in channels:
        n, earliest = signed.get(channel.pk, (0, None))
        start = first
        if channel.activated_at is not None:
            start = max(first, timezone.localdate(channel.activated_at))
        if earliest is not None:
            start = min(start, earliest)
        active = max(0, (last - start).days + 1)
        out[channel.pk] = Coverage(signed_off=n, active_days=active)
    return out


# Response times


@dataclass(frozen=True)
class Answers:
    promised_hours: int
    answered: int = 0  # in the response-times page's WEEKS weeks
    within: int = 0  # of those, answered within the promised time
    overdue: int = 0  # past their promised time now, neither answered nor done

    @property
    def share(self) -> float | None:
        return None if not self.answered else round(100 * self.within / self.answered, 1)


def answers_of(by: Membership, channels: list[Channel], now: datetime.datetime) -> dict[int, Answers]:
    times = {t.channel.pk: t for t in response_times(by, now=now)}
    out = {}
    for channel in channels:
        found = times.get(channel.pk)
        if found is None:
            out[channel.pk] = Answers(channel.response_hours)
            continue
        promised = found.promised.total_seconds()
        out[channel.pk] = Answers(
            channel.response_hours,
            answered=found.answered,
            within=sum(1 for seconds in found.durations if seconds <= promised),
            overdue=found.overdue,
        )
    return out


# Concerns


def concerns_by_age(by: Membership, now: datetime.datetime) -> list[tuple[str, int]]:
    """Open concerns by how long they have been open: numbers only, as the counts page gives them."""
    return counts_for(by, now).by_age


# Consent for published images


@dataclass(frozen=True)
class ImageConsent:
    published: int = 0  # images and videos that went out in the period
    standing: int = 0  # of those, every person shown still has consent today
    taken_down: int = 0  # of the others, on a publication already taken down (Takedown done)

    @property
    def share(self) -> float | None:
        return None if not self.published else round(100 * self.standing / self.published, 1)


def published_in_period(organisation: Organisation, channels: list[Channel], now: datetime.datetime):
    """The channels' publications that went out in the PERIOD days up to now, with their frozen versions."""
    return (
        Publication.objects.for_org(organisation)
        .filter(
            channel__in=[c.pk for c in channels],
            state=PublicationState.PUBLISHED,
            finished_at__gt=now - datetime.timedelta(days=PERIOD),
            finished_at__lte=now,
        )
        .select_related("version")
        .order_by("finished_at", "pk")
    )


def image_consent_of(
    organisation: Organisation,
    channels: list[Channel],
    now: datetime.datetime,
    publications: list[Publication] | None = None,
) -> dict[int, ImageConsent]:
    """Each image or video published in the period (as its version froze it) counts once per channel it
    went out on; it stands when every person the ledger says it showed has their consent standing today
    for that use on that channel. One with nobody in the register in it needs no one's consent: it stands."""
    if publications is None:
        publications = list(published_in_period(organisation, channels, now))
    shown: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
    uses = (
        PublishedUse.objects.for_org(organisation)
        .filter(publication__in=[p.pk for p in publications], asset__isnull=False)
        .values_list("publication_id", "asset_id", "person_id", "use")
    )
    for publication_id, asset_id, person_id, use in uses:
        shown[publication_id, asset_id].append((person_id, use))
    images = [
        (publication, image["asset"])
        for publication in publications
        for image in publication.version.content.get("images", [])
    ]
    wanted = {
        (person_id, use, publication.channel_id)
        for publication, asset_id in images
        for person_id, use in shown[publication.pk, asset_id]
    }
    stands = stands_on_channels(wanted, timezone.localdate(now))
    gone = set(
        Takedown.objects.for_org(organisation)
        .filter(state=TakedownState.DONE, publication__in=[p.pk for p in publications])
        .values_list("publication_id", flat=True)
    )
    published: dict[int, int] = defaultdict(int)
    standing: dict[int, int] = defaultdict(int)
    taken_down: dict[int, int] = defaultdict(int)
    for publication, asset_id in images:
        published[publication.channel_id] += 1
        if all(
            stands[person_id, use, publication.channel_id]
            for person_id, use in shown[publication.pk, asset_id]
        ):
            standing[publication.channel_id] += 1
        elif publication.pk in gone:
            taken_down[publication.channel_id] += 1
    return {c.pk: ImageConsent(published[c.pk], standing[c.pk], taken_down[c.pk]) for c in channels}


# Takedowns


@dataclass(frozen=True)
class Outstanding:
    open: int = 0  # not yet done
    overdue: int = 0  # of those, past the day they were due by


def takedowns_of(by: Membership, channels: list[Channel], now: datetime.datetime) -> dict[int, Outstanding]:
    """Takedowns not yet done on each channel, as the takedowns page lists them for `by`."""
    rows = (
        visible_to(by)
        .exclude(state=TakedownState.DONE)
        .values("publication__channel_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_by__lt=now)))
        .values_list("publication__channel_id", "open", "overdue")
        .order_by()
    )
    found = {channel_id: Outstanding(n, late) for channel_id, n, late in rows}
    return {c.pk: found.get(c.pk, Outstanding()) for c in channels}


def takedowns_elsewhere(by: Membership, channels: list[Channel]) -> int:
    """Outstanding takedowns on channels that are no longer active (retired since the post went out)."""
    return (
        visible_to(by)
        .exclude(state=TakedownState.DONE)
        .exclude(publication__channel__in=[c.pk for c in channels])
        .count()
    )


# Privacy reviews


@dataclass(frozen=True)
class PrivacyReviews:
    overdue: list[Channel]  # due or overdue now, or never done
    due_soon: list[tuple[Channel, datetime.datetime]]  # due within DUE_SOON
    later: list[Channel]


def privacy_reviews_of(
    organisation: Organisation, channels: list[Channel], now: datetime.datetime
) -> PrivacyReviews:
    """`channels` must come from live_channels (annotated with their last review)."""
    overdue = {c.pk for c in overdue_privacy_reviews(organisation, now)}
    due_soon, later = [], []
    for channel in channels:
        if channel.pk in overdue:
            continue
        due = channel.privacy_review_due()
        if due is not None and due <= now + DUE_SOON:
            due_soon.append((channel, due))
        else:
            later.append(channel)
    return PrivacyReviews([c for c in channels if c.pk in overdue], due_soon, later)


# Training


@dataclass(frozen=True)
class Training:
    members: int = 0
    up_to_date: int = 0
    never_done: int = 0  # members lacking a course their role needs that they never did
    expired: int = 0  # members whose course their role needs has expired
    awaiting_verification: int = 0  # members whose current record waits for a manager to verify it
    expiring: int = 0  # members with a course expiring in the next 30 days
    names: dict[str, list[str]] = field(default_factory=dict)


def training_of(organisation: Organisation, today: datetime.date) -> Training:
    """Every active member's training, as the training page reads it (member_training: a few queries for
    each member)."""
    members = Membership.objects.for_org(organisation).active().select_related("user").order_by("pk")
    counts = defaultdict(int)
    for membership in members:
        state = member_training(membership, today)
        counts["members"] += 1
        counts["up_to_date"] += state.up_to_date
        counts["never_done"] += any(g.expired_on is None and not g.awaiting_verification for g in state.due)
        counts["expired"] += any(g.expired_on is not None and not g.awaiting_verification for g in state.due)
        counts["awaiting_verification"] += any(g.awaiting_verification for g in state.due)
        counts["expiring"] += bool(state.expiring)
    return Training(**counts)


# Posting and two-way posts


@dataclass(frozen=True)
class Posting:
    target: int  # the channel's posts a week; 0: no target
    posts: int = 0  # published in the period
    two_way: int = 0  # of those, inviting a reply

    @property
    def per_week(self) -> float:
        return round(self.posts * 7 / PERIOD, 1)

    @property
    def two_way_share(self) -> float | None:
        return None if not self.posts else round(100 * self.two_way / self.posts, 1)


def posting_channels(channels: list[Channel]) -> list[Channel]:
    """The channels Harbour posts to (its platform publishes), as the posting targets read them."""
    return [c for c in channels if c.can(PlatformCapability.PUBLISH)]


def posting_of(
    organisation: Organisation,
    channels: list[Channel],
    now: datetime.datetime,
    publications: list[Publication] | None = None,
) -> dict[int, Posting]:
    if publications is None:
        publications = list(published_in_period(organisation, channels, now))
    posts: dict[int, int] = defaultdict(int)
    two_way: dict[int, int] = defaultdict(int)
    for publication in publications:
        posts[publication.channel_id] += 1
        # What went out on the channel: the approved version's text for it (as targets.one_way reads it).
        if invites_response(publication.version.texts()[publication.channel_id]):
            two_way[publication.channel_id] += 1
    return {c.pk: Posting(c.posts_per_week, posts[c.pk], two_way[c.pk]) for c in channels}
