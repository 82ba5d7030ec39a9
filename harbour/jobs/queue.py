"""Enqueueing a task: the one way, `enqueue_on_commit(task, *args, **kwargs)`.

A task is enqueued because something changed (a poll claimed, a post approved), so no worker may take it
before that change commits, and none may ever take it if the change rolls back: a worker would otherwise
run against rows it cannot see yet, or do work nobody asked for.

- On the database queue (django-tasks-db, the default) the task is a row written in the caller's
  transaction: it commits with the change or disappears with it, and a process that dies just after the
  commit loses nothing. So it is enqueued at once.
- On any other backend (Celery on Redis, the immediate backend) the task leaves the database at once, so
  it is enqueued only when the transaction commits (`transaction.on_commit`); outside a transaction that is
  straight away. A process that dies between the commit and the send loses that task: a claimed poll is
  polled again when its lease ends, a periodic job at its next period.

Pass a task configured with `.using(...)` for a later start: `enqueue_on_commit(poll.using(run_after=t), id=1)`.
"""

from functools import partial

from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.tasks import Task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def enqueue_on_commit(task: Task, *args, **kwargs) -> None:
    if _queue_commits_with_the_transaction(task):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs))


def _queue_commits_with_the_transaction(task: Task) -> bool:
    return (
        isinstance(task.get_backend(), DatabaseBackend)
        and router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS
    )
