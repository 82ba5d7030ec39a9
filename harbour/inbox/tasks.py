"""Background work for the inbox: each task takes ids, loads the objects and calls ingest.

ingest.poll says what should follow a poll (carry on with a long backlog, retry later); the task enqueues
it, so that ingest never imports its own task. A worker that dies between the two loses only the follow-up:
the poll has already set the cursor's next_poll_at, and the scheduler polls the channel again then."""

from datetime import timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from harbour.channels.models import Channel
from harbour.channels.platforms import PUSHED
from harbour.inbox import ingest
from harbour.inbox.models import IngestCursor
from harbour.jobs.claims import claim
from harbour.jobs.queue import enqueue_on_commit
from harbour.lib.locked import patiently

LOCKED_PATIENCE = 600  # seconds a poll waits out a locked database; then the scheduler's lease requeues it


@task()
def poll_channel(channel_id: int, attempt: int = 0) -> dict:
    """Collect a channel's new items. Retries itself with backoff (ingest.poll) on temporary failures,
    and waits out a locked database (a poll is safe to repeat: each page is stored once)."""
    result = patiently(
        lambda: ingest.poll(channel_id, attempt),
        what=f"Polling channel {channel_id}",
        give_up_after=LOCKED_PATIENCE,
    )
    if result.outcome == "continued":  # stopped at the page limit: the rest behind other channels' work
        enqueue_on_commit(poll_channel, channel_id=channel_id)
    elif result.outcome == "retry":
        later = poll_channel.using(run_after=timezone.now() + timedelta(seconds=result.retry_in))
        enqueue_on_commit(later, channel_id=channel_id, attempt=attempt + 1)
    return result.as_dict()


@task()
def send_ingest_reminders() -> int:
    """Hourly: remind managers, at most daily, of channels still failing or still needing reconnection."""
    return ingest.send_reminders()


def enqueue_due_polls(now) -> int:
    """The scheduler's due work (harbour/jobs/scheduler.py DUE): each active channel's poll once it is due,
    claimed by moving its next poll a lease ahead, so that however many schedulers run it is enqueued once."""
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
            seen = {"next_poll_at": next_poll_at}
            if claim(IngestCursor, pk, when=seen, change={"next_poll_at": now + ingest.POLL_LEASE}):
                enqueue_on_commit(poll_channel, channel_id=channel_id)
                count += 1
    return count
