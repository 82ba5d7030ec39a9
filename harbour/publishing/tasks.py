"""Background work for publishing: each task takes an id and calls harbour.publishing.sending, and
enqueues what should follow (a later try), so that sending never imports its own task."""

from django.db import transaction
from django.tasks import task

from harbour.jobs.claims import claim
from harbour.jobs.queue import enqueue_on_commit
from harbour.publishing import sending
from harbour.publishing.models import Publication, PublicationState


@task()
def publish(publication_id: int) -> dict:
    """Post one publication on its channel: once, retried with backoff."""
    sent = sending.publish(publication_id)
    if sent.retry_at is not None:
        # Lost if the worker dies right here: the publication is pending with its time, and enqueue_due has it.
        enqueue_on_commit(publish.using(run_after=sent.retry_at), publication_id=publication_id)
    return sent.as_dict()


def enqueue_due(now) -> int:
    """The scheduler's due work (harbour/jobs/scheduler.py DUE): each pending publication whose task was
    lost, claimed by moving its time to now, so that however many schedulers run it is enqueued once."""
    count = 0
    for pk, next_try_at in sending.overdue(now):
        with transaction.atomic():
            seen = {"state": PublicationState.PENDING, "next_try_at": next_try_at}
            if claim(Publication, pk, when=seen, change={"next_try_at": now}):
                enqueue_on_commit(publish, publication_id=pk)
                count += 1
    return count
