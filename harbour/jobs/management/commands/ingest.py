"""`harbour ingest`: the scheduler (harbour/jobs/scheduler.py). Enqueues due channel polls and periodic
jobs, and requeues tasks a dead worker left behind. Run it once (cron), or with --loop beside the workers;
`--channel` polls one channel now, in this process, as a worker would."""

import time

from django.core.management.base import BaseCommand, CommandError

from harbour.channels.models import Channel
from harbour.inbox.tasks import poll_channel
from harbour.jobs import scheduler
from harbour.lib.locked import patiently


class Command(BaseCommand):
    help = "Enqueue due channel polls and periodic jobs (once, or every few seconds with --loop)."
    # No system checks at start: on SQLite, JSONField's check opens an IMMEDIATE transaction, so a process
    # started while another program holds the write lock waited 20 s and then exited on "SQLite does not
    # support JSONFields". `harbour run` and deployments run the checks (and migrate) before starting it.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="keep running, checking every --every seconds"
        )
        parser.add_argument("--every", type=float, default=15.0, help="seconds between checks with --loop")
        parser.add_argument("--channel", type=int, help="poll this channel now, in this process, and report")

    def handle(self, *args, loop, every, channel, **options):
        if channel is not None:
            if not Channel.objects.filter(pk=channel).exists():
                raise CommandError(f"There is no channel {channel}.")
            started = time.perf_counter()
            result = poll_channel.call(channel_id=channel)
            seconds = time.perf_counter() - started
            self.stdout.write(
                f"Channel {channel}: {result['outcome']}, {result['stored']} new items in {result['pages']} pages, "
                f"{seconds:.2f} s ({result['stored'] / seconds if seconds else 0:.0f} items/s)."
            )
            return
        while True:
            if loop:
                # A locked database is waited out: the scheduler must not stop (nor `harbour run` with it).
                report = patiently(scheduler.run_due, what="The scheduler")
            else:
                report = scheduler.run_due()
            if report or not loop:
                self.stdout.write(str(report))
            if not loop:
                return
            time.sleep(every)
