"""python -m bench.consultation_answer: young people answering a poll at once, over HTTP, against `harbour run`.

Loads the demo organisation into a fresh data folder (SQLite there, or --database-url), adds an open poll with
the age band question and one question of four choices on a channel of the consultation platform, starts
`harbour run --no-worker` (gunicorn as `make run` starts it: two processes of four threads) and, from this
process, sends --people young people --waves times (new people each wave), in three ways of arriving:

1. all with the poll open at once, as when a youth worker gives a group the code: each opens the poll at a
   random moment in --arrive seconds, reads it for --read LOW HIGH seconds, then answers;
2. arriving one after another over --spread seconds, each answering as soon as the page opens;
3. all at the same instant, answering at once: a burst, the worst case, not a group of people.

Each person opens the poll page (GET /c/<code>/, which sets the participant and CSRF cookies), then sends an
answer (POST, a 302 to the thank-you page), on its own keep-alive connection. Prints p50 and p95 of each
request, the answers stored per second and any request that did not get the status it should, as Markdown.
Target (issue 23): p95 under 100 ms for both with 200 young people answering.

Every request comes from 127.0.0.1, so the per-address limits on lookups and answers are raised for the run
(HARBOUR_RATE_CONSULTATION_LOOKUPS_PER_IP and _ANSWERS_PER_IP); the limiter's counting still runs on every
request, as it does in production. The people are threads of this one Python process: on a small machine
they share its cores with the server, and the client's own time is inside the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from bench.inbox import Browser, demo_site, percentile, seed, serving

SEED = r"""
import json
import django
django.setup()
from harbour.accounts.models import Membership, Organisation
from harbour.channels.models import Channel, Status
from harbour.consultation import codes
from harbour.consultation.models import Choice, Consultation, Question

org = Organisation.objects.get(slug="derby-youth-voice")
manager = Membership.objects.filter(organisation=org, role="manager").first()
channel = Channel.objects.create(
    organisation=org, platform="consultation", name="Bench consultations", display_name=org.name,
    in_organisation_name=True, aims="Hear from young people", suitability="Harbour's own pages",
    audience_min_age=11, audience_max_age=19, response_hours=24, moderation_hours="daily", status=Status.ACTIVE,
)
poll = Consultation.objects.create(
    organisation=org, channel=channel, kind="poll", code=codes.new_code(), title="Youth club nights",
    introduction="Help us choose when the youth club opens.", purpose="To choose the club's new night.",
    asks_age_band=True, state="open", created_by=manager,
)
question = Question.objects.create(
    organisation=org, consultation=poll, position=1, kind="single", text="Which night should the club open?"
)
for position, night in enumerate(["Tuesday", "Thursday", "Friday", "Saturday"], start=1):
    Choice.objects.create(organisation=org, question=question, position=position, text=night)
print(json.dumps({"code": poll.code, "field": f"q{question.pk}"}))
"""

AGE_BANDS = ["", "up_to_12", "13_to_15", "16_to_17", "18_to_25"]


@dataclass(frozen=True)
class Scenario:
    """How a wave of young people arrives: each opens the poll at a random moment in `arrive` seconds,
    reads it for a random time between `read` seconds, then answers."""

    name: str
    arrive: float
    read: tuple[float, float] = (0.0, 0.0)


def scenarios(arrive: float, read: tuple[float, float], spread: float) -> list[Scenario]:
    return [
        Scenario(
            f"all with the poll open: arriving in {arrive:g} s, reading {read[0]:g} to {read[1]:g} s",
            arrive,
            read,
        ),
        Scenario(f"arriving over {spread:g} s, answering at once", spread),
        Scenario("all at the same instant, answering at once (a burst)", 0.0),
    ]


def young_person(
    port: int, code: str, field: str, start: threading.Barrier, rng: random.Random, scenario: Scenario
) -> dict:
    """Open the poll when this person arrives, read it, pick an answer, send it: the two requests' times and
    statuses."""
    browser = Browser(port, "harbour_bench=1")
    start.wait()
    time.sleep(rng.uniform(0, scenario.arrive))
    took_page, status_page, html = browser.request("GET", f"/c/{code}/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    choices = re.findall(rf'name="{field}" type="radio" value="(\d+)"', html)
    if status_page != 200 or token is None or not choices:
        return {"page": took_page, "page_status": status_page, "answer": None, "answer_status": None}
    form = {
        "csrfmiddlewaretoken": token.group(1),
        "age_band": rng.choice(AGE_BANDS),
        field: rng.choice(choices),
    }
    reading = rng.uniform(*scenario.read)
    if reading:
        time.sleep(reading)
        # gunicorn closes a connection idle for 2 s; a browser then opens a new one, and so does this
        # (http.client connects again on the next request), inside the answer's time.
        browser.conn.close()
    took_answer, status_answer, _ = browser.request("POST", f"/c/{code}/", form)
    browser.conn.close()
    return {
        "page": took_page,
        "page_status": status_page,
        "answer": took_answer,
        "answer_status": status_answer,
    }


def figures(times: list[float]) -> dict:
    if not times:
        return {}
    return {
        "p50_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(percentile(times, 95) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
        "n": len(times),
    }


def waves_of(port: int, facts: dict, people: int, waves: int, scenario: Scenario, rng: random.Random) -> dict:
    """`waves` waves of `people` new young people, each wave arriving as `scenario` says."""
    results, started = [], time.perf_counter()
    with ThreadPoolExecutor(max_workers=people) as pool:
        for _ in range(waves):
            start = threading.Barrier(people)
            futures = [
                pool.submit(
                    young_person,
                    port,
                    facts["code"],
                    facts["field"],
                    start,
                    random.Random(rng.random()),
                    scenario,
                )
                for _ in range(people)
            ]
            results += [future.result() for future in futures]
    elapsed = time.perf_counter() - started
    answers = [r["answer"] for r in results if r["answer_status"] == 302]
    wrong = [
        {"page": r["page_status"], "answer": r["answer_status"]}
        for r in results
        if r["page_status"] != 200 or r["answer_status"] != 302
    ]
    return {
        "scenario": scenario.name,
        "poll page (GET)": figures([r["page"] for r in results if r["page_status"] == 200]),
        "answer sent (POST)": figures(answers),
        "answers_per_second": round(len(answers) / elapsed, 1),
        "wrong_statuses": len(wrong),
        "first_wrong": wrong[:5],
    }


def run(people: int, waves: int, database_url: str | None, chosen: list[Scenario]) -> dict:
    with demo_site(database_url) as env:
        env["HARBOUR_RATE_CONSULTATION_LOOKUPS_PER_IP"] = str(people * waves * len(chosen) * 4)
        env["HARBOUR_RATE_CONSULTATION_ANSWERS_PER_IP"] = str(people * waves * len(chosen) * 4)
        facts = seed(env, SEED)
        with serving(env, "bench.consultation_answer") as port:
            warm = Browser(port, "harbour_bench=1")
            for _ in range(5):  # each gunicorn process's first request, not a young person's
                warm.request("GET", f"/c/{facts['code']}/")
            rng = random.Random(20261206)
            measured = [waves_of(port, facts, people, waves, scenario, rng) for scenario in chosen]
    return {
        "people": people,
        "waves": waves,
        "database": "PostgreSQL" if database_url else "SQLite",
        "scenarios": measured,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.consultation_answer", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--people", type=int, default=200, help="young people in each wave (default 200)")
    parser.add_argument(
        "--waves", type=int, default=3, help="waves of new people in each way of arriving (default 3)"
    )
    parser.add_argument(
        "--arrive",
        type=float,
        default=10.0,
        help="first way: seconds in which everyone opens the poll (default 10)",
    )
    parser.add_argument(
        "--read",
        type=float,
        nargs=2,
        default=(5.0, 20.0),
        metavar=("LOW", "HIGH"),
        help="first way: seconds each person spends reading before answering, at random (default 5 20)",
    )
    parser.add_argument(
        "--spread",
        type=float,
        default=60.0,
        help="second way: seconds over which people arrive and answer at once (default 60)",
    )
    parser.add_argument(
        "--only",
        type=int,
        choices=(1, 2, 3),
        action="append",
        help="run only this way of arriving (1, 2 or 3; may be repeated)",
    )
    parser.add_argument("--database-url", help="run on this database instead of a fresh SQLite file")
    args = parser.parse_args(argv)
    every = scenarios(args.arrive, tuple(args.read), args.spread)
    chosen = [every[n - 1] for n in sorted(set(args.only))] if args.only else every
    result = run(args.people, args.waves, args.database_url, chosen)
    print(
        f"## Answering a poll over HTTP: {result['people']} young people a wave, {result['waves']} waves, "
        f"{result['database']}\n"
    )
    print(
        "| how they arrive | request | p50 (ms) | p95 (ms) | max (ms) | requests | answers a second | wrong |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for measured in result["scenarios"]:
        for name in ("poll page (GET)", "answer sent (POST)"):
            row = measured[name]
            if row:
                print(
                    f"| {measured['scenario']} | {name} | {row['p50_ms']} | {row['p95_ms']} | {row['max_ms']} "
                    f"| {row['n']} | {measured['answers_per_second']} | {measured['wrong_statuses']} |"
                )
        if measured["first_wrong"]:
            print(f"\nFirst wrong statuses ({measured['scenario']}): {measured['first_wrong']}\n")
    print(json.dumps(result), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
