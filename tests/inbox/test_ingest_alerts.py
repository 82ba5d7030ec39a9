"""Issue 15 item 12: no alert storm. A failing channel's managers are e-mailed once when it starts
failing, reminded at most daily, and told when it works again; push-only channels (file import,
webhook) are never polled; the channel list shows the state.

Each test runs the real scheduler and the queued tasks over simulated hours with time-machine."""

from dataclasses import replace
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from harbour.audit.models import AuditEvent
from harbour.channels import services as channel_services
from harbour.connectors.base import (
    Account,
    AuthFailed,
    Batch,
    Connector,
    PlatformUnavailable,
    Rejected,
)
from harbour.connectors.registry import PLATFORMS
from harbour.inbox import ingest
from harbour.inbox.models import IngestCursor
from harbour.jobs import scheduler
from tests.cast import active_channel, sign_in
from tests.inbox.inbox_sources import make_item, make_platform


class BrokenSource(Connector):
    """Fails with `BrokenSource.error` while it is set; otherwise returns one new item a fetch."""

    platform = "test_broken"
    error: Exception | None = None
    fetched = 0

    def verify(self):
        return Account(self.platform, "a", "a.example", "A", "https://example.test/a")

    def fetch(self, cursor, limit=50):
        BrokenSource.fetched += 1
        if BrokenSource.error is not None:
            raise BrokenSource.error
        n = int(cursor or 0)
        return Batch([make_item(n)], next_cursor=str(n + 1))

    def report_url(self, item):
        return item.url


PLATFORMS["test_broken"] = make_platform("test_broken", f"{__name__}.BrokenSource")


@pytest.fixture(autouse=True)
def fresh_source(settings):
    settings.HARBOUR_POLL_SECONDS = 30
    BrokenSource.error, BrokenSource.fetched = None, 0


def run_queued_tasks() -> None:
    """What a worker would do now: run each ready task (polls and the inbox's periodic jobs)."""
    while True:
        row = (
            DBTaskResult.objects.ready()
            .filter(task_path__startswith="harbour.inbox.")
            .order_by("enqueued_at")
            .first()
        )
        if row is None:
            return
        row.claim("test-worker")
        try:
            row.set_successful(row.task.call(*row.task_result.args, **row.task_result.kwargs))
        except Exception as exc:  # noqa: BLE001 -- IngestFailing after the last retry, as in a real worker
            row.set_failed(exc)


def live_for(start, duration: timedelta, step=timedelta(minutes=1)):
    """Run the scheduler and the worker every `step` from `start` for `duration` of simulated time."""
    at = start
    while at < start + duration:
        with time_machine.travel(at, tick=False):
            scheduler.run_due()
            run_queued_tasks()
        at += step
    return at


def emails_about(channel):
    return [m for m in mail.outbox if channel.name in m.subject]


@pytest.mark.parametrize(
    "error",
    [
        Rejected("The platform says this account is suspended"),
        PlatformUnavailable("The platform answered 503 Service Unavailable"),
    ],
    ids=["permanent", "temporary"],
)
def test_a_failing_channel_alerts_once_reminds_daily_and_says_when_fixed(org, manager, error):
    channel = active_channel(org, "test_broken")
    BrokenSource.error = error
    start = timezone.now()

    at = live_for(start, timedelta(hours=3))
    assert BrokenSource.fetched > 5  # it kept trying
    sent = emails_about(channel)
    assert len(sent) == 1, [m.subject for m in sent]
    assert "cannot collect" in sent[0].subject and sent[0].to == [manager.user.email]
    assert AuditEvent.objects.filter(action="channel.ingest_failed").count() == 1
    failing_since = IngestCursor.objects.get(channel=channel).failing_since
    assert failing_since is not None and failing_since < start + timedelta(hours=1)

    # A day after the alert: one reminder, and no more for the rest of that day.
    at = live_for(at, timedelta(hours=17), step=timedelta(minutes=15))
    assert len(emails_about(channel)) == 1  # 23 hours in
    at = live_for(at, timedelta(hours=7), step=timedelta(minutes=15))  # 27 hours in
    sent = emails_about(channel)
    assert len(sent) == 2 and "still" in sent[1].subject
    assert "since" in sent[1].body

    # Fixed: one e-mail saying so, and the state is cleared.
    BrokenSource.error = None
    at = live_for(at, timedelta(hours=2))
    sent = emails_about(channel)
    assert len(sent) == 3 and "again" in sent[2].subject
    assert AuditEvent.objects.filter(action="channel.ingest_recovered").count() == 1
    cursor = IngestCursor.objects.get(channel=channel)
    assert cursor.failing_since is None and cursor.alerted_at is None and cursor.last_error == ""

    # Failing again later is a new problem: a new alert.
    BrokenSource.error = error
    live_for(at, timedelta(hours=2))
    assert len(emails_about(channel)) == 4
    assert AuditEvent.objects.filter(action="channel.ingest_failed").count() == 2


def test_a_short_outage_that_recovers_by_itself_sends_nothing(org, manager):
    channel = active_channel(org, "test_broken")
    BrokenSource.error = PlatformUnavailable("The platform answered 503 Service Unavailable")
    start = timezone.now()
    at = live_for(start, timedelta(minutes=2))
    assert IngestCursor.objects.get(channel=channel).failing_since is not None  # shown while retrying
    BrokenSource.error = None
    live_for(at, timedelta(hours=1))
    assert emails_about(channel) == []
    assert IngestCursor.objects.get(channel=channel).failing_since is None


@pytest.mark.parametrize("platform", ["file_import", "webhook"])
def test_push_only_channels_are_never_polled_nor_reported_failing(org, manager, platform):
    channel = active_channel(org, platform)
    live_for(timezone.now(), timedelta(hours=5), step=timedelta(minutes=5))
    assert not DBTaskResult.objects.filter(task_path__endswith="poll_channel").exists()
    assert ingest.poll(channel.pk).outcome == "skipped"
    assert emails_about(channel) == []
    assert not AuditEvent.objects.filter(action="channel.ingest_failed").exists()
    cursor = IngestCursor.objects.filter(channel=channel).first()
    assert cursor is None or (cursor.last_error == "" and cursor.failing_since is None)


def test_a_channel_needing_reconnection_is_reminded_daily_then_fixed(org, manager, monkeypatch):
    monkeypatch.setitem(
        PLATFORMS, "test_broken", replace(PLATFORMS["test_broken"], credential_kinds=("access_token",))
    )
    channel = active_channel(org, "test_broken")
    BrokenSource.error = AuthFailed("The platform refused the access token")
    start = timezone.now()
    at = live_for(start, timedelta(hours=1))
    sent = emails_about(channel)
    assert len(sent) == 1 and "Reconnect" in sent[0].subject
    at = live_for(at, timedelta(hours=21), step=timedelta(minutes=15))
    assert len(emails_about(channel)) == 1  # 22 hours in
    at = live_for(at, timedelta(hours=4), step=timedelta(minutes=15))
    assert len(emails_about(channel)) == 2 and "still" in emails_about(channel)[1].subject
    at = live_for(at, timedelta(hours=12), step=timedelta(minutes=15))
    assert len(emails_about(channel)) == 2  # at most daily
    BrokenSource.error = None
    channel.refresh_from_db()
    with time_machine.travel(at, tick=False):
        channel_services.set_credential(channel, "access_token", "a-new-token", by=manager)
    live_for(at, timedelta(minutes=30))
    sent = emails_about(channel)
    assert len(sent) == 3 and "again" in sent[2].subject


def test_the_channel_list_shows_whether_each_channel_is_collecting(org, manager):
    failing = active_channel(org, "test_broken")
    failing.name = "Failing feed"
    failing.save()
    flagged = active_channel(org, "test_paged", total=1)
    flagged.name, flagged.reconnect_needed = "Flagged feed", True
    flagged.save()
    healthy = active_channel(org, "test_paged", total=1)
    healthy.name = "Healthy feed"
    healthy.save()
    imported = active_channel(org, "file_import")
    imported.name = "Imported feed"
    imported.save()
    BrokenSource.error = Rejected("The platform says this account is suspended")
    live_for(timezone.now(), timedelta(minutes=5))

    page = sign_in(Client(), manager.user).get(reverse("channels:index")).content.decode()
    rows = {
        name: page.split(name, 1)[1].split("</tr>", 1)[0]
        for name in ("Failing feed", "Flagged feed", "Healthy feed", "Imported feed")
    }
    since = IngestCursor.objects.get(channel=failing).failing_since
    assert (
        "Failing since" in rows["Failing feed"]
        and timezone.localtime(since).strftime("%-d %B %Y") in rows["Failing feed"]
    )
    assert "Reconnect needed" in rows["Flagged feed"]
    for name in ("Healthy feed", "Imported feed"):
        assert "Failing" not in rows[name] and "Reconnect" not in rows[name]
