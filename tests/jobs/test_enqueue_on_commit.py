"""enqueue_on_commit: no worker sees a task before the transaction that enqueued it commits, and none
ever does if it rolls back. The Celery backend, on a real Redis, is in tests/test_celery_worker.py."""

import ast
from pathlib import Path

import pytest
from django.db import transaction
from django.tasks import task
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from harbour.jobs.queue import enqueue_on_commit

ROOT = Path(__file__).resolve().parents[2]
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
ran: list[str] = []


@task()
def note(word: str) -> None:
    ran.append(word)


class RolledBack(Exception):
    pass


@pytest.fixture(autouse=True)
def nothing_ran():
    ran.clear()


def test_on_the_database_queue_a_rolled_back_transaction_leaves_no_task(db):
    with pytest.raises(RolledBack), transaction.atomic():
        enqueue_on_commit(note, "lost")
        raise RolledBack
    assert not DBTaskResult.objects.filter(task_path__endswith=".note").exists()


def test_on_the_database_queue_the_task_commits_with_the_transaction(db):
    with transaction.atomic():
        enqueue_on_commit(note.using(priority=5), "kept")
    queued = DBTaskResult.objects.get(task_path__endswith=".note")
    assert queued.args_kwargs == {"args": ["kept"], "kwargs": {}} and queued.priority == 5


@override_settings(TASKS=IMMEDIATE)
def test_a_backend_outside_the_database_gets_the_task_only_after_commit(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        enqueue_on_commit(note, "after")
        assert ran == []  # inside the transaction: not sent yet
    assert len(callbacks) == 1 and ran == ["after"]


@override_settings(TASKS=IMMEDIATE)
def test_a_backend_outside_the_database_never_gets_a_rolled_back_task(db, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RolledBack),
        transaction.atomic(),
    ):
        enqueue_on_commit(note, "never")
        raise RolledBack
    assert callbacks == [] and ran == []


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=IMMEDIATE)
def test_outside_a_transaction_it_is_enqueued_at_once():
    enqueue_on_commit(note, "now")
    assert ran == ["now"]


def enqueue_calls(path: Path) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"enqueue", "aenqueue"}
    ]


def test_only_enqueue_on_commit_calls_enqueue():
    """Every task Harbour enqueues goes through harbour/jobs/queue.py, so none is sent before commit."""
    found = [call for path in sorted((ROOT / "harbour").rglob("*.py")) for call in enqueue_calls(path)]
    assert [call.rpartition(":")[0] for call in found] == ["harbour/jobs/queue.py"], found
