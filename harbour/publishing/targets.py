"""Is each channel regularly updated and interactive (guidance 4.1, 4.2)? Read-only: the console home's
panel (harbour/console/panels.py) shows the flags to the channel's owners and to managers.

- Going quiet: the channel published fewer posts in the last 7 days than its target
  (`Channel.posts_per_week`; 0 means no target), counting the posts already scheduled for the next 7 days
  as making it up. A channel active for less than a week is not judged yet.
- One-way: none of its last `RECENT` published posts invites a response (a question, "tell us", a call to
  comment: `checks.invites_response`, the same test the check panel uses on a draft). Judged once it has
  published at least `ONE_WAY_AFTER` posts.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.channels.models import Channel
from harbour.connectors.platform import PlatformCapability
from harbour.publishing.checks import invites_response
from harbour.publishing.models import Publication, PublicationState

WEEK = datetime.timedelta(days=7)
RECENT = 5  # the published posts the one-way flag reads
ONE_WAY_AFTER = 3  # fewer published posts than this are too few to call a channel one-way
QUIET, ONE_WAY = "quiet", "one_way"


@dataclass(frozen=True)
class Flag:
    channel: Channel
    kind: str  # QUIET or ONE_WAY
    published: int  # QUIET: posts published in the last 7 days; ONE_WAY: the posts read
    scheduled: int = 0  # QUIET: posts scheduled for the next 7 days
    target: int = 0  # QUIET: the channel's posts a week

    @property
    def summary(self) -> str:
        if self.kind == QUIET:
            posts = f"{self.published} post{'' if self.published == 1 else 's'}"
            ahead = (
                "nothing is scheduled"
                if not self.scheduled
                else f"only {self.scheduled} {'is' if self.scheduled == 1 else 'are'} scheduled"
            )
            return (
                f"Going quiet: {posts} in the last 7 days against a target of {self.target} a week, "
                f"and {ahead} for the next 7 days."
            )
        return (
            f"One-way: none of its last {self.published} posts invites a reply. Ask a question or invite "
            "comments, so young people can take part."
        )


def _published(channel: Channel):
    return Publication.objects.filter(channel=channel, state=PublicationState.PUBLISHED)


def going_quiet(channel: Channel, now: datetime.datetime | None = None) -> Flag | None:
    now = now or timezone.now()
    target = channel.posts_per_week
    if not target or channel.activated_at is None or channel.activated_at > now - WEEK:
        return None
    published = _published(channel).filter(finished_at__gt=now - WEEK).values("post").distinct().count()
    if published >= target:
        return None
    due = Q(next_try_at__lt=now + WEEK) | Q(next_try_at__isnull=True, publish_at__lt=now + WEEK)
    scheduled = (
        Publication.objects.filter(
            channel=channel, state__in=[PublicationState.PENDING, PublicationState.RUNNING]
        )
        .filter(due)
        .values("post")
        .distinct()
        .count()
    )
    if published + scheduled >= target:
        return None
    return Flag(channel, QUIET, published=published, scheduled=scheduled, target=target)


def one_way(channel: Channel) -> Flag | None:
    recent = list(_published(channel).select_related("version").order_by("-finished_at", "-pk")[:RECENT])
    if len(recent) < ONE_WAY_AFTER:
        return None
    # What went out on the channel: the approved version's text for it.
    if any(invites_response(p.version.texts()[p.channel_id]) for p in recent):
        return None
    return Flag(channel, ONE_WAY, published=len(recent))


def flags_for(channel: Channel, now: datetime.datetime | None = None) -> list[Flag]:
    return [flag for flag in (going_quiet(channel, now), one_way(channel)) if flag is not None]


def flags_seen_by(member: Membership, now: datetime.datetime | None = None) -> list[Flag]:
    """The flags on the active channels that can post which `member` owns, or on all of them for a manager."""
    channels = Channel.objects.for_org(member.organisation).live().order_by("name", "pk")
    if not member.can(Capability.MANAGE_CHANNELS):
        channels = channels.filter(owners=member)
    posting = [channel for channel in channels if channel.can(PlatformCapability.PUBLISH)]
    return [flag for channel in posting for flag in flags_for(channel, now)]


def targets_panel(request) -> dict | None:
    """The console home's panel (harbour/console/panels.py): None when no channel of theirs is flagged."""
    flags = flags_seen_by(request.membership)
    if not flags:
        return None
    member = request.membership
    return {
        "flags": flags,
        "can_write": member.can(Capability.WRITE_POSTS),
        "can_see_calendar": member.can(Capability.VIEW_PUBLISHING),
    }
