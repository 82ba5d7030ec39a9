"""The Celery app behind HARBOUR_TASK_BACKEND=celery (install the `celery` extra).

Harbour's code only ever uses Django's tasks API (`@task`, `.enqueue()`); django-tasks-celery turns
each @task into a Celery task named by its dotted path when its module is imported, in the web
process and in the worker alike. `harbour worker` starts a Celery worker on this app, which imports
every installed app's `tasks` module (autodiscover) so that it knows them all before taking work.

The broker and result store (Redis) come from Django's settings (CELERY_BROKER_URL and
CELERY_RESULT_BACKEND, harbour/settings.py); the rest is fixed here. Nothing is read until Celery
first needs it, so importing this module does not touch the settings.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")

app = Celery("harbour")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    # Django's queue name, so that a task's queue_name and `harbour worker --queue-name` mean the same
    # queue as on the database backend (django-tasks-celery sends "default" tasks to this queue).
    task_default_queue="default",
    # JSON only, as on the database queue: arguments are ids, never objects.
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    # get_result() finds the Django task by the name stored with the result.
    result_extended=True,
    # A task is taken off the queue when it has finished, not when it starts: a worker that dies
    # mid-task (SIGKILL, lost machine) leaves it to be delivered again, as requeue_stale_tasks does on
    # the database queue (docs/security.md R1). Harbour's tasks are safe to run twice.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    # Redis delivers an unacknowledged task again after this long. It must be longer than any delayed
    # task waits in a worker (ingest retries within 90 minutes) and than any task runs, or a task runs
    # twice for nothing.
    broker_transport_options={"visibility_timeout": 3 * 60 * 60},
    broker_connection_retry_on_startup=True,
)
app.autodiscover_tasks()
