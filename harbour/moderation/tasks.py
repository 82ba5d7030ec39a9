"""Background work for moderation: each task takes an id and calls harbour.moderation.sending, and enqueues
what should follow (a later try), so that sending never imports its own task."""

from django.db import transaction
from django.tasks import task

from harbour.jobs.claims import claim
from harbour.jobs.queue import enqueue_on_commit
from harbour.moderation import sending
from harbour.moderation.models import ActionState, ModerationAction


@task()
def send_action(action_id: int) -> dict:
    """Send one platform action (hide, reply, report...): once, retried with backoff."""
    sent = sending.send_action(action_id)
    if sent.retry_at is not None:
        # Lost if the worker dies right here: the action is pending with its time, and enqueue_due sends it.
        enqueue_on_commit(send_action.using(run_after=sent.retry_at), action_id=action_id)
    return sent.as_dict()


def enqueue_due(now) -> int:
    """The scheduler's due work (harbour/jobs/scheduler.py DUE): each pending action whose task was lost,
    claimed by moving its time to now, so that however many schedulers run it is enqueued once."""
    count = 0
    for pk, next_try_at in sending.overdue(now):
        with transaction.atomic():
            seen = {"state": ActionState.PENDING, "next_try_at": next_try_at}
            if claim(ModerationAction, pk, when=seen, change={"next_try_at": now}):
                enqueue_on_commit(send_action, action_id=pk)
                count += 1
    return count
