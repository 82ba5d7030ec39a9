"""`harbour worker`: the task worker for the configured backend (HARBOUR_TASK_BACKEND).

With `celery` it is a Celery worker on harbour.jobs.celery.app, taking the same queues; everything below
is about the database queue.

With `database` (the default) it is the database task worker, named "<host>:<pid>" so that
requeue_stale_tasks can tell when it has died. Use this rather than plain db_worker.

It is db_worker's own loop, made patient: db_worker exits when taking a task, or recording a task's
result, finds the database locked for longer than SQLite's busy timeout (it begins an EXCLUSIVE
transaction outside its own error handling). Here a locked database is waited out with growing
gaps (harbour/lib/locked.py) and the worker carries on; any other error still stops it.
"""

import logging
import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.management.commands.db_worker import Worker

from harbour.jobs.stale import worker_name
from harbour.lib.locked import is_locked, patiently, reset_connections, wait_before

logger = logging.getLogger("harbour.worker")

CALM_AFTER = 300  # seconds without a lock refusal after which the wait starts short again
RESULT_PATIENCE = 600  # seconds spent trying to record a finished task's result before giving up


class PatientWorker(Worker):
    def run(self) -> None:
        refusals, last_refusal = 0, 0.0
        while True:
            try:
                return super().run()
            except OperationalError as exc:
                if not is_locked(exc) or not self.running:
                    raise
                if time.monotonic() - last_refusal > CALM_AFTER:
                    refusals = 0
                wait = wait_before(refusals)
                refusals, last_refusal = refusals + 1, time.monotonic()
                logger.warning("The database is locked; the worker carries on in %.1f s", wait)
                reset_connections()
                self.startup_delay = False
                time.sleep(wait)

    def run_task(self, db_task_result) -> None:
        # A task that ran must not be lost (left RUNNING) because its result met a locked database.
        for name in ("set_successful", "set_failed"):
            record = getattr(db_task_result, name)
            setattr(
                db_task_result,
                name,
                lambda value, record=record: patiently(
                    lambda: record(value),
                    what=f"Recording task {db_task_result.id}",
                    give_up_after=RESULT_PATIENCE,
                ),
            )
        super().run_task(db_task_result)


DATABASE = "django_tasks_db.DatabaseBackend"
CELERY = "django_tasks_celery.CeleryBackend"


class Command(BaseCommand):
    help = "Run a task worker for HARBOUR_TASK_BACKEND: the database queue's, or a Celery worker."
    # No system checks at start: on SQLite, JSONField's check opens an IMMEDIATE transaction, so a process
    # started while another program holds the write lock waited 20 s and then exited on "SQLite does not
    # support JSONFields". `harbour run` and deployments run the checks (and migrate) before starting it.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue-name", default="*", help="queues to take work from, comma-separated (default: all)"
        )
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit (database)")
        parser.add_argument(
            "--interval",
            type=float,
            help="seconds between looks at an empty queue (default 1; database queue only)",
        )
        parser.add_argument(
            "--concurrency", type=int, help="tasks run at once (Celery only; default: one per CPU)"
        )

    def handle(self, *args, queue_name, batch, interval, concurrency, **options):
        backend = settings.TASKS[DEFAULT_TASK_BACKEND_ALIAS]["BACKEND"]
        if backend == CELERY:
            if batch or interval is not None:
                raise CommandError("--batch and --interval are for the database queue, not Celery.")
            return self.run_celery(queue_name, concurrency, options["verbosity"])
        if backend != DATABASE:
            raise CommandError(f"There is no worker to run for the task backend {backend}.")
        if concurrency is not None:
            raise CommandError("--concurrency is for Celery: a database worker runs one task at a time.")
        self.configure_logging(options["verbosity"])
        queues = queue_name.split(",")
        worker = PatientWorker(
            queue_names=queues,
            interval=1.0 if interval is None else interval,
            batch=batch,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=True,
            max_tasks=None,
            worker_id=worker_name(),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()

    def run_celery(self, queue_name: str, concurrency: int | None, verbosity: int) -> None:
        from harbour.jobs.celery import app

        # "*" means every queue the backend allows (TASKS' QUEUES; Django's default is "default" alone).
        every = sorted(task_backends[DEFAULT_TASK_BACKEND_ALIAS].queues)
        queues = every if queue_name == "*" else queue_name.split(",")
        argv = [
            "worker",
            "--loglevel",
            {0: "CRITICAL", 1: "INFO"}.get(verbosity, "DEBUG"),
            "--queues",
            ",".join(queues),
            "--hostname",
            f"harbour-{os.getpid()}@%h",  # unique per process, as "<host>:<pid>" is above
            # Harbour never revokes tasks nor talks to workers, so they need not sync with each other.
            "--without-mingle",
            "--without-gossip",
        ]
        if concurrency is not None:
            argv += ["--concurrency", str(concurrency)]
        # SIGTERM is Celery's warm shutdown: running tasks finish, unstarted ones go back to the queue.
        app.worker_main(argv)

    def configure_logging(self, verbosity: int) -> None:
        level = {0: logging.CRITICAL, 1: logging.INFO}.get(verbosity, logging.DEBUG)
        for name in ("django_tasks_db", "django.tasks", "harbour.worker", "harbour.lib.locked"):
            log = logging.getLogger(name)
            log.setLevel(level)
            if not log.hasHandlers():
                log.addHandler(logging.StreamHandler(self.stdout))
