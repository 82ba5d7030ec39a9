"""Response-times demo for `harbour seed_demo`: a channel of comments imported from the youth service's
Facebook page, with eight weeks of questions that were answered (so the response-times page has a chart)
and a few that are past the 24 hours the channel promises (so the inbox's "Overdue" queue has items).
The live demo feed adds new questions as it plays, each due a day after it arrives.

The channel goes through the same services as the console (proposed, approved, reviewed, disclaimer
published, activated by the demo's manager) and its comments through the file import, as a moderator
would upload them, so ingest screens them and sets which need a reply and by when. Only the answers'
history is written here directly: an answer sent today cannot be dated weeks ago. Safe to run again:
the channel is looked up by name, the import stores each comment once, and only unanswered history is
marked answered.
"""

import csv
import datetime
import io
import random

from django.db import transaction
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.channels import disclaimer, privacy, readiness_demo, services
from harbour.channels.demo import COMMON
from harbour.channels.models import Channel, Outcome, Status
from harbour.channels.platforms import Platform
from harbour.inbox.models import Item, ItemStatus
from harbour.inbox.services import import_file

IMPORTED = {
    "platform": Platform.FILE_IMPORT,
    "name": "Youth Voice Facebook page",
    "handle": "facebook.com/derbyyouthvoice",
    "aims": "Answer parents' and young people's questions about sessions and trips on our Facebook page.",
    "suitability": "Parents and carers use Facebook; we import the page's comments each morning.",
    "config": {},
}

# Questions answered over the past weeks: (text, who asked).
ANSWERED = [
    ("What time does the Saturday session finish?", "Karen Holt"),
    ("is there a bus back from the climbing centre", "jaydenr_14"),
    ("Does my son need a consent form for the residential?", "Mark Ellis"),
    ("how much is the cinema trip", "ellie.b"),
    ("Can younger siblings come to the family fun day?", "Nadia Rahman"),
    ("when does the duke of edinburgh group start again", "tyler_w"),
    ("Is the hub accessible for a wheelchair user?", "Joanne Marsh"),
    ("where do we meet for the litter pick", "amelia.k"),
    (
        "My daughter is worried about starting the group on her own. Can someone meet her at the door?",
        "Sue Patel",
    ),
    ("are the football sessions still on in the rain", "kai_2011"),
    ("Could you send the dates for the summer programme please?", "Lee Grant"),
    ("do we need to bring money for the trip", "maisie.j"),
]
# Comments posted a day or two ago that still wait for an answer, and two that need none.
WAITING = [
    ("Hi, is the Tuesday drop-in on over half term? Nobody has answered my message", "Dawn Fletcher", 50),
    ("can i bring my cousin to the gaming night", "ruby.t_13", 38),
    ("We were told the minibus would collect from Chaddesden but it never came. Not happy.", "Gary Lowe", 31),
    ("how do i sign up for the youth council", "zac.m", 27),
    ("Lovely photos from the open day, thank you all", "Pam Webb", 30),
    ("see you saturday 👋", "ollie_r", 26),
]
WEEKS = 8


def _channel(organisation, manager, moderator) -> Channel | None:
    channel = Channel.objects.filter(organisation=organisation, name=IMPORTED["name"]).first()
    if channel is None:
        values = {**COMMON, **IMPORTED, "display_name": organisation.name}
        channel = services.propose_channel(
            organisation, values, owners=[manager], moderators=[moderator, manager], by=manager
        )
    if channel.status == Status.PROPOSED:
        services.approve_channel(channel, by=manager)
    if channel.status == Status.APPROVED:
        if channel.last_completed_review() is None:
            review = services.start_privacy_review(channel, by=manager)
            answers = {item.key: (Outcome.CONFIRMED, "") for item in privacy.checklist(channel.platform)}
            services.record_privacy_checks(review, answers, by=manager)
        if channel.current_disclaimer_id is None:
            services.publish_disclaimer(channel, disclaimer.generate(channel), by=manager)
        readiness_demo.complete(channel, by=manager)
        services.activate_channel(channel, by=manager)
        channel.refresh_from_db()
    return channel if channel.status == Status.ACTIVE else None


def _export(now: datetime.datetime) -> tuple[bytes, dict[str, datetime.datetime]]:
    """The page's comments as a CSV export, and when each answered one was answered."""
    rng = random.Random(17)  # the same history on every run
    rows, answered_at = [], {}
    for week in range(WEEKS, 0, -1):
        for n in range(rng.randint(2, 5)):
            text, who = ANSWERED[rng.randrange(len(ANSWERED))]
            posted = now - datetime.timedelta(days=7 * week - rng.randint(0, 5), hours=rng.randint(1, 12))
            # Most answers within the day promised, some slower in the busy weeks before the holidays.
            hours = rng.choice((1, 2, 3, 4, 6, 8, 12, 18, 22)) if week > 3 else rng.choice((3, 9, 20, 30, 44))
            key = f"fb-{week}-{n}"
            rows.append((key, posted, who, text))
            answered_at[key] = min(posted + datetime.timedelta(hours=hours, minutes=rng.randint(0, 59)), now)
    for n, (text, who, hours_ago) in enumerate(WAITING):
        rows.append((f"fb-waiting-{n}", now - datetime.timedelta(hours=hours_ago), who, text))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("id", "created_at", "author", "text", "kind"))
    for key, posted, who, text in rows:
        writer.writerow((key, posted.isoformat(), who, text, "comment"))
    return out.getvalue().encode(), answered_at


def _mark_answered(channel: Channel, answered_at: dict[str, datetime.datetime]) -> None:
    with transaction.atomic(durable=True):
        items = Item.objects.filter(
            channel=channel, platform_id__in=list(answered_at), responded_at__isnull=True
        )
        for item in items:
            item.responded_at = item.done_at = answered_at[item.platform_id]
            item.status = ItemStatus.DONE
        Item.objects.bulk_update(items, ["responded_at", "done_at", "status"])


def seed(organisation, members) -> None:
    manager, moderator = members[Role.MANAGER], members[Role.MODERATOR]
    try:
        channel = _channel(organisation, manager, moderator)
        if channel is None:
            return  # retired by someone using the demo
        if Item.objects.filter(channel=channel).exists():
            return  # imported on an earlier run: the history stays as it was made
        data, answered_at = _export(timezone.now())
        import_file(channel, data, "facebook-comments.csv", by=moderator)
        _mark_answered(channel, answered_at)
    except NotAllowed:
        # A demo person's role was changed or they were taken out: leave the channel as it is.
        return
