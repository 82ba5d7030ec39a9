"""ScheduledJob moved from the inbox app to jobs (inbox 0006, jobs 0001) keeping its table: the rows
written before the move are the rows the scheduler reads after it, on the real test database."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from harbour.jobs import scheduler
from harbour.jobs.models import ScheduledJob

BEFORE = [("inbox", "0005_author"), ("jobs", None)]
AFTER = [("inbox", "0006_move_scheduledjob_to_jobs"), ("jobs", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_the_scheduled_jobs_stored_in_the_inbox_are_kept_by_jobs():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state([("inbox", "0005_author")]).apps
        OldJob = old.get_model("inbox", "ScheduledJob")
        ran = datetime(2026, 12, 4, 6, 30, tzinfo=UTC)
        OldJob.objects.create(name="audit.checkpoint_emails", last_enqueued_at=ran)
        OldJob.objects.create(name="never.ran")

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        assert not any(model._meta.label == "inbox.ScheduledJob" for model in new.get_models())
        assert new.get_model("jobs", "ScheduledJob")._meta.db_table == "inbox_scheduledjob"
        kept = dict(ScheduledJob.objects.values_list("name", "last_enqueued_at"))
        assert kept == {"audit.checkpoint_emails": ran, "never.ran": None}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    # The scheduler goes on from them: a daily job enqueued yesterday at 06:30 is due again, once.
    assert scheduler.enqueue_due_jobs(now=datetime(2026, 12, 5, 6, 31, tzinfo=UTC)) == len(scheduler.PERIODIC)
    assert ScheduledJob.objects.get(name="audit.checkpoint_emails").last_enqueued_at.day == 5
