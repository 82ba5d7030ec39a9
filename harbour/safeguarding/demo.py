"""The demo's safeguarding concerns, for `harbour seed_demo`: an open concern from the demo feed's disclosure
(a young person's message that people send her horrible messages at night and she does not want to go to
school), which screening raised as it arrived and the demo moderator escalated from the inbox, adding what
worries them; then the closed concern with its referral (referrals_demo.py) and the young person with a
chronology (people_demo.py).

The disclosure is stored through ingest (as the live feed would store it a few minutes later: the feed then
finds it stored and skips it), so screening's concern is raised as it is for any channel, and the moderator
escalates through moderation's act(). Safe to run again (an item already escalated is left alone), and it
gives up quietly when the channel or the people it needs are not there as the demo left them.
"""

from datetime import timedelta

from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.channels.models import Channel, Status
from harbour.connectors.base import Batch, IncomingItem
from harbour.connectors.demo.connector import feed
from harbour.inbox import ingest
from harbour.inbox.models import Item, ItemStatus
from harbour.moderation.services import Stale, act
from harbour.safeguarding import people_demo, referrals_demo, retention
from harbour.safeguarding.models import Category, RetentionBasis, RetentionRule, Severity

FEED = "Youth Voice demo feed"  # harbour/channels/demo.py
DISCLOSURE = "demo-048"  # in harbour/connectors/demo/feed.json
WORRY = (
    "Tia says people message her at night about her weight and she does not want to go to school. She "
    "asked to talk to someone privately last week (demo-034). Please can a lead call her family?"
)


def seed(organisation, members) -> None:
    escalate_the_disclosure(organisation, members)
    referrals_demo.seed(organisation, members)
    people_demo.seed(organisation, members)
    set_the_retention_rule(organisation, members)


def _incoming(channel: Channel, message: dict, when) -> IncomingItem:
    author = feed()["authors"][message["author"]]
    return IncomingItem(
        platform=channel.platform,
        platform_id=message["id"],
        kind=message["kind"],
        text=message["text"],
        author_id=author["id"],
        author_handle=author["handle"],
        author_display_name=author["name"],
        created_at=when,
        url="",
        thread_id=message["thread"] or message["id"],
        parent_id=message["parent"],
    )


def escalate_the_disclosure(organisation, members) -> None:
    moderator = members.get(Role.MODERATOR)
    channel = Channel.objects.filter(organisation=organisation, name=FEED, status=Status.ACTIVE).first()
    if moderator is None or channel is None:
        return
    item = Item.objects.filter(channel=channel, platform_id=DISCLOSURE).first()
    if item is None:
        message = next((m for m in feed()["messages"] if m["id"] == DISCLOSURE), None)
        if message is None:
            return
        ingest.store_pushed(
            channel, Batch([_incoming(channel, message, timezone.now() - timedelta(hours=2))], None)
        )
        item = Item.objects.filter(channel=channel, platform_id=DISCLOSURE).first()
    if item is None or item.status == ItemStatus.ESCALATED:
        return
    try:
        act(
            item,
            "escalate",
            by=moderator,
            version=item.version,
            category=Category.DISCLOSURE,
            severity=Severity.HIGH,
            summary=WORRY,
        )
    except (NotAllowed, Stale, ValueError):
        # Someone using the demo changed the moderator's role or training, or the channel: leave it.
        return


# A youth service, not a school: closed concerns are kept 25 years after closing, then reviewed (so nothing
# in the demo is due for review). Set by the manager, as a real organisation would set it.
DEMO_YEARS_AFTER_CLOSING = 25


def set_the_retention_rule(organisation, members) -> None:
    manager = members.get(Role.MANAGER)
    if manager is None or RetentionRule.objects.filter(organisation=organisation).exists():
        return
    retention.set_rule(
        organisation,
        by=manager,
        basis=RetentionBasis.CLOSED,
        years_after_birth=25,
        years_after_closing=DEMO_YEARS_AFTER_CLOSING,
    )
