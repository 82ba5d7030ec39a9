"""python -m bench.ingest: ingest throughput with the demo connector, items stored and screened a second.

Makes a throwaway database in a temporary folder (SQLite unless DATABASE_URL is set), creates N active
demo channels whose whole bundled feed has already arrived, and polls each one in this process as the
worker would: fetch, screen every item, store it and move the cursor. Reports the total rate and how
much of the time screening took.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__)
    parser.add_argument("--channels", type=int, default=20, help="demo channels to ingest (60 items each)")
    args = parser.parse_args(argv)

    folder = tempfile.mkdtemp(prefix="harbour-bench-ingest-")
    os.environ["HARBOUR_DATA_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)

    from harbour.accounts.models import Organisation
    from harbour.channels.models import Channel, Status
    from harbour.inbox import ingest
    from harbour.inbox.models import Item
    from harbour.screening import screen

    org = Organisation.objects.create(name="Bench Youth Service", slug="bench")
    started = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    channels = [
        Channel.objects.create(
            organisation=org,
            platform="demo",
            name=f"Demo feed {n}",
            display_name=org.name,
            in_organisation_name=True,
            aims="bench",
            suitability="bench",
            audience_min_age=13,
            audience_max_age=19,
            response_hours=24,
            moderation_hours="daily",
            status=Status.ACTIVE,
            config={"started_at": started, "pace_seconds": 1},
        )
        for n in range(args.channels)
    ]
    screen("warm up the detectors")  # load lexicons and models before timing

    screening_seconds = 0.0
    real_screen = ingest.screen

    def timed_screen(text, context):
        nonlocal screening_seconds
        begin = time.perf_counter()
        try:
            return real_screen(text, context)
        finally:
            screening_seconds += time.perf_counter() - begin

    ingest.screen = timed_screen
    begin = time.perf_counter()
    for channel in channels:
        ingest.poll(channel.pk)
    seconds = time.perf_counter() - begin
    stored = Item.objects.count()
    flagged = Item.objects.exclude(action="allow").count()
    print(f"database: {connection.vendor}; channels: {len(channels)}; items stored and screened: {stored}")
    print(
        f"total {seconds:.2f} s -> {stored / seconds:.0f} items/s ({seconds / stored * 1000:.1f} ms an item)"
    )
    print(
        f"screening {screening_seconds:.2f} s ({screening_seconds / seconds:.0%} of the time); flagged {flagged}"
    )
    connection.close()
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
