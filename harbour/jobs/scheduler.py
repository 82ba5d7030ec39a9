"""The clock for background work: django-tasks-db has no cron, so `harbour ingest --loop` calls
run_due() every few seconds. It enqueues each periodic job and each piece of due work exactly once,
however many schedulers run: each is claimed with a conditional UPDATE (harbour/jobs/claims.py), and
the task is enqueued in the claim's transaction (harbour/jobs/queue.py).

Other apps hand the scheduler their work by dotted path, so that this package imports none of them:
a periodic task in PERIODIC, or a function in DUE that enqueues what of theirs is due and claims it.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from harbour.jobs.claims import claim
from harbour.jobs.models import ScheduledJob
from harbour.jobs.queue import enqueue_on_commit
from harbour.jobs.stale import requeue_stale_tasks


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
    Periodic(
        "channels.readiness_reminders",
        timedelta(days=1),
        "harbour.channels.tasks.send_readiness_reminders",
    ),
    Periodic("audit.checkpoint_emails", timedelta(days=1), "harbour.audit.tasks.email_checkpoints"),
    Periodic(
        "channels.meta_connection_reminders",
        timedelta(days=1),
        "harbour.channels.tasks.send_meta_connection_reminders",
    ),
    Periodic("audit.close_refusal_bursts", timedelta(minutes=5), "harbour.audit.tasks.close_refusal_bursts"),
    # Hourly, so that a reminder comes a day after the alert rather than up to two days.
    Periodic("inbox.ingest_reminders", timedelta(hours=1), "harbour.inbox.tasks.send_ingest_reminders"),
    # Nightly: the leads told how many concerns are due for review under their retention rule (a number).
    Periodic(
        "safeguarding.retention_reviews",
        timedelta(days=1),
        "harbour.safeguarding.retention.email_reviews_due",
    ),
    # Nightly: the consent register's records due for review listed, and the managers told how many.
    Periodic("privacy.retention_reviews", timedelta(days=1), "harbour.privacy.retention.find_reviews_due"),
    # Nightly: consultations' answers deleted on the day their privacy notice promised.
    Periodic(
        "consultation.delete_answers", timedelta(days=1), "harbour.consultation.tasks.delete_answers_due"
    ),
    # Nightly: consents past their expiry open takedowns of the live posts that relied on them (issue 21).
    Periodic("consent.expire_consents", timedelta(days=1), "harbour.consent.tasks.expire_consents"),
]

# What counts, and the function (now) -> int that enqueues each due one, claiming it with claims.claim.
DUE = {
    "polls": "harbour.inbox.tasks.enqueue_due_polls",
    "moderation actions": "harbour.moderation.tasks.enqueue_due",
    "rota alerts": "harbour.rota.tasks.enqueue_due_alerts",
    "unopened concerns": "harbour.safeguarding.tasks.enqueue_due",
    "publications": "harbour.publishing.tasks.enqueue_due",
    "overdue takedowns": "harbour.consent.tasks.enqueue_due",
}


@dataclass
class Report:
    enqueued: dict[str, int] = field(default_factory=dict)  # per DUE name
    jobs: int = 0
    requeued: int = 0

    def __bool__(self) -> bool:
        return bool(any(self.enqueued.values()) or self.jobs or self.requeued)

    def __str__(self) -> str:
        due = ", ".join(f"{count} {name}" for name, count in self.enqueued.items())
        return f"Enqueued {due} and {self.jobs} jobs; requeued {self.requeued} stale tasks."


def enqueue_due_jobs(now=None) -> int:
    now = now or timezone.now()
    count = 0
    for job in PERIODIC:
        row, _ = ScheduledJob.objects.get_or_create(name=job.name)
        if row.last_enqueued_at is not None and row.last_enqueued_at + job.every > now:
            continue
        with transaction.atomic():
            seen = {"last_enqueued_at": row.last_enqueued_at}
            if claim(ScheduledJob, row.pk, when=seen, change={"last_enqueued_at": now}):
                enqueue_on_commit(import_string(job.task))
                count += 1
    return count


def run_due(now=None) -> Report:
    now = now or timezone.now()
    return Report(
        enqueued={name: import_string(dotted)(now) for name, dotted in DUE.items()},
        jobs=enqueue_due_jobs(now),
        requeued=requeue_stale_tasks(lease=timedelta(minutes=settings.HARBOUR_TASK_LEASE_MINUTES)),
    )
