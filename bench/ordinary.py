"""Ordinary text full of numbers, dates and street-like words: how often each detector raises a false alarm.

Two parts. Teenage chat: Formspring questions and answers (development rows only: the kept-aside profiles
are never read here). Customer-support and youth-service messages: no such set is in the shared datasets,
so they are SYNTHETIC, generated from templates written by us for this benchmark (below), seeded, with
order numbers, tracking codes, prices, times, opening hours, service phone numbers, dates, room and bus
numbers and street names that are shops and venues, never where a person lives. None of the synthetic
messages gives away a person's details, so every personal-information finding on them is a false alarm.
Formspring is real teenage writing and some of it does give an age or a number, so its share flagged is an
upper bound on the false-alarm rate, not the rate itself.

`texts(datasets=None)` gives the ordinary messages to other benchmarks (grooming19 reads it): the synthetic
part always, Formspring's development rows too when a datasets folder is given.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

SEED = 20261205
SYNTHETIC_COUNT = 1500

# Slot values. Venues and streets here are shops, clubs and stations, never a home.
_SLOTS: dict[str, list[str]] = {
    "street": [
        "High Street",
        "Market Street",
        "Church Road",
        "Station Road",
        "London Road",
        "Victoria Street",
        "King Street",
        "Queen Street",
        "Park Lane",
        "Mill Lane",
        "Bridge Street",
        "the Broadway",
        "Castle Street",
        "Albert Road",
        "Northgate",
    ],
    "venue": [
        "the library",
        "the leisure centre",
        "the youth centre",
        "the community hall",
        "the sports hall",
        "the town hall",
        "the skate park",
        "the swimming pool",
        "St John's church hall",
        "the museum",
        "the cinema",
        "the bowling alley",
    ],
    "shop": ["Tesco", "Asda", "Boots", "Greggs", "Argos", "Currys", "the Co-op", "Sainsbury's", "WHSmith"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "month": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "September",
        "October",
        "November",
        "December",
    ],
    "service_phone": [
        "0800 1111",
        "0800 068 4141",
        "0808 800 5000",
        "0300 123 3393",
        "0345 600 4554",
        "0800 77 22 33",
        "0330 088 2233",
        "0808 802 5544",
        "116 123",
        "111",
        "999",
        "0800-555-0199",
    ],
    "item": [
        "trainers",
        "headphones",
        "school shoes",
        "a hoodie",
        "the phone case",
        "a PE kit",
        "the game",
        "a calculator",
        "the charger",
        "a backpack",
    ],
    "activity": [
        "football",
        "netball",
        "drama club",
        "the coding club",
        "choir",
        "swimming lessons",
        "the art workshop",
        "homework club",
        "the DofE meeting",
        "band practice",
        "boxing",
        "dance",
    ],
    "subject": ["maths", "science", "English", "history", "geography", "French", "PE", "art", "music"],
}

# Customer-support messages (orders, deliveries, refunds, shops) and youth-service messages (clubs, trips,
# buses, rooms, helplines, homework), as people type them. {n:a-b} is a number in a-b; {t} a time;
# {d} a date as people write it; {price}; {order}; {track}; {room}.
TEMPLATES = [
    # customer support
    "Hi, my order {order} still hasn't arrived, it said delivery by {d}",
    "Order {order} was dispatched on {d}, tracking code {track}",
    "Your parcel {track} will be delivered between {t} and {t}",
    "I was charged {price} twice for order {order} can you sort it",
    "Refund of {price} will show in your account in {n:3-5} working days",
    "The shop on {street} is open {t}-{t} Monday to Saturday and {t}-{t} on Sundays",
    "Click and collect from {shop} on {street} after {t} on {day}",
    "Can I return {item} I bought on {d}? Receipt number {order}",
    "Item {n:10000-99999} is out of stock until {d}",
    "Your basket total is {price} with {n:2-9} items, free delivery over {price}",
    "Call us on {service_phone}, lines open {t} to {t} weekdays",
    "Our helpline {service_phone} is open {n:7-9}am to {n:5-9}pm",
    "Store {n:100-999}, {street}: closes at {t} on bank holidays",
    "The {price} voucher code SAVE{n:10-50} runs out on {d}",
    "Booking reference {track}, {n:2-6} tickets, {day} {d} at {t}",
    "Your table for {n:2-8} is booked for {t} on {d}",
    "I ordered {item} on {d} and got the wrong size, order no {order}",
    "Ticket #{n:1000-99999} has been updated, reply within {n:2-14} days",
    "Delivery slot {t}-{t} {day}, driver will call from {service_phone}",
    "Price match: {price} at {shop}, we'll match it until {d}",
    "Sorry for the wait, you're number {n:2-30} in the queue",
    "The {n:3-5} pack is {price} or {price} each",
    "Parcel left with neighbour at number {n:1-99}, signed by {day} driver",
    "Your appointment at the {street} branch is on {d} at {t}",
    "Collect your prescription from Boots on {street} after {t}",
    "Instalment {n:1-6} of {n:6-12}: {price} taken on {d}",
    # youth service, school, clubs
    "{activity} is in room {n:1-20} on {day} from {t} to {t}",
    "Youth club is on {day} {t}-{t} at {venue}, {price} subs",
    "Get bus {n:1-99} from outside {shop} on {street}, it leaves at {t}",
    "The trip to the museum is on {d}, the coach leaves {venue} at {t}, bring {price}",
    "Book by {d} for the half term activities, places are {price}",
    "If you need to talk call Childline on {service_phone}, it's free",
    "Samaritans are on {service_phone} any time day or night",
    "{activity} moved to {day} {d} at {t} because of the match",
    "We won {n:2-6}-{n:0-3} on {day}, next game is {d} at {t}",
    "Training is {day}s at {t} at {venue}, {n:10-40} spaces left",
    "Homework for {subject}: pages {n:10-99}-{n:100-199}, due {d}",
    "Room {n:1-30} is closed on {day}, {activity} is in the hall instead",
    "The {n:1-99} bus is diverted down {street} until {d}",
    "Parents evening is {day} {d} from {t}, book a {n:5-10} minute slot",
    "Mock exams start {d}, {subject} paper {n:1-3} is at {t}",
    "Sign up for {activity} by {d}, it's {price} for {n:6-12} weeks",
    "Meet the coach at {venue} at {t} on {day}",
    "The drop-in at {venue} on {street} runs {t}-{t} every {day}",
    "Summer scheme {d} to {d}, {n:9-10}am to {n:3-4}pm, {price} a day",
    "Fixture list: {day} {d} home, {t} kick off",
    "Text SHOUT to 85258 if you need to talk to someone",
    "Lost property is in room {n:1-30}, open {t} to {t}",
    "The Year {n:7-13} assembly is at {t} in the hall",
    "Group {n:1-8} go to {venue} first, then swap at {t}",
    # teenage chat, ordinary
    "omg the bus was {n:10-40} mins late again",
    "see u at {activity} on {day} at {t}",
    "got {n:50-99}% in the {subject} test!!",
    "im {n:2-20} mins away, at {shop} on {street}",
    "only {n:2-9} days till the holidays",
    "new trainers were {price} in the sale",
    "its like {n:5-30} degrees today",
    "i scored {n:1-4} goals on {day}",
    "we've got {n:2-5} tests this week and {subject} is on {d}",
    "my phone is on {n:2-20}% lol",
    "the film starts at {t} at the cinema on {street}",
    "{shop} on {street} has the new drinks for {price}",
    "did u do the {subject} homework, q{n:1-12} was so hard",
    "i have {n:2-300} followers now",
    "{n:1-9} more episodes to go",
    "level {n:10-99} finally done",
    "anyone going to the gig on {d}?",
    "walked {n:3-25}k steps today",
    "its {price} for a meal deal now",
    "i need {n:2-5} more points to pass",
]


def _time(rng: random.Random) -> str:
    hour, minute = rng.randint(7, 21), rng.choice([0, 0, 15, 30, 45])
    return rng.choice(
        [
            f"{hour}:{minute:02d}",
            f"{hour % 12 or 12}{'.' + format(minute, '02d') if minute else ''}{'pm' if hour >= 12 else 'am'}",
            f"{hour % 12 or 12}",
            f"{hour:02d}{minute:02d}",
        ]
    )


def _date(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.choice([2026, 2027])
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    name = _SLOTS["month"][month % len(_SLOTS["month"])]
    return rng.choice(
        [
            f"{day:02d}/{month:02d}",
            f"{day}/{month}",
            f"{day}/{month}/{year}",
            f"{day:02d}/{month:02d}/{str(year)[2:]}",
            f"{day}{suffix} {name}",
            f"{day} {name[:3]}",
            f"{name} {day}{suffix}",
            f"{day}.{month}.{str(year)[2:]}",
        ]
    )


def _fill(template: str, rng: random.Random) -> str:
    out, i = [], 0
    while i < len(template):
        if template[i] != "{":
            out.append(template[i])
            i += 1
            continue
        j = template.index("}", i)
        slot = template[i + 1 : j]
        if slot.startswith("n:"):
            low, high = map(int, slot[2:].split("-"))
            value = str(rng.randint(low, high))
        elif slot == "t":
            value = _time(rng)
        elif slot == "d":
            value = _date(rng)
        elif slot == "price":
            value = rng.choice(
                [f"£{rng.randint(1, 199)}.{rng.choice([0, 49, 99, 50]):02d}", f"£{rng.randint(1, 60)}"]
            )
        elif slot == "order":
            value = rng.choice(
                [
                    str(rng.randint(10**7, 10**9)),
                    f"#{rng.randint(10**5, 10**7)}",
                    f"UK{rng.randint(10**6, 10**8)}",
                ]
            )
        elif slot == "track":
            value = rng.choice(
                [
                    f"JD{rng.randint(10**15, 10**16 - 1)}",
                    "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
                    + f"{rng.randint(10**8, 10**9 - 1)}GB",
                    f"H{rng.randint(10**14, 10**15 - 1)}",
                ]
            )
        else:
            value = rng.choice(_SLOTS[slot])
        out.append(value)
        i = j + 1
    return "".join(out)


def synthetic(count: int = SYNTHETIC_COUNT, seed: int = SEED) -> list[str]:
    """`count` synthetic customer-support and youth-service messages (written by us; see the module doc)."""
    rng = random.Random(seed)
    return [_fill(TEMPLATES[i % len(TEMPLATES)], rng) for i in range(count)]


def formspring(root: Path, *, kept: bool = False) -> list[str]:
    """Formspring questions and answers as separate messages: development rows (kept=True: the kept-aside
    rows, for the final run only)."""
    from harbour.screening.training import data

    if kept:
        data.require_kept_run()
    out = []
    for e in data.formspring(root):
        if (data.split_of(e.source, e.group) == "kept") != kept:
            continue
        out += [t for t in (e.extra["question"], e.extra["answer"]) if t]
    return out


def texts(datasets: Path | str | None = None) -> list[str]:
    """Ordinary messages for false-alarm measures: the synthetic part, and Formspring's development rows when
    a datasets folder is given."""
    out = synthetic()
    if datasets is not None:
        out += formspring(Path(datasets))
    return out


def flag_rates(messages: list[str], *, second_stage: bool = True) -> dict[str, dict]:
    """Per detector, the share of messages it flags (any severity), personal information and grooming
    first; also any personal-information finding and any grooming finding."""
    from harbour.screening import screen
    from harbour.screening.verdict import Category, Context

    by_detector: Counter[str] = Counter()
    category_of: dict[str, str] = {}
    any_pii = any_grooming = 0
    for text in messages:
        findings = screen(text, Context(), second_stage=second_stage).findings
        names = {f.detector for f in findings}
        for f in findings:
            category_of[f.detector] = str(f.category)
        by_detector.update(names)
        any_pii += any(f.category == Category.PERSONAL_INFO for f in findings)
        any_grooming += any(f.category == Category.GROOMING for f in findings)
    n = len(messages) or 1
    first = {str(Category.PERSONAL_INFO): 0, str(Category.GROOMING): 1}
    rows = {
        "any personal information": {"flagged": round(any_pii / n, 4), "n": len(messages)},
        "any grooming": {"flagged": round(any_grooming / n, 4), "n": len(messages)},
    }
    for name in sorted(by_detector, key=lambda d: (first.get(category_of[d], 2), category_of[d], d)):
        rows[f"{name} ({category_of[name]})"] = {
            "flagged": round(by_detector[name] / n, 4),
            "n": len(messages),
        }
    return rows


def evaluate(datasets: Path | str | None, *, kept: bool = False) -> dict:
    """Share of ordinary messages flagged, per detector: the synthetic support and youth-service messages
    (no personal details in any of them), and Formspring development rows (kept=True: its kept rows)."""
    out = {"synthetic support and youth-service messages (written by us)": flag_rates(synthetic())}
    if datasets is not None:
        out["Formspring questions and answers (teen Q&A; some do give details)"] = flag_rates(
            formspring(Path(datasets), kept=kept)
        )
    return out


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m bench.ordinary", description=__doc__)
    parser.add_argument(
        "--datasets", help="shared datasets folder (default: $HARBOUR_DATASETS or ../shared/datasets)"
    )
    parser.add_argument("--show", type=int, default=0, help="print this many synthetic messages and stop")
    args = parser.parse_args()
    if args.show:
        print("\n".join(synthetic()[: args.show]))
    else:
        from harbour.screening.training import data

        print(json.dumps(evaluate(data.datasets_path(args.datasets)), indent=2))
