"""Concerns that arrive by themselves at ingest: screening's escalations and the grooming tracker's stage
alerts, with the messages that led to them and the stages seen; one open tracker concern per author."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from harbour.audit.models import AuditEvent
from harbour.connectors.base import Batch
from harbour.inbox import ingest
from harbour.inbox.models import Item
from harbour.lib.bidi import isolate
from harbour.safeguarding import intake, services
from harbour.safeguarding.models import Category, Concern, Evidence, Source, Status
from tests.cast import active_channel, give_training
from tests.inbox.inbox_sources import make_item

pytestmark = pytest.mark.django_db

# One stranger's messages: each alone is mild, until the secrecy request (screening escalates it) and then
# the grooming tracker's alert on the sixth, seventh and eighth as the stages add up.
GROOMER = [
    "you're so mature for your age honestly",
    "where do you live? what school do you go to?",
    "don't tell anyone we talk ok, it's our little secret",
    "do your parents check your phone?",
    "add me on snapchat",
    "have you got any pics",
    "i could come and pick you up after school",
    "i'll buy you some robux",
]


@pytest.fixture
def channel(org):
    return active_channel(org, "test_scripted")


def deliver(channel, *numbers, author="stranger", offset=0):
    items = [make_item(offset + n, author=author, text=GROOMER[n - 1]) for n in numbers]
    return ingest.store_pushed(channel, Batch(items, next_cursor=None))


@pytest.mark.parametrize(
    "findings, category",
    [
        ([("grooming", 3), ("sexting", 3)], Category.GROOMING),
        ([("sexting", 4), ("personal_info", 2)], Category.SEXUAL_COMMUNICATION),
        ([("personal_info", 4), ("sexting", 2)], Category.OTHER),  # only the most severe findings count
        ([("self_harm", 4)], Category.SELF_HARM),
        ([("disclosure", 4), ("bullying", 4)], Category.DISCLOSURE),
        ([("hate", 4)], Category.BULLYING),
        ([], Category.OTHER),
    ],
)
def test_the_category_comes_from_the_most_severe_findings(findings, category):
    verdict = {"findings": [{"category": c, "severity": s} for c, s in findings]}
    assert intake.category_for(verdict) == category


def test_a_malformed_verdict_is_something_else():
    assert intake.category_for({"findings": "oops"}) == Category.OTHER
    assert intake.category_for(None) == Category.OTHER


def test_an_item_screening_escalates_raises_a_concern_with_its_evidence(
    channel, dsl, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(channel, 3) == 1
    item = Item.objects.get(channel=channel)
    assert item.action == "escalate"
    concern = Concern.objects.get()
    assert (concern.source, concern.raised_by, concern.item, concern.author) == (
        Source.SCREENING,
        None,
        item,
        item.author,
    )
    assert concern.category == Category.SEXUAL_COMMUNICATION and concern.severity == item.severity
    assert (
        f"Screening sent this reply from {isolate('Person 3')} on {isolate(channel.name)}" in concern.summary
    )
    [evidence] = Evidence.objects.filter(concern=concern)
    assert evidence.snapshot["item"]["text"] == GROOMER[2]
    # High severity: the leads are told, by Harbour's screening, without the message.
    [email] = mail.outbox
    assert email.to == [dsl.user.email] and "Harbour's screening raised concern #" in email.body
    assert "secret" not in email.body
    raised = AuditEvent.objects.get(action="safeguarding.concern_raised")
    assert raised.actor is None and "secret" not in str(raised.detail)


def test_nothing_is_raised_for_items_that_do_not_escalate(channel):
    deliver(channel, 1, 2, 4, 5)
    assert not Concern.objects.exists()


def test_the_grooming_trackers_alert_raises_one_concern_per_author_with_the_messages_and_stages(
    channel, dsl, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        deliver(channel, 1, 2, 3, 4, 5)
        deliver(channel, 6)
    tracked = Concern.objects.get(source=Source.GROOMING_TRACKER)
    alerting = Item.objects.get(channel=channel, text=GROOMER[5])
    assert (tracked.category, tracked.author, tracked.item) == (Category.GROOMING, alerting.author, alerting)
    kept = list(Evidence.objects.filter(concern=tracked).order_by("pk"))
    assert [e.snapshot["item"]["text"] for e in kept] == [GROOMER[5], *GROOMER[:5]]
    stages = [stage["name"] for stage in kept[0].snapshot["noted"]["grooming_tracker"]["stages"]]
    assert {"rapport", "secrecy", "images"} <= set(stages)
    assert kept[0].snapshot["noted"]["grooming_tracker"]["messages_seen"] == 6
    assert kept[0].sha256 == services.digest(kept[0].snapshot)
    assert "asking for secrecy" in tracked.summary
    told = len(mail.outbox)

    # Two later alerts add to the open concern (their evidence, no second concern, no second e-mail).
    with django_capture_on_commit_callbacks(execute=True):
        deliver(channel, 7)
        deliver(channel, 8)
    assert Concern.objects.filter(source=Source.GROOMING_TRACKER).count() == 1
    texts = [e.snapshot["item"]["text"] for e in Evidence.objects.filter(concern=tracked).order_by("pk")]
    assert texts == [GROOMER[5], *GROOMER[:5], GROOMER[6], GROOMER[7]]
    assert AuditEvent.objects.filter(action="safeguarding.evidence_added").count() == 2
    assert len(mail.outbox) == told
    tracked.refresh_from_db()
    assert tracked.version == 2


def test_once_the_trackers_concern_is_closed_a_new_alert_raises_a_new_one(channel, dsl):
    give_training(dsl, "handle_concerns")
    deliver(channel, 1, 2, 3, 4, 5, 6)
    first = Concern.objects.get(source=Source.GROOMING_TRACKER)
    services.close(first, by=dsl, version=first.version, outcome="Reported to CEOP", reason="Adult sender")
    deliver(channel, 7)
    assert list(
        Concern.objects.filter(source=Source.GROOMING_TRACKER).values_list("status", flat=True).order_by("pk")
    ) == [Status.CLOSED, Status.OPEN]


def test_another_authors_alert_is_a_concern_of_its_own(channel):
    deliver(channel, 1, 2, 3, 4, 5, 6)
    deliver(channel, 1, 2, 3, 4, 5, 6, author="another", offset=100)
    tracked = Concern.objects.filter(source=Source.GROOMING_TRACKER)
    assert sorted(c.author.platform_author_id for c in tracked) == ["another", "stranger"]


def test_the_database_refuses_a_second_open_tracker_concern_for_an_author(channel):
    deliver(channel, 1, 2, 3, 4, 5, 6)
    tracked = Concern.objects.get(source=Source.GROOMING_TRACKER)
    with pytest.raises(IntegrityError), transaction.atomic():
        services.raise_concern_in(
            channel.organisation,
            by=None,
            source=Source.GROOMING_TRACKER,
            author=tracked.author,
            category="grooming",
            severity=3,
            summary="A second one",
        )
