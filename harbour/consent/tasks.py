"""Background work for the consent register (issue 21): the nightly expiry job, the overdue takedowns'
alert to the managers (the scheduler's due work), and, from deleting.py, the deletion of a post a
takedown asks for and the owners' e-mails, and from video.py the preparing of a video. Each task takes an id or nothing and calls takedowns.py or
deleting.py, so that neither imports this module."""

from django.db import transaction
from django.tasks import task

from harbour.consent import takedowns
from harbour.consent.deleting import delete_post, email_owners
from harbour.consent.video import prepare_video
from harbour.jobs.queue import enqueue_on_commit

__all__ = ["delete_post", "email_overdue", "email_owners", "enqueue_due", "expire_consents", "prepare_video"]


@task()
def expire_consents() -> int:
    """Nightly (harbour/jobs/scheduler.py PERIODIC): each consent past its expiry, once, audited, and a
    takedown for every live post that relied on it."""
    return takedowns.expire_consents()


@task()
def email_overdue(takedown_id: int) -> int:
    """E-mail the managers that a takedown is past its time (claimed once by enqueue_due)."""
    return takedowns.email_overdue(takedown_id)


def enqueue_due(now) -> int:
    """The scheduler's due work (harbour/jobs/scheduler.py DUE): each takedown past its time and not done,
    claimed by setting overdue_alert_at with its audit event, and its e-mail enqueued in the same
    transaction, so that however many schedulers run the managers are told once; and each open takedown
    whose delete task was lost, claimed by moving its time to now, and its task enqueued again."""
    count = 0
    for pk, next_try_at in takedowns.lost_deletes(now):
        with transaction.atomic():
            if takedowns.claim_lost_delete(pk, next_try_at, now):
                enqueue_on_commit(delete_post, takedown_id=pk)
                count += 1
    for pk in takedowns.overdue(now):
        with transaction.atomic():
            if takedowns.claim_overdue(pk, now):
                enqueue_on_commit(email_overdue, takedown_id=pk)
                count += 1
    return count
