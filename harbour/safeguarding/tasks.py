"""Background work for concerns: the hour's alert about a concern no lead has opened, through the
scheduler's DUE hook (harbour/jobs/scheduler.py), and its e-mail (harbour/safeguarding/alerts.py)."""

from django.db import transaction
from django.tasks import task

from harbour.jobs.queue import enqueue_on_commit
from harbour.safeguarding import alerts


@task()
def email_unopened(concern_id: int) -> int:
    """E-mail the deputies and the managers (and the leads again) that a concern is still unopened."""
    return len(alerts.email_unopened(concern_id))


def enqueue_due(now) -> int:
    """The scheduler's due work: claim each concern no lead has opened within the hour and enqueue its
    e-mail in the same transaction, so that however many schedulers run, it is sent once."""
    enqueued = 0
    for pk in alerts.due_unopened(now):
        with transaction.atomic():
            if alerts.claim_unopened(pk, now):
                enqueue_on_commit(email_unopened, concern_id=pk)
                enqueued += 1
    return enqueued
