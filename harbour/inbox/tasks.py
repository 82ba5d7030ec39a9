"""Background work for the inbox: each task takes ids, loads the objects and calls ingest."""

from django.tasks import task

from harbour.inbox import ingest


@task()
def poll_channel(channel_id: int, attempt: int = 0) -> dict:
    """Collect a channel's new items. Retries itself with backoff (ingest.poll) on temporary failures."""
    return ingest.poll(channel_id, attempt).as_dict()
