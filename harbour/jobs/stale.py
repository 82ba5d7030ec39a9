"""Requeue tasks a dead worker left RUNNING (docs/security.md R1).

django-tasks-db marks a task RUNNING when a worker claims it and has no lease or heartbeat, so a
worker killed with SIGKILL (or a second SIGTERM) leaves the row RUNNING for ever. A RUNNING task goes
back to READY when its worker is known to be gone (workers started by `harbour worker` are named
"<host>:<pid>", so a worker on this host can be checked), or when it has run longer than the lease.
Harbour's tasks are safe to run twice, so a slow task requeued by the lease does no harm.
"""

import os
import socket
from datetime import timedelta

from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from harbour.audit.services import record
from harbour.jobs.claims import claim


def worker_name() -> str:
    """This process's worker id: host and pid, at most 64 characters as django-tasks-db allows."""
    pid = str(os.getpid())
    return f"{socket.gethostname()[: 63 - len(pid)]}:{pid}"


def worker_gone(worker_id: str) -> bool:
    host, sep, pid = worker_id.rpartition(":")
    if not sep or not pid.isdigit() or host != worker_name().rpartition(":")[0]:
        return False  # another machine, or a random id: only the lease can tell
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, run by someone else
    return False


def requeue_stale_tasks(*, lease: timedelta, now=None) -> int:
    """Put each RUNNING task whose worker is gone, or whose lease has run out, back to READY.

    Returns how many were requeued."""
    now = now or timezone.now()
    requeued = []
    for task_id, started_at, worker_ids in DBTaskResult.objects.running().values_list(
        "id", "started_at", "worker_ids"
    ):
        dead = bool(worker_ids) and worker_gone(worker_ids[-1])
        expired = started_at is None or started_at < now - lease
        if not (dead or expired):
            continue
        # Only if it is still the same run: a task that finished meanwhile is left alone.
        same_run = {"status": TaskResultStatus.RUNNING, "started_at": started_at}
        queued_again = {"status": TaskResultStatus.READY, "started_at": None}
        if claim(DBTaskResult, task_id, when=same_run, change=queued_again):
            requeued.append(
                {"task": str(task_id), "worker": worker_ids[-1] if worker_ids else "", "dead": dead}
            )
    if requeued:
        record("tasks.requeued", detail={"tasks": requeued})
    return len(requeued)
