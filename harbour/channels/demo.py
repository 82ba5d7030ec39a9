"""Demo channels for `harbour seed_demo`: an active demonstration feed that plays out messages (the
grooming pattern and the rest of harbour/connectors/demo/feed.json) and a Bluesky channel waiting for a
manager's approval. Safe to run again, and to run after a run that stopped half way.

Made through the same services as the console, with the demo's people as the actors (the author
proposes, the manager approves, reviews, publishes and activates), so the demo channel is exactly
what a real one is, with the same audit events. seed_demo calls this outside its own transaction,
because each service opens its own.
"""

from django.db import transaction

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.audit.models import AuditEvent
from harbour.audit.services import record
from harbour.channels import disclaimer, meta_demo, privacy, readiness_demo, services
from harbour.channels.models import Channel, Outcome, Status
from harbour.channels.platforms import Platform

COMMON = {
    "in_organisation_name": True,
    "audience_min_age": 13,
    "audience_max_age": 19,
    "platform_minimum_age": 13,
    "response_hours": 24,
    "moderation_hours": "every day from 9am to 8pm",
    "checks_per_day": 3,
    "contact_email": "youth-voice@derby-youth-voice.example",
    "privacy_review_days": 90,
}


# One setting the demo's review could not fix, so the channel page shows what an open problem looks like.
OPEN_PROBLEM = (
    Outcome.CANNOT_FIX,
    (
        "The recovery phone number is still a youth worker's work mobile. The platform sends a code to that "
        "phone before it can be changed, and they are away until next week: change it when they are back."
    ),
)


FEED = {
    "platform": Platform.DEMO,
    "name": "Youth Voice demo feed",
    "handle": "@youthvoice.demo",
    "aims": "Show how Harbour collects, screens and queues comments from young people.",
    "suitability": "A made-up feed: nothing leaves Harbour.",
    "config": {"pace_seconds": 20},
}
PROPOSAL = {
    "platform": Platform.BLUESKY,
    "name": "Youth Council on Bluesky",
    "handle": "@youthcouncil.derby-youth-voice.example",
    "aims": "Tell young people about youth council meetings and ask what they think.",
    "suitability": "Many young people in Derby use Bluesky, and its reply controls let us keep threads "
    "to a size the moderators can manage.",
}
MARKS = ("channel.demo_seeded", "channel.demo_disclaimer_refreshed")


def _events(channel, actions):
    return AuditEvent.objects.filter(
        action__in=actions, object_type=Channel._meta.label_lower, object_id=str(channel.pk)
    )


def _publish_generated(channel, manager, mark: str) -> None:
    """Publish the generator's text as the demo, and mark the version as the demo's own, so a later
    seed can tell it from one a person wrote."""
    version = services.publish_disclaimer(channel, disclaimer.generate(channel), by=manager)
    with transaction.atomic(durable=True):
        record(mark, obj=channel, detail={"version": version.number})


def refresh_disclaimer(channel, manager) -> None:
    """Publish the generator's current text as a new version when the demo channel's disclaimer was
    written by an earlier seed (so an older wording is not shown for ever), unless someone has
    published one of their own, which is left alone."""
    current = channel.current_disclaimer
    demo_versions = {
        detail.get("version") for detail in _events(channel, MARKS).values_list("detail", flat=True)
    }
    published = {
        detail.get("version")
        for detail in _events(channel, ("channel.disclaimer_published",)).values_list("detail", flat=True)
    }
    if current is None or published - demo_versions or current.text == disclaimer.generate(channel):
        return
    _publish_generated(channel, manager, "channel.demo_disclaimer_refreshed")


def _live_feed(organisation, manager, moderator, author) -> None:
    channel = Channel.objects.filter(organisation=organisation, name=FEED["name"]).first()
    if channel is None:
        values = {**FEED, **COMMON, "display_name": organisation.name}
        channel = services.propose_channel(
            organisation, values, owners=[manager, author], moderators=[moderator, manager], by=author
        )
    if channel.status == Status.PROPOSED:
        services.approve_channel(channel, by=manager)
    if channel.status != Status.APPROVED:
        return  # active already, or retired by someone using the demo
    if channel.last_completed_review() is None:
        review = services.start_privacy_review(channel, by=manager)
        answers = {item.key: (Outcome.CONFIRMED, "") for item in privacy.checklist(channel.platform)}
        if "organisational_recovery" in answers:
            answers["organisational_recovery"] = OPEN_PROBLEM
        services.record_privacy_checks(review, answers, by=manager)
    if channel.current_disclaimer_id is None:
        _publish_generated(channel, manager, "channel.demo_seeded")
    readiness_demo.complete(channel, by=manager)
    services.activate_channel(channel, by=manager)


def seed(organisation, members) -> None:
    manager, moderator, author = members[Role.MANAGER], members[Role.MODERATOR], members[Role.AUTHOR]
    try:
        _live_feed(organisation, manager, moderator, author)
        demo_feeds = Channel.objects.filter(organisation=organisation, platform=Platform.DEMO).exclude(
            status=Status.RETIRED
        )
        for channel in demo_feeds:
            refresh_disclaimer(channel, manager)
        if not Channel.objects.filter(organisation=organisation, name=PROPOSAL["name"]).exists():
            values = {**PROPOSAL, **COMMON, "display_name": organisation.name}
            services.propose_channel(organisation, values, owners=[author], moderators=[], by=author)
        # An Instagram channel on the local Graph API simulator, when `harbour run` started one.
        meta_demo.seed(organisation, members, common=COMMON, publish_disclaimer=_publish_generated)
    except NotAllowed:
        # Someone using the demo changed a demo person's role or took them out: the services refuse
        # them now, and the channels stay as those people left them (`harbour run` must still start).
        return
