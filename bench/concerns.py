"""python -m bench.concerns: the safeguarding lead's concern pages with a big record, over HTTP, against
`harbour run`.

Loads the demo organisation into a fresh data folder, adds --items screened items (as bench/inbox.py does)
and --concerns concerns to it: every category and severity, open and closed (closed ones with their
outcome), raised from the inbox, by screening or by hand, each raised from an item keeping the evidence
snapshot of that real item and its thread (services.snapshot_of), a few entries each, a referral on some,
young people linked to some. Then starts `harbour run --no-worker`, signs in as the demo safeguarding lead
(with the fresh two-factor check the concern pages ask for) and, from this process, requests:

- the concern list (open first, the most serious first),
- a filtered list (open, a category and a severity),
- a concern page (one with evidence, entries, a referral and a young person),

--requests times each, one after the other, after one cold request each (reported apart). Prints p50 and
p95 per page as Markdown. With --database-url, the same on that database (PostgreSQL: a throwaway cluster
from tests/pgcluster.py is the usual one).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from bench.inbox import LOAD_ITEMS, Browser, demo_site, measure, seed, serving

SEED = (
    r"""
import json, random, sys
from datetime import timedelta
import django
django.setup()
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from harbour.accounts.conduct import current_code
from harbour.accounts.models import ConductAcknowledgement, Membership, Organisation
from harbour.accounts.sessions import two_factor_checked
from harbour.channels.models import Channel, Status
from harbour.inbox.models import Author, Item, ItemCategory
from harbour.inbox.screened import screen_stored
from harbour.safeguarding import services
from harbour.safeguarding.models import (
    ABOUT_AN_ADULT, Category, Concern, Destination, Entry, EntryKind, Evidence, LawfulBasis, Referral, Source,
    YoungPerson,
)
from harbour.screening.verdict import Direction

count, concerns, analyze = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "analyze"
rng = random.Random(20261205)
org = Organisation.objects.get(slug="derby-youth-voice")
channels = list(Channel.objects.filter(organisation=org, status=Status.ACTIVE))
"""
    + LOAD_ITEMS
    + r"""
# The concerns: raised over the last two years by every role, handled by the lead and the deputy.
members = list(Membership.objects.filter(organisation=org, is_active=True).select_related("user"))
lead = next(m for m in members if m.role == "safeguarding_lead")
handlers = [m for m in members if m.role in ("safeguarding_lead", "deputy_safeguarding_lead")]
adults = [m for m in members if m.role not in ("safeguarding_lead", "deputy_safeguarding_lead")]
destinations = list(Destination.objects.filter(organisation=org, active=True)) or [None]
people = YoungPerson.objects.bulk_create([
    YoungPerson(organisation=org, name=f"Young person {n}", created_by=lead, created_at=now - timedelta(days=700))
    for n in range(max(1, concerns // 20))
])
YoungPerson.authors.through.objects.bulk_create([
    YoungPerson.authors.through(youngperson_id=person.pk, author_id=author.pk)
    for person in people for author in rng.sample(authors, min(2, len(authors)))
], ignore_conflicts=True)
categories = [c for c, _ in Category.choices]
category_weights = [12, 4, 4, 6, 25, 18, 14, 3, 3, 4, 7]
item_ids = list(Item.objects.filter(organisation=org, platform_id__startswith="bench-").values_list("pk", flat=True))
made = 0
while made < concerns:
    size = min(concerns - made, 1000)
    picked = rng.sample(item_ids, size)
    items = Item.objects.select_related("author", "channel").in_bulk(picked)
    rows, kept = [], {}
    for n in range(size):
        item = items[picked[n]]
        source = rng.choices([Source.ESCALATED, Source.SCREENING, Source.BY_HAND], [55, 25, 20])[0]
        category = rng.choices(categories, category_weights)[0]
        raised = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        closed = raised < now - timedelta(days=30) and rng.random() < 0.8
        opened = closed or rng.random() < 0.9
        handler = rng.choice(handlers)
        concern = Concern(
            organisation=org, category=category, severity=rng.choices([1, 2, 3, 4], [30, 35, 25, 10])[0],
            immediate_danger=rng.random() < 0.02, summary=f"{item.text} (noted by the bench, concern {made + n})",
            source=source, item=None if source == Source.BY_HAND else item,
            raised_by=None if source == Source.SCREENING else rng.choice(members), raised_at=raised,
            young_person=rng.choice(people) if rng.random() < 0.3 else None,
            about_member=rng.choice(adults) if category in ABOUT_AN_ADULT else None,
            author=None if source == Source.BY_HAND else item.author, status="closed" if closed else "open",
            first_opened_at=raised + timedelta(minutes=20) if opened else None,
            first_opened_by=handler if opened else None,
            leads_told_at=raised + timedelta(minutes=1),
            closed_at=raised + timedelta(days=14) if closed else None, closed_by=handler if closed else None,
            outcome="Referred to children's social care; no further action for us." if closed else "",
            outcome_reason="The front door took it on and confirmed in writing." if closed else "",
        )
        rows.append(concern)
        if source != Source.BY_HAND:
            kept[n] = services.snapshot_of(item)
    with transaction.atomic():
        stored = Concern.objects.bulk_create(rows)
        Evidence.objects.bulk_create([
            Evidence(organisation=org, concern=stored[n], item=items[picked[n]], snapshot=snapshot,
                     sha256=services.digest(snapshot), captured_at=stored[n].raised_at)
            for n, snapshot in kept.items()
        ])
        entries, referrals = [], []
        for concern in stored:
            for k in range(rng.randrange(1, 5)):
                kind = rng.choice([EntryKind.ACTION, EntryKind.DISCUSSION, EntryKind.DECISION, EntryKind.NOTE])
                at = concern.raised_at + timedelta(hours=k + 1)
                entries.append(Entry(
                    organisation=org, concern=concern, kind=kind, text=f"Spoke with the young person's key worker ({k}).",
                    reason="Their wishes and the risk together." if kind == EntryKind.DECISION else "",
                    happened_at=at, recorded_at=at, recorded_by=concern.first_opened_by or lead,
                ))
            if concern.status == "closed":
                entries.append(Entry(
                    organisation=org, concern=concern, kind=EntryKind.OUTCOME, text=concern.outcome,
                    reason=concern.outcome_reason, happened_at=concern.closed_at, recorded_at=concern.closed_at,
                    recorded_by=concern.closed_by,
                ))
            if rng.random() < 0.15:
                destination = rng.choice(destinations)
                referrals.append(Referral(
                    organisation=org, concern=concern, destination=destination,
                    destination_kind=destination.kind if destination else "other",
                    destination_name=destination.name if destination else "Children's social care",
                    made_at=concern.raised_at + timedelta(hours=3), shared="The evidence and our record.",
                    lawful_basis=LawfulBasis.SAFEGUARDING, reason="Risk of significant harm.",
                    reference=f"REF-{concern.pk}", recorded_by=concern.first_opened_by or lead,
                    recorded_at=concern.raised_at + timedelta(hours=3),
                ))
        Entry.objects.bulk_create(entries)
        Referral.objects.bulk_create(referrals)
    made += size
if analyze and connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does soon after a load this size

client = Client()
device = TOTPDevice.objects.create(user=lead.user, name="bench", confirmed=True)
client.force_login(lead.user)
session = client.session
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
two_factor_checked(session)  # the concern pages' fresh check (@recent_two_factor)
session.save()
code = current_code(org)
if code.pk is None:
    code.save()
ConductAcknowledgement.objects.get_or_create(membership=lead, code=code)
page = (
    Concern.objects.filter(organisation=org, status="open", about_member=None, young_person__isnull=False,
                           evidence__isnull=False, referrals__isnull=False)
    .order_by("-severity", "-raised_at").first()
    or Concern.objects.filter(organisation=org, about_member=None, evidence__isnull=False).first()
)
print(json.dumps({"cookie": client.cookies.output(header="").strip().split(";")[0], "concern": page.pk}))
"""
)


def run(items: int, concerns: int, requests: int, database_url: str | None, analyze: bool = False) -> dict:
    with demo_site(database_url) as env:
        started = time.perf_counter()
        facts = seed(env, SEED, str(items), str(concerns), "analyze" if analyze else "as-loaded")
        load_s = time.perf_counter() - started
        with serving(env, "bench.concerns") as port:
            browser = Browser(port, facts["cookie"])
            pages = {
                "concern list (open first, most serious)": "/safeguarding/",
                "filtered list (open, a category, high)": (
                    "/safeguarding/?status=open&category=disclosure&severity=3"
                ),
                "concern page": f"/safeguarding/{facts['concern']}/",
            }
            results = {name: measure(browser, path, requests) for name, path in pages.items()}
    return {"items": items, "concerns": concerns, "load_seconds": round(load_s, 1), "pages": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.concerns", description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--concerns", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page (default 100)")
    parser.add_argument("--database-url", help="run on this database instead of a fresh SQLite file")
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="PostgreSQL: ANALYZE after loading, as autovacuum soon would (default: measure as loaded)",
    )
    args = parser.parse_args(argv)
    result = run(args.items, args.concerns, args.requests, args.database_url, args.analyze)
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"## Concern pages over HTTP, {result['concerns']:,} concerns and {result['items']:,} items, "
        f"{database} (loaded in {result['load_seconds']} s)\n"
    )
    print("| page | cold (ms) | p50 (ms) | p95 (ms) | requests |")
    print("|---|---|---|---|---|")
    for name, figures in result["pages"].items():
        print(
            f"| {name} | {figures['cold_ms']} | {figures['p50_ms']} | {figures['p95_ms']} | {figures['n']} |"
        )
    print(json.dumps(result), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
