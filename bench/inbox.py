"""python -m bench.inbox: the moderator's pages with a big inbox, over HTTP, against `harbour run`.

Loads the demo organisation into a fresh data folder, adds --items screened items to it (the demo feed's
texts, screened once each by the real engine, spread over the demo channels, authors and the last 90
days), starts `harbour run --no-worker` (gunicorn as `make run` starts it), signs in as the demo
moderator and, from this process, requests:

- the inbox list (the default "Needs action" queue),
- a filtered list (a channel, a category and a severity),
- a search (text),
- an item page,

--requests times each, one after the other, after one cold request each (reported apart), then times
a bulk "done" on 100 items (the confirmation page's POST, through moderation:bulk). Prints p50 and p95
per page as Markdown. With --database-url, the same on that database (PostgreSQL: a throwaway cluster
from tests/pgcluster.py is the usual one).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The items both benchmarks load (bench/concerns.py too): the demo feed's texts, each screened once by the
# real engine, spread over the active demo channels, authors and the last 90 days. It expects `org`,
# `channels`, `count` and `rng` set, and the imports at the top of SEED.
LOAD_ITEMS = r"""
feed = json.load(open("harbour/connectors/demo/feed.json"))
texts = sorted({message["text"] for message in feed["messages"] if message.get("text")})
screened = [(text, screen_stored(text, direction=Direction.INCOMING)) for text in texts]
now = timezone.now()
for channel in channels:
    Author.objects.bulk_create(
        [
            Author(organisation=org, platform=channel.platform, platform_author_id=f"bench-{channel.pk}-{n}",
                   handle=f"@young.person{n}", display_name=f"Young Person {n}", first_seen=now, last_seen=now)
            for n in range(count // 50 + 1)
        ],
        ignore_conflicts=True,
    )
authors = list(Author.objects.filter(organisation=org, platform_author_id__startswith="bench-"))
by_platform = {}
for author in authors:
    by_platform.setdefault(author.platform, []).append(author)
made = 0
while made < count:
    batch = []
    for n in range(made, min(count, made + 5000)):
        channel = channels[n % len(channels)]
        text, result = screened[n % len(screened)]
        received = now - timedelta(minutes=rng.randrange(90 * 24 * 60))
        done = rng.random() < 0.7
        batch.append(Item(
            organisation=org, channel=channel, platform_id=f"bench-{n}", kind="reply", text=f"{text} ({n})",
            author=rng.choice(by_platform[channel.platform]), thread_id=f"bench-thread-{n // 20}",
            received_at=received, verdict=result.verdict, severity=result.severity, action=result.action,
            status="done" if done else "new", done_at=received + timedelta(hours=2) if done else None,
        ))
    with transaction.atomic():
        stored = Item.objects.bulk_create(batch)
        ItemCategory.objects.bulk_create(
            [ItemCategory(organisation=org, item=item, category=c) for item in stored
             for c in dict.fromkeys(f["category"] for f in item.verdict.get("findings", []))]
        )
    made += len(batch)
"""

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
from harbour.channels.models import Channel, Status
from harbour.inbox.models import Author, Item, ItemCategory
from harbour.inbox.screened import screen_stored
from harbour.screening.verdict import Direction

count, analyze = int(sys.argv[1]), sys.argv[2] == "analyze"
rng = random.Random(20261205)
org = Organisation.objects.get(slug="derby-youth-voice")
channels = list(Channel.objects.filter(organisation=org, status=Status.ACTIVE))
"""
    + LOAD_ITEMS
    + r"""if analyze and connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does soon after a load this size
moderator = Membership.objects.get(organisation=org, role="moderator")
client = Client()
device = TOTPDevice.objects.create(user=moderator.user, name="bench", confirmed=True)
client.force_login(moderator.user)
session = client.session
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session.save()
code = current_code(org)
if code.pk is None:
    code.save()
ConductAcknowledgement.objects.get_or_create(membership=moderator, code=code)
item = Item.objects.filter(organisation=org, platform_id__startswith="bench-", status="new").order_by("-severity").first()
category = ItemCategory.objects.filter(organisation=org).values_list("category", flat=True).first()
print(json.dumps({
    "cookie": f"{client.cookies.output(header='').strip().split(';')[0]}",
    "item": item.pk, "channel": channels[0].pk, "category": category,
    "word": texts[0].split()[0],
}))
"""
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def harbour(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "harbour.cli", *args], env=env, cwd=ROOT, check=True, **kwargs
    )


@contextmanager
def demo_site(database_url: str | None = None) -> Iterator[dict]:
    """The environment of a fresh Harbour (a temporary data folder, SQLite there or `database_url`),
    migrated and with the demo organisation loaded: the HTTP benchmarks' starting point."""
    with tempfile.TemporaryDirectory(prefix="harbour-bench-") as data:
        env = {**os.environ, "HARBOUR_DATA_DIR": data, "HARBOUR_HTTPS": "false"}
        env.pop("DATABASE_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
        env["DJANGO_SETTINGS_MODULE"] = "harbour.settings"
        harbour(env, "migrate", "--verbosity", "0")
        harbour(env, "seed_demo", stdout=subprocess.DEVNULL)
        yield env


def seed(env, script: str, *args: str) -> dict:
    """Run a benchmark's loading script in `env`; its last line of output is JSON (the facts it made)."""
    seeded = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(seeded.stdout.strip().splitlines()[-1])


@contextmanager
def serving(env, name: str) -> Iterator[int]:
    """`harbour run --no-worker` on a free port in its own process group, as a deployment serves (gunicorn,
    preloaded): yields the port once it answers, and stops it after."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "harbour.cli", "run", "--port", str(port), "--no-worker"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(f"{name}: harbour run did not start") from None
                time.sleep(0.5)
        yield port
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=60)


class Browser:
    """One keep-alive connection with the moderator's session and the CSRF cookie Django sets."""

    def __init__(self, port: int, cookie: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = dict([cookie.split("=", 1)])

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[float, int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1{path}"
        started = time.perf_counter()
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        took = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return took, response.status, text


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(browser: Browser, path: str, requests: int) -> dict:
    cold, status, _ = browser.request("GET", path)
    if status != 200:
        raise SystemExit(f"bench.inbox: {path} answered {status}, not 200")
    times = [browser.request("GET", path)[0] for _ in range(requests)]
    return {
        "cold_ms": round(cold * 1000, 1),
        "p50_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(percentile(times, 95) * 1000, 1),
        "n": requests,
    }


def bulk_done(browser: Browser) -> dict:
    """A bulk 'done' of the first 100 items of the Needs action list (its first two pages, as a moderator
    ticks them), through the confirmation page."""
    ids, html = [], ""
    for page in (1, 2):
        _, _, html = browser.request("GET", f"/inbox/?page={page}")
        ids += re.findall(r'name="items"[^>]*value="(\d+)"', html)
    ids = list(dict.fromkeys(ids))[:100]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if len(ids) < 100 or token is None:
        return {"error": f"the list offered {len(ids)} items to select (needs 100) or no CSRF token"}
    form = {"csrfmiddlewaretoken": token.group(1), "items": ids, "kind": "done"}
    took_confirm, status, page = browser.request("POST", "/moderation/bulk/", form)
    confirm = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    if status != 200 or confirm is None:
        return {"error": f"the bulk confirmation page answered {status}"}
    form = {**fields, "csrfmiddlewaretoken": confirm.group(1), "items": ids, "kind": "done", "confirmed": "1"}
    took, status, _ = browser.request("POST", "/moderation/bulk/", form)
    return {"confirm_ms": round(took_confirm * 1000, 1), "done_ms": round(took * 1000, 1), "status": status}


def run(items: int, requests: int, database_url: str | None, analyze: bool = False) -> dict:
    with demo_site(database_url) as env:
        started = time.perf_counter()
        facts = seed(env, SEED, str(items), "analyze" if analyze else "as-loaded")
        load_s = time.perf_counter() - started
        with serving(env, "bench.inbox") as port:
            browser = Browser(port, facts["cookie"])
            pages = {
                "inbox list (Needs action)": "/inbox/",
                "filtered list (channel, category, severity)": (
                    f"/inbox/?channel={facts['channel']}&category={facts['category']}&severity=2"
                ),
                "search (text)": "/inbox/?" + urllib.parse.urlencode({"q": facts["word"]}),
                "item page": f"/inbox/{facts['item']}/",
            }
            results = {name: measure(browser, path, requests) for name, path in pages.items()}
            results["bulk done, 100 items"] = bulk_done(browser)
    return {"items": items, "load_seconds": round(load_s, 1), "pages": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.inbox", description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page (default 100)")
    parser.add_argument("--database-url", help="run on this database instead of a fresh SQLite file")
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="PostgreSQL: ANALYZE after loading, as autovacuum soon would (default: measure as loaded)",
    )
    args = parser.parse_args(argv)
    result = run(args.items, args.requests, args.database_url, args.analyze)
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"## Inbox pages over HTTP, {result['items']:,} items, {database} (loaded in {result['load_seconds']} s)\n"
    )
    print("| page | cold (ms) | p50 (ms) | p95 (ms) | requests |")
    print("|---|---|---|---|---|")
    for name, figures in result["pages"].items():
        if "p50_ms" in figures:
            print(
                f"| {name} | {figures['cold_ms']} | {figures['p50_ms']} | {figures['p95_ms']} | {figures['n']} |"
            )
    bulk = result["pages"]["bulk done, 100 items"]
    print(f"\nBulk done of 100 items: {json.dumps(bulk)}")
    print(json.dumps(result), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
