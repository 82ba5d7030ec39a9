"""The clock for background work: django-tasks-db has no cron, so `harbour ingest --loop` calls
run_due() every few seconds. It enqueues each due poll and periodic job exactly once, however many
schedulers run: a run is claimed with a conditional UPDATE, and the enqueue commits with the claim.
"""

from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from harbour.channels.models import Channel
from harbour.channels.platforms import PUSHED
from harbour.inbox.ingest import POLL_LEASE
from harbour.inbox.models import IngestCursor, ScheduledJob
from harbour.inbox.stale import requeue_stale_tasks
from harbour.inbox.tasks import poll_channel


@dataclass(frozen=True)
class Periodic:
    name: str
    every: timedelta
    task: str  # dotted path to a @task that takes no arguments


PERIODIC = [
    Periodic(
        "channels.privacy_review_reminders",
        timedelta(days=1),
        "harbour.channels.tasks.send_privacy_review_reminders",
    ),
    Periodic("audit.checkpoint_emails", timedelta(days=1), "harbour.audit.tasks.email_checkpoints"),
    Periodic("audit.close_refusal_bursts", timedelta(minutes=5), "harbour.audit.tasks.close_refusal_bursts"),
    # Hourly, so that a reminder comes a day after the alert rather than up to two days.
    Periodic("inbox.ingest_reminders", timedelta(hours=1), "harbour.inbox.tasks.send_ingest_reminders"),
]


def _task(dotted: str):
    module, _, name = dotted.rpartition(".")
    return getattr(import_module(module), name)


@dataclass
class Report:
    polls: int = 0
    jobs: int = 0
    requeued: int = 0


def enqueue_due_polls(now=None) -> int:
    now = now or timezone.now()
    # Push-only channels (file import, webhook) have nothing to fetch: polling them only ever failed.
    channels = Channel.objects.live().filter(reconnect_needed=False).exclude(platform__in=PUSHED)
    for channel in channels.filter(ingest__isnull=True):
        IngestCursor.objects.get_or_create(
            channel=channel, defaults={"organisation": channel.organisation, "next_poll_at": now}
        )
    count = 0
    due = IngestCursor.objects.filter(channel__in=channels, next_poll_at__lte=now)
    for pk, channel_id, next_poll_at in due.values_list("pk", "channel_id", "next_poll_at"):
        with transaction.atomic():
            claim = IngestCursor.objects.filter(pk=pk, next_poll_at=next_poll_at)
            claimed = claim.update(next_poll_at=now + POLL_LEASE)
            if claimed:
                poll_channel.enqueue(channel_id=channel_id)
                count += 1
    return count


def enqueue_due_jobs(now=None) -> int:
    now = now or timezone.now()
    count = 0
    for job in PERIODIC:
        row, _ = ScheduledJob.objects.get_or_create(name=job.name)
        if row.last_enqueued_at is not None and row.last_enqueued_at + job.every > now:
            continue
        with transaction.atomic():
            previous = (
                Q(last_enqueued_at__isnull=True)
                if row.last_enqueued_at is None
                else Q(last_enqueued_at=row.last_enqueued_at)
            )
            if ScheduledJob.objects.filter(previous, pk=row.pk).update(last_enqueued_at=now):
                _task(job.task).enqueue()
                count += 1
    return count


def run_due(now=None) -> Report:
    return Report(
        polls=enqueue_due_polls(now),
        jobs=enqueue_due_jobs(now),
        requeued=requeue_stale_tasks(lease=timedelta(minutes=settings.HARBOUR_TASK_LEASE_MINUTES)),
    )
