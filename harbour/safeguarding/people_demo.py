"""The demo's young person, for `harbour seed_demo` (called from harbour/safeguarding/demo.py): a young person
known by a pseudonym, with an account on each of two demo channels (the Youth Voice Facebook page and the
live demo feed), and a chronology of two concerns about those accounts, one with dated entries going back
some weeks.

Made through the services with the demo's people as actors; safe to run again (an organisation that has any
young person's record already gets nothing), and it gives up quietly when the channels or the people it
needs are not there as the demo left them.
"""

import datetime
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.channels.models import Channel
from harbour.inbox.models import Author
from harbour.safeguarding import people, services
from harbour.safeguarding.models import Category, Severity, YoungPerson

CHANNELS = (
    "Youth Voice Facebook page",
    "Youth Voice demo feed",
)  # harbour/responses/demo.py, channels/demo.py
ACCOUNTS = (
    ("demo-jay-facebook", "jay.m.2011", "Jay M"),
    ("demo-jay-feed", "jayyy_m", "jay"),
)
PSEUDONYM = "Jay M (pseudonym)"
BORN = datetime.date(2011, 9, 14)


def _account(channel: Channel, author_id: str, handle: str, name: str, seen_at: datetime.datetime) -> Author:
    seen = SimpleNamespace(author_id=author_id, author_handle=handle, author_display_name=name)
    with transaction.atomic(durable=True):
        return Author.objects.for_incoming(channel, [seen], seen_at=seen_at)[author_id]


def seed(organisation, members) -> None:
    lead, moderator = members.get(Role.SAFEGUARDING_LEAD), members.get(Role.MODERATOR)
    if lead is None or moderator is None or YoungPerson.objects.filter(organisation=organisation).exists():
        return
    channels = [Channel.objects.filter(organisation=organisation, name=name).first() for name in CHANNELS]
    if None in channels:
        return
    now = timezone.now()
    weeks_ago = now - datetime.timedelta(weeks=3)
    on_facebook, on_feed = (
        _account(channel, *account, seen_at=weeks_ago)
        for channel, account in zip(channels, ACCOUNTS, strict=True)
    )
    try:
        young_person = people.add_young_person(organisation, by=lead, name=PSEUDONYM, date_of_birth=BORN)
        for account in (on_facebook, on_feed):
            people.link_author(young_person, account, by=lead)
        eating = services.raise_concern(
            organisation,
            by=moderator,
            author=on_facebook,
            category=Category.SELF_HARM,
            severity=Severity.MEDIUM,
            summary="Jay commented on the Facebook page that they have stopped eating because of what people "
            "say about them at school.",
        )
        services.add_entry(
            eating,
            by=lead,
            version=eating.version,
            kind="note",
            text="Jay's youth worker noticed three weeks ago that Jay had stopped eating at the Tuesday session, "
            "and told the lead at the time; nothing was written down then.",
            happened_at=weeks_ago,
        )
        services.add_entry(
            eating,
            by=lead,
            version=eating.version + 1,
            kind="decision",
            text="The youth worker talks to Jay at Tuesday's session and checks in weekly; no referral for now.",
            reason="Jay has support at school and at home, and has told us who they would talk to.",
            happened_at=now,
        )
        meeting = services.raise_concern(
            organisation,
            by=moderator,
            author=on_feed,
            category=Category.GROOMING,
            severity=Severity.MEDIUM,
            summary="Jay posted on the demo feed that an older 'friend' from a game wants to meet them in town "
            "and says not to tell anyone.",
        )
        services.link_young_person(meeting, by=lead, young_person=young_person)
    except (NotAllowed, ValueError):
        # Someone using the demo changed a demo person's role or their training: leave it as it is.
        return
