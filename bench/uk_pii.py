"""UK personal information: presidio's sentence templates refilled with UK values, recall by span overlap.

presidio-research's templates.txt (../shared/datasets/presidio-synth-pii, MIT) holds about 200 sentence
templates ("Can someone call me on {{phone_number}}?", "I just turned {{age}}"). Each is refilled here with
Faker's en_GB values (seeded): UK phone numbers (mobile, landline, +44, Ofcom's drama ranges), UK addresses
(flats and studios, street names, postcodes), e-mail addresses, dates of birth of children in the shapes
people write them, and children's ages. Each filled entity keeps its span, so recall is measured the way
presidio measures it: a gold span counts as found when any personal-information finding overlaps it.

The templates are split, not the filled sentences: a template and all its fillings are either development
or kept aside (data.kept_aside("uk-pii-templates", template)), so the kept part has sentence shapes the
detectors were never tuned on. evaluate(kept=True) is the lead's final run only (data.require_kept_run()).

PII-free text: the templates' own sentences with the entities swapped for plain words would still name
things, so the share of text flagged is measured on ordinary writing instead: the templates that have no
entity at all, CEFR-SP's Wikipedia sentences and OneStopEnglish's news passages (validation rows),
Formspring answers with no digit and no "@" (development rows), and bench/ordinary.py's synthetic
customer-support and youth-service messages.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

SOURCE = "uk-pii-templates"
TEMPLATES = "presidio-synth-pii/presidio_evaluator/data_generator/raw_data/templates.txt"
SEED = 20261205
PER_TEMPLATE = 10  # fillings of each template

# Template entity -> Harbour's kind (None: filled but not scored: names, cities, cards and the like).
KINDS = {
    "phone_number": "phone",
    "address": "address",
    "street_name": "address",
    "building_number": "address",
    "secondary_address": "address",
    "postcode": "postcode",
    "zipcode": "postcode",
    "email": "e-mail",
    "date_of_birth": "date of birth",
    "age": "age",
}
SCORED = ("phone", "address", "postcode", "date of birth", "age", "e-mail")
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
_NATIONALITIES = [
    "British",
    "English",
    "Welsh",
    "Scottish",
    "Irish",
    "Polish",
    "Indian",
    "Nigerian",
    "Italian",
]
_MONTHS = "January February March April May June July August September October November December".split()


def templates(root: Path) -> list[str]:
    """The template lines, with their written "\\n" as line breaks."""
    lines = (root / TEMPLATES).read_text(encoding="utf-8", errors="replace").splitlines()
    return [line.replace("\\n", "\n").replace("\\,", ",") for line in lines if line.strip()]


def split(root: Path, *, kept: bool = False) -> list[str]:
    """Development templates (kept=True: the kept-aside ones, final run only)."""
    from harbour.screening.training import data

    if kept:
        data.require_kept_run()
    return [t for t in templates(root) if data.kept_aside(SOURCE, t) == kept]


def _ordinal(day: int) -> str:
    return f"{day}{'th' if 10 <= day <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


def date_of_birth(born: date, rng: random.Random) -> str:
    """A child's date of birth in one of the shapes people write (ISO as Faker gives it, UK numeric, words)."""
    d, m, y, month = born.day, born.month, born.year, _MONTHS[born.month - 1]
    return rng.choice(
        [
            born.isoformat(),
            f"{d:02d}/{m:02d}/{y}",
            f"{d}/{m}/{y}",
            f"{d:02d}.{m:02d}.{str(y)[2:]}",
            f"{d}-{m}-{y}",
            f"{_ordinal(d)} {month} {y}",
            f"{d} {month} {y}",
            f"{_ordinal(d)} of {month.lower()} {y}",
            f"{month} {d}, {y}",
            f"{d} {month[:3]} {y}",
        ]
    )


class Filler:
    """Faker en_GB values for every placeholder in the templates, seeded."""

    def __init__(self, seed: int = SEED):
        from faker import Faker

        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.rng = random.Random(seed)

    def value(self, name: str) -> str:
        fake, rng = self.fake, self.rng
        match name:
            case "phone_number":
                return rng.choice([fake.phone_number, fake.cellphone_number])()
            case "zipcode" | "postcode":
                return fake.postcode()
            case "date_of_birth":
                return date_of_birth(fake.date_of_birth(minimum_age=6, maximum_age=17), rng)
            case "age":
                return str(rng.randint(6, 17))
            case "person" | "name":
                return fake.name()
            case "organization":
                return fake.company()
            case "state_abbr":
                return fake.county()
            case "ip_address":
                return fake.ipv4()
            case "us_driver_license":
                return fake.bothify("?#######")
            case "date_time":
                return fake.date(pattern="%d %B %Y")
            case "year":
                return str(rng.randint(1950, 2025))
            case "nationality" | "nation_woman" | "nation_man" | "nation_plural":
                return rng.choice(_NATIONALITIES)
            case _:
                return str(getattr(fake, name)())

    def fill(self, template: str) -> tuple[str, list[tuple[str, int, int]]]:
        """The filled text and its gold spans (kind, start, end); a building number right before a street
        name is one address span with it."""
        out, spans, at = [], [], 0
        for m in _PLACEHOLDER.finditer(template):
            out.append(template[at : m.start()])
            start = sum(map(len, out))
            value = self.value(m.group(1))
            out.append(value)
            kind = KINDS.get(m.group(1))
            if kind:
                if spans and kind == "address" and spans[-1][0] == "address" and spans[-1][2] == start - 1:
                    spans[-1] = ("address", spans[-1][1], start + len(value))
                else:
                    spans.append((kind, start, start + len(value)))
            at = m.end()
        out.append(template[at:])
        return "".join(out), spans


def sentences(root: Path, *, kept: bool = False, per_template: int = PER_TEMPLATE, seed: int = SEED):
    """[(text, gold spans)] for the templates with at least one placeholder; and the templates with none."""
    filler = Filler(seed)
    filled, plain = [], []
    for template in split(root, kept=kept):
        if not _PLACEHOLDER.search(template):
            plain.append(template)
            continue
        filled += [filler.fill(template) for _ in range(per_template)]
    return filled, plain


_ENGINES: dict = {}


def engine(second_stage: bool = True):
    """An engine of the registered personal-information detectors: the only ones whose findings are
    personal information, so the spans are the full screen's without waiting on the other models."""
    if second_stage not in _ENGINES:
        from harbour.screening import registry
        from harbour.screening.engine import Engine

        paths = [p for p in registry.DETECTORS if ".personal_info." in p]
        _ENGINES[second_stage] = Engine(paths, second_stage=second_stage)
    return _ENGINES[second_stage]


def _spans(text: str, *, second_stage: bool = True) -> list[tuple[int, int]]:
    from harbour.screening.verdict import Category, Context

    return [
        f.span
        for f in engine(second_stage).screen(text, Context()).findings
        if f.category == Category.PERSONAL_INFO
    ]


def recall(filled: list, *, second_stage: bool = True) -> dict[str, dict]:
    """Per kind: the share of gold spans some personal-information finding overlaps."""
    hits: dict[str, list[int]] = defaultdict(list)
    for text, gold in filled:
        spans = _spans(text, second_stage=second_stage)
        for kind, start, end in gold:
            hits[kind].append(int(any(a < end and start < b for a, b in spans)))
    out = {k: {"recall": round(sum(hits[k]) / len(hits[k]), 3), "n": len(hits[k])} for k in SCORED if hits[k]}
    every = [h for k in SCORED for h in hits[k]]
    out["all six kinds"] = {"recall": round(sum(every) / len(every), 3) if every else None, "n": len(every)}
    return out


def ordinary_sources(
    root: Path, plain: list[str], *, kept: bool = False, others: list[str] = ()
) -> dict[str, list[str]]:
    """PII-free text (of the six kinds): the entity-free templates, the templates filled with other entities
    only (names, places, organisations, card numbers), Wikipedia and news sentences, Formspring answers with
    no digit or "@", and the synthetic support and youth-service messages."""
    from bench import ordinary
    from harbour.screening.training import data

    want = "kept" if kept else "validation"
    wiki = [e.text for e in data.neutral_sentences(root) if data.split_of(e.source, e.group) == want]
    news = [e.text for e in data.news_passages(root) if data.split_of(e.source, e.group) == want]
    answers = [
        t for t in ordinary.formspring(root, kept=kept) if not re.search(r"[0-9@]", t) and len(t.split()) >= 3
    ]
    return {
        "presidio templates with no entity": plain,
        "presidio templates with other entities only (names, places, organisations, cards)": list(others),
        "CEFR-SP Wikipedia sentences": wiki[:3000],
        "OneStopEnglish news passages": news,
        "Formspring posts, no digit or @": answers[:5000],
        "synthetic support and youth-service messages (bench/ordinary.py)": ordinary.synthetic(),
    }


def flagged(sources: dict[str, list[str]], *, second_stage: bool = True) -> dict[str, dict]:
    out = {}
    for name, texts in sources.items():
        n = sum(bool(_spans(t, second_stage=second_stage)) for t in texts)
        out[name] = {"flagged": round(n / len(texts), 4) if texts else None, "n": len(texts)}
    return out


def presidio_synth(root: Path, *, rows: int = 1500, seed: int = 20261125, second_stage: bool = True) -> dict:
    """presidio's own synth_dataset_v2 (US formats mostly; 1,500 sentences, all of them by default), recall
    by overlap per entity type, as bench.quality.personal_info measured it before."""
    import json

    rows_all = json.loads(
        (root / "presidio-synth-pii/data/synth_dataset_v2.json").read_text(encoding="utf-8")
    )
    rows_all = random.Random(seed).sample(rows_all, min(rows, len(rows_all)))
    wanted = {"PHONE_NUMBER", "EMAIL_ADDRESS", "STREET_ADDRESS", "ZIP_CODE", "AGE", "DATE_TIME"}
    hits: dict[str, list[int]] = defaultdict(list)
    for row in rows_all:
        gold = [s for s in row["spans"] if s["entity_type"] in wanted]
        if not gold:
            continue
        spans = _spans(row["full_text"], second_stage=second_stage)
        for s in gold:
            hits[s["entity_type"]].append(
                int(any(a < s["end_position"] and s["start_position"] < b for a, b in spans))
            )
    return {k: {"recall": round(sum(v) / len(v), 3), "n": len(v)} for k, v in sorted(hits.items())}


def evaluate(
    datasets: Path | str,
    *,
    kept: bool = False,
    second_stage: bool = True,
    presidio_rows: int = 1500,
    log=print,
) -> dict:
    """Recall by overlap per kind on the refilled templates, the share of PII-free text flagged, and
    presidio's own synth_dataset_v2 recall (US formats) as before. Development templates unless kept=True."""
    from harbour.screening.training import data

    root = data.datasets_path(datasets)
    if kept:
        data.require_kept_run()
    log(f"bench: UK personal information ({'kept-aside' if kept else 'development'} templates) …")
    filled, plain = sentences(root, kept=kept)
    out = {
        "UK templates refilled (Faker en_GB), recall by overlap": recall(filled, second_stage=second_stage),
        "PII-free text, share flagged": flagged(
            ordinary_sources(root, plain, kept=kept, others=[t for t, gold in filled if not gold]),
            second_stage=second_stage,
        ),
    }
    if not kept:
        out["presidio synth_dataset_v2 (US formats), recall by overlap"] = presidio_synth(
            root, rows=presidio_rows, second_stage=second_stage
        )
    return out


if __name__ == "__main__":
    import argparse
    import json
    import sys

    parser = argparse.ArgumentParser(prog="python -m bench.uk_pii", description=__doc__)
    parser.add_argument(
        "--datasets", help="shared datasets folder (default: $HARBOUR_DATASETS or ../shared/datasets)"
    )
    parser.add_argument("--fast-path", action="store_true", help="screen without the second stage")
    args = parser.parse_args()
    stderr = lambda message: print(message, file=sys.stderr)  # stdout is the JSON
    print(json.dumps(evaluate(args.datasets, second_stage=not args.fast_path, log=stderr), indent=2))
