"""`harbour worker`: the database task worker, named "<host>:<pid>" so that requeue_stale_tasks can
tell when it has died. Use this rather than plain db_worker."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from harbour.inbox.stale import worker_name


class Command(BaseCommand):
    help = "Run a task worker (db_worker, never reloading) named after this host and process."

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="*", help="queues to take work from (default: all)")
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")

    def handle(self, *args, queue_name, batch, **options):
        call_command(
            "db_worker",
            queue_name=queue_name,
            batch=batch,
            reload=False,
            worker_id=worker_name(),
            verbosity=options["verbosity"],
        )
