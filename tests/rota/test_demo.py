"""The demo organisation's rota: weekday cover, weekends not covered, earlier days signed off, today not."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command

from harbour.accounts.capabilities import Role
from harbour.accounts.models import Membership
from harbour.channels.models import Channel
from harbour.rota import services
from harbour.rota.models import Shift, SignOff

LONDON = ZoneInfo("Europe/London")
WEDNESDAY_MORNING = datetime.datetime(2026, 12, 9, 10, 0, tzinfo=LONDON)


def test_the_demo_channel_has_a_rota_and_todays_sign_off_is_missing(db):
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        call_command("seed_demo")
        call_command("seed_demo")  # safe to run again
        feed = Channel.objects.get(name="Youth Voice demo feed")
        moderator = Membership.objects.get(role=Role.MODERATOR, organisation=feed.organisation)
        rows = services.to_sign_off(moderator)
    assert Shift.objects.filter(rota__channel=feed).count() == 10  # moderator by day, manager in the evening
    assert services.is_monitored_now(feed, WEDNESDAY_MORNING)
    assert [m.role for m in services.on_rota(feed, WEDNESDAY_MORNING.replace(hour=18))] == [Role.MANAGER]
    assert not services.is_monitored_now(feed, datetime.datetime(2026, 12, 12, 12, 0, tzinfo=LONDON))
    days = set(SignOff.objects.filter(channel=feed).values_list("day", flat=True))
    assert days == {datetime.date(2026, 12, 4), datetime.date(2026, 12, 7), datetime.date(2026, 12, 8)}
    # Every active demo channel is on the moderator's page today, none signed off yet.
    assert feed in [row["channel"] for row in rows]
    assert all(row["sign_off"] is None for row in rows)
