"""Demo channels for `harbour seed_demo`: an active demonstration feed that plays out messages (the
grooming pattern and the rest of harbour/connectors/demo/feed.json) and a Bluesky channel waiting for a
manager's approval. Safe to run again.

The seed runs inside seed_demo's transaction, where the services' durable transactions cannot open,
so the rows are written here directly and the seeding is audited as one event per channel.
"""

from django.db.models import Max
from django.utils import timezone

from harbour.accounts.models import Role
from harbour.audit.models import AuditEvent
from harbour.audit.services import record
from harbour.channels import disclaimer, privacy
from harbour.channels.models import Channel, DisclaimerVersion, Outcome, PrivacyCheck, PrivacyReview, Status
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
    "The recovery phone number is still a youth worker's work mobile. The platform sends a code to that "
    "phone before it can be changed, and they are away until next week: change it when they are back.",
)


def refresh_disclaimer(channel, manager) -> None:
    """Publish the generator's current text as a new version when the demo channel's disclaimer was
    written by an earlier seed (so an older wording is not shown for ever), unless someone has
    published one of their own, which is left alone."""
    current = channel.current_disclaimer
    published_by_a_person = AuditEvent.objects.filter(
        action="channel.disclaimer_published",
        object_type=Channel._meta.label_lower,
        object_id=str(channel.pk),
    ).exists()
    text = disclaimer.generate(channel)
    if current is None or published_by_a_person or current.text == text:
        return
    number = channel.disclaimers.aggregate(last=Max("number"))["last"] + 1
    channel.current_disclaimer = DisclaimerVersion.objects.create(
        organisation=channel.organisation,
        channel=channel,
        number=number,
        text=text,
        published_by=manager.user,
    )
    channel.save(update_fields=["current_disclaimer"])
    record("channel.demo_disclaimer_refreshed", obj=channel, detail={"version": number})


def seed(organisation, members) -> None:
    manager, moderator, author = members[Role.MANAGER], members[Role.MODERATOR], members[Role.AUTHOR]
    now = timezone.now()
    if not Channel.objects.filter(organisation=organisation, name="Youth Voice demo feed").exists():
        channel = Channel.objects.create(
            organisation=organisation,
            platform=Platform.DEMO,
            name="Youth Voice demo feed",
            handle="@youthvoice.demo",
            display_name=organisation.name,
            aims="Show how Harbour collects, screens and queues comments from young people.",
            suitability="A made-up feed: nothing leaves Harbour.",
            config={"started_at": now.isoformat(), "pace_seconds": 20},
            status=Status.ACTIVE,
            proposed_by=author.user,
            decided_by=manager.user,
            decided_at=now,
            activated_at=now,
            **COMMON,
        )
        channel.owners.set([manager, author])
        channel.moderators.set([moderator, manager])
        review = PrivacyReview.objects.create(
            organisation=organisation, channel=channel, started_by=manager.user, completed_at=now
        )
        PrivacyCheck.objects.bulk_create(
            PrivacyCheck(
                review=review,
                item=item.key,
                label=item.label,
                position=n,
                outcome=OPEN_PROBLEM[0] if item.key == "organisational_recovery" else Outcome.CONFIRMED,
                notes=OPEN_PROBLEM[1] if item.key == "organisational_recovery" else "",
                checked_by=manager.user,
                checked_at=now,
            )
            for n, item in enumerate(privacy.checklist(channel.platform))
        )
        channel.current_disclaimer = DisclaimerVersion.objects.create(
            organisation=organisation,
            channel=channel,
            number=1,
            text=disclaimer.generate(channel),
            published_by=manager.user,
        )
        channel.save(update_fields=["current_disclaimer"])
        record("channel.demo_seeded", obj=channel, detail={"status": channel.status})
    demo_feeds = Channel.objects.filter(organisation=organisation, platform=Platform.DEMO).exclude(
        status=Status.RETIRED
    )
    for channel in demo_feeds:
        refresh_disclaimer(channel, manager)
    if not Channel.objects.filter(organisation=organisation, name="Youth Council on Bluesky").exists():
        proposed = Channel.objects.create(
            organisation=organisation,
            platform=Platform.BLUESKY,
            name="Youth Council on Bluesky",
            handle="@youthcouncil.derby-youth-voice.example",
            display_name=organisation.name,
            aims="Tell young people about youth council meetings and ask what they think.",
            suitability="Many young people in Derby use Bluesky, and its reply controls let us keep threads "
            "to a size the moderators can manage.",
            status=Status.PROPOSED,
            proposed_by=author.user,
            **COMMON,
        )
        proposed.owners.set([author])
        record("channel.demo_seeded", obj=proposed, detail={"status": proposed.status})
