"""Background work for the inbox: each task takes ids, loads the objects and calls ingest."""

from django.tasks import task

from harbour.inbox import ingest
from harbour.lib.locked import patiently

LOCKED_PATIENCE = 600  # seconds a poll waits out a locked database; then the scheduler's lease requeues it


@task()
def poll_channel(channel_id: int, attempt: int = 0) -> dict:
    """Collect a channel's new items. Retries itself with backoff (ingest.poll) on temporary failures,
    and waits out a locked database (a poll is safe to repeat: each page is stored once)."""
    return patiently(
        lambda: ingest.poll(channel_id, attempt).as_dict(),
        what=f"Polling channel {channel_id}",
        give_up_after=LOCKED_PATIENCE,
    )


@task()
def send_ingest_reminders() -> int:
    """Hourly: remind managers, at most daily, of channels still failing or still needing reconnection."""
    return ingest.send_reminders()
