from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from harbour.jobs.stale import requeue_stale_tasks


class Command(BaseCommand):
    help = "Put tasks left RUNNING by a dead worker (or running longer than the lease) back in the queue."

    def add_arguments(self, parser):
        parser.add_argument(
            "--lease-minutes",
            type=int,
            default=None,
            help="requeue RUNNING tasks started longer ago than this (default HARBOUR_TASK_LEASE_MINUTES)",
        )

    def handle(self, *args, lease_minutes, **options):
        minutes = lease_minutes if lease_minutes is not None else settings.HARBOUR_TASK_LEASE_MINUTES
        count = requeue_stale_tasks(lease=timedelta(minutes=minutes))
        self.stdout.write(f"Requeued {count} stale task{'s' if count != 1 else ''}.")
