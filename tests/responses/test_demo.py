"""The demo organisation shows deadlines at work: an imported Facebook page with weeks of answered
questions (the response-times chart) and some past their deadline (the inbox's overdue queue), and the
live demo feed's questions marked as needing a reply as they arrive."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from harbour.accounts.capabilities import Role
from harbour.accounts.models import Membership
from harbour.channels.models import Channel, Status
from harbour.inbox.ingest import poll
from harbour.inbox.models import Item, ItemStatus
from harbour.responses.demo import IMPORTED
from harbour.responses.times import response_times

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("seed_demo", stdout=StringIO())
    return Membership.objects.filter(organisation__slug="derby-youth-voice")


def test_the_imported_page_has_answered_weeks_and_overdue_questions(seeded):
    manager = seeded.get(role=Role.MANAGER)
    channel = Channel.objects.get(organisation=manager.organisation, name=IMPORTED["name"])
    assert channel.status == Status.ACTIVE
    items = Item.objects.filter(channel=channel)
    answered = items.filter(responded_at__isnull=False)
    assert answered.count() >= 16 and not answered.exclude(status=ItemStatus.DONE).exists()
    assert all(item.responded_at >= item.received_at for item in answered)
    waiting = items.filter(needs_reply=True, responded_at__isnull=True, due_at__lt=timezone.now())
    assert waiting.count() == 4
    assert items.filter(needs_reply=False).count() == 2  # the thanks and the "see you saturday"

    by_channel = {times.channel: times for times in response_times(manager)}
    times = by_channel[channel]
    assert times.overdue == 4
    assert sum(1 for week in times.weeks if week.answered) >= 6
    assert times.answered == answered.count()
    # the moderator moderates it, so sees it too
    assert channel in {t.channel for t in response_times(seeded.get(role=Role.MODERATOR))}


def test_seeding_again_adds_nothing(seeded):
    before = list(Item.objects.order_by("pk").values_list("pk", "status", "responded_at"))
    call_command("seed_demo", stdout=StringIO())
    assert list(Item.objects.order_by("pk").values_list("pk", "status", "responded_at")) == before
    assert Channel.objects.filter(name=IMPORTED["name"]).count() == 1


def test_the_live_feeds_questions_need_a_reply_within_a_day(seeded):
    feed = Channel.objects.get(organisation__slug="derby-youth-voice", platform="demo")
    feed.config = {**feed.config, "started_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat()}
    feed.save(update_fields=["config"])
    while poll(feed.pk).outcome == "continued":
        pass
    items = Item.objects.filter(channel=feed)
    assert items.count() == 60
    question = items.get(platform_id="demo-008")  # "what time does the minibus leave?"
    assert question.needs_reply and question.due_at == question.received_at + datetime.timedelta(hours=24)
    assert not items.get(platform_id="demo-005").needs_reply  # "yesss cant wait 🙌"
    assert items.filter(needs_reply=True).count() >= 30
