"""claims.claim: of any number of claimers of one row, exactly one wins, on SQLite and PostgreSQL alike
(the PostgreSQL pass runs this file too). The races are real: threads, each on its own connection."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from harbour.jobs.claims import claim
from harbour.jobs.models import ScheduledJob

pytestmark = pytest.mark.django_db(transaction=True)


def in_thread(work, results: list, *, started: threading.Event | None = None):
    def run():
        try:
            if started is not None:
                started.wait(10)
            results.append(work())
        except Exception as exc:  # noqa: BLE001 -- reported by the test's assertion, not lost in the thread
            results.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_claim_changes_the_row_only_while_it_still_holds_what_was_read():
    now = timezone.now()
    job = ScheduledJob.objects.create(name="daily", last_enqueued_at=now - timedelta(days=1))
    seen = {"last_enqueued_at": job.last_enqueued_at}
    assert claim(ScheduledJob, job.pk, when=seen, change={"last_enqueued_at": now}) is True
    assert claim(ScheduledJob, job.pk, when=seen, change={"last_enqueued_at": now}) is False
    job.refresh_from_db()
    assert job.last_enqueued_at == now


def test_none_means_still_empty_and_lookups_test_being_due():
    now = timezone.now()
    job = ScheduledJob.objects.create(name="never run")
    assert claim(ScheduledJob, job.pk, when={"last_enqueued_at": None}, change={"last_enqueued_at": now})
    assert not claim(ScheduledJob, job.pk, when={"last_enqueued_at": None}, change={"last_enqueued_at": now})
    due = {"last_enqueued_at__lte": now - timedelta(hours=1)}
    assert not claim(ScheduledJob, job.pk, when=due, change={"last_enqueued_at": now})  # not due yet
    assert claim(ScheduledJob, job.pk, when={"last_enqueued_at__lte": now}, change={"last_enqueued_at": None})


def test_a_second_claimer_waiting_on_the_first_loses_when_the_first_commits():
    """The first claims and holds its transaction open while the second claims the same row: the second
    waits for the first (SQLite's write lock, PostgreSQL's row lock) and then finds the row changed."""
    job = ScheduledJob.objects.create(name="race")
    first_claimed, release = threading.Event(), threading.Event()
    first, second = [], []

    def claim_and_hold():
        with transaction.atomic():
            won = claim(
                ScheduledJob,
                job.pk,
                when={"last_enqueued_at": None},
                change={"last_enqueued_at": timezone.now()},
            )
            first_claimed.set()
            release.wait(10)  # the second claimer is now trying
            return won

    def claim_meanwhile():
        with transaction.atomic():
            return claim(
                ScheduledJob,
                job.pk,
                when={"last_enqueued_at": None},
                change={"last_enqueued_at": timezone.now()},
            )

    holder = in_thread(claim_and_hold, first)
    first_claimed.wait(10)
    racer = in_thread(claim_meanwhile, second)
    racer.join(0.5)
    assert racer.is_alive()  # it is waiting for the first claimer's transaction, not reading around it
    release.set()
    holder.join(30)
    racer.join(30)
    assert first == [True] and second == [False]


def test_of_many_claimers_started_together_exactly_one_wins():
    job = ScheduledJob.objects.create(name="stampede")
    go, results, threads = threading.Event(), [], []
    for _ in range(8):
        threads.append(
            in_thread(
                lambda: claim(
                    ScheduledJob,
                    job.pk,
                    when={"last_enqueued_at": None},
                    change={"last_enqueued_at": timezone.now()},
                ),
                results,
                started=go,
            )
        )
    go.set()
    for thread in threads:
        thread.join(60)
    assert sorted(results, key=str) == [False] * 7 + [True], results


def test_a_row_other_than_the_claimed_one_is_never_changed():
    jobs = [ScheduledJob.objects.create(name=f"job {n}") for n in range(3)]
    assert claim(
        ScheduledJob, jobs[1].pk, when={"last_enqueued_at": None}, change={"last_enqueued_at": timezone.now()}
    )
    assert list(ScheduledJob.objects.filter(last_enqueued_at__isnull=False).values_list("pk", flat=True)) == [
        jobs[1].pk
    ]
