"""Quality figures: offensive language side by side with the peers, the models' own evaluate(), and the
outgoing-draft detectors on proxy sets. Every figure is on rows no shipped model trained on."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import random
import time
from collections import defaultdict
from pathlib import Path

from bench import corpus
from harbour.screening.verdict import Category, Context

OFFENSIVE = frozenset(
    {
        Category.PROFANITY,
        Category.INSULT,
        Category.HATE,
        Category.BULLYING,
        Category.SEXUAL,
        Category.VIOLENCE,
    }
)
# (reader key in harbour.screening.training.data, note). Davidson last: alt-profanity-check trained on it.
OFFENSIVE_SETS = [
    ("olid-offenseval2019", "tweets, OFF vs NOT"),
    ("convabuse", "chat turns to a bot, abusive by majority"),
    ("impermium-insults", "insults at a participant; evaluation-only set"),
    ("formspring", "teen Q&A, bullying by majority; evaluation-only set"),
    ("tweeteval-hate", "HatEval: positives are hate; non-hate tweets may still be offensive"),
    ("toxic-spans", "Civil Comments, toxic = has a toxic span"),
    ("davidson-hate-offensive", "flatters alt-profanity-check, which trained on Davidson"),
]
# Model scripts screening-models is expected to give an evaluate(datasets) -> dict.
EXPECTED_MODELS = ("abuse", "hate", "bullying", "sexual", "grooming", "self_harm")


def prf(y: list[int], pred: list[int]) -> dict:
    tp = sum(1 for a, b in zip(y, pred) if a and b)
    fp = sum(1 for a, b in zip(y, pred) if not a and b)
    fn = sum(1 for a, b in zip(y, pred) if a and not b)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f, 3),
        "n": len(y),
        "positives": sum(y),
    }


def _screen():
    """Harbour's full single-message screen, or the reason it cannot run on this branch."""
    try:
        from harbour.screening import screen

        screen("hello", Context())
    except (ImportError, RuntimeError) as exc:  # RuntimeError: the registry's RegistryError
        return None, f"harbour.screening.screen cannot run on this branch ({exc})"
    return screen, None


def _peers() -> dict:
    """Each peer as texts -> [0/1], or the reason it cannot run (its package is in the bench group, which
    `make bench` installs: a run without it still gives Harbour's figures and says why the peer's are not
    there)."""
    out: dict = {}
    try:
        from profanity_check import predict

        out["alt-profanity-check"] = lambda texts: [int(p) for p in predict(texts)] if texts else []
    except ImportError as exc:
        out["alt-profanity-check"] = f"not installed ({exc}); make bench installs it"
    try:
        from better_profanity import profanity

        profanity.load_censor_words()
        out["better-profanity"] = lambda texts: [int(profanity.contains_profanity(t)) for t in texts]
    except ImportError as exc:
        out["better-profanity"] = f"not installed ({exc}); make bench installs it"
    return out


def registered() -> list[dict]:
    """The detectors the default engine runs: name, category, directions."""
    from harbour.screening.engine import default_engine

    return [
        {"name": d.name, "category": str(d.category), "directions": sorted(map(str, d.directions))}
        for d in default_engine().detectors
    ]


def rows_of(data, key: str, split: str, kept: bool):
    """Which rows of a set a figure reads: the kept-aside part with kept=True; otherwise, for a trainable
    set its `split` (validation unless told), and for an evaluation-only set every row not kept aside
    (nothing shipped trains on it, so all of it is development rows)."""
    if kept:
        return lambda e: data.split_of(e.source, e.group) == "kept"
    if key in data.EVALUATION_ONLY:
        return lambda e: data.split_of(e.source, e.group) != "kept"
    return lambda e: data.split_of(e.source, e.group) == split


def offensive(
    root: Path,
    *,
    rows: int,
    slow_rows: int,
    seed: int,
    split: str = "validation",
    kept: bool = False,
    log=print,
) -> dict:
    """Offensive-language F1 per set (rows_of: development rows, or with kept=True the kept-aside part,
    which only the final `bench --kept` run may read): Harbour's full screen, Harbour's fast path alone
    (no second stage), alt-profanity-check and better-profanity, all on the same rows."""
    try:
        from harbour.screening.training import data
    except ImportError as exc:
        return {
            "error": f"the shared validation split (harbour.screening.training.data) is not on this branch "
            f"yet, so no offensive-language comparison was made ({exc})"
        }
    if kept:
        data.require_kept_run()
    screen, why = _screen()
    peers = _peers()
    readers = {**data.TRAINABLE, **data.EVALUATION_ONLY}
    out = {}
    for key, note in OFFENSIVE_SETS:
        if key not in readers:
            out[key] = {"error": f"no reader for {key} in harbour.screening.training.data"}
            continue
        part = "kept" if kept else (split if key in data.TRAINABLE else "development")
        log(f"bench: offensive language on {key} ({part}) …")
        wanted = rows_of(data, key, split, kept)
        rows_all = [e for e in readers[key](root) if "abuse" in e.labels and wanted(e)]
        sample = random.Random(seed).sample(rows_all, min(rows, len(rows_all)))
        texts = [e.text for e in sample]
        y = [e.labels["abuse"] for e in sample]
        entry = {
            "note": note,
            "trained_on_train_split": key in data.TRAINABLE,
            "split": split,
            "part": part,
            "split_rows": len(rows_all),
        }
        for who, second_stage in (("harbour", True), ("harbour, fast path only", False)):
            if not screen:
                entry[who] = {"error": why}
                continue
            context = Context(second_stage=second_stage)
            t0 = time.perf_counter()
            pred = [
                int(any(f.category in OFFENSIVE and f.severity >= 1 for f in screen(t, context).findings))
                for t in texts
            ]
            entry[who] = prf(y, pred) | {"seconds": round(time.perf_counter() - t0, 1)}
        k = min(slow_rows, len(texts))
        for who, (limit, flags) in (
            ("alt-profanity-check", (len(texts), peers["alt-profanity-check"])),
            ("better-profanity", (k, peers["better-profanity"])),
        ):
            entry[who] = (
                {"error": flags, "n": 0} if isinstance(flags, str) else prf(y[:limit], flags(texts[:limit]))
            )
        out[key] = entry
    return out


def models(root: Path, *, kept: bool = False, log=print) -> dict:
    """Call every evaluate(datasets) that the training scripts offer; say which are missing. kept=True
    calls evaluate(datasets, kept=True), the same figures on the kept-aside part (the final run only)."""
    if kept:
        from harbour.screening.training import data

        data.require_kept_run()
    try:
        package = importlib.import_module("harbour.screening.training")
    except ImportError as exc:
        return {
            name: {"error": f"harbour.screening.training is not on this branch yet ({exc})"}
            for name in EXPECTED_MODELS
        }
    found: dict = {}
    for info in pkgutil.iter_modules(package.__path__):
        try:
            module = importlib.import_module(f"{package.__name__}.{info.name}")
        except ImportError as exc:
            found[info.name] = {"error": f"cannot import harbour.screening.training.{info.name}: {exc}"}
            continue
        evaluate = getattr(module, "evaluate", None)
        if callable(evaluate):
            found[info.name] = evaluate
    out = evaluate_all(root, found, kept=kept, log=log)
    for name in EXPECTED_MODELS:
        out.setdefault(name, {"error": f"no evaluate() in harbour.screening.training.{name} yet"})
    return out


def evaluate_all(root: Path, evaluators: dict, *, kept: bool = False, log=print) -> dict:
    """{name: evaluate(root) or evaluate(root, kept=True)'s figures}; a failure, or an evaluate() with no
    kept flag in a kept run, is that entry's error (shown in the table, never hidden). An entry that is
    already an error dict passes through."""
    if kept:
        from harbour.screening.training import data

        data.require_kept_run()
    out: dict = {}
    for name, evaluate in evaluators.items():
        if isinstance(evaluate, dict):
            out[name] = evaluate
            continue
        if kept and "kept" not in inspect.signature(evaluate).parameters:
            out[name] = {"error": f"{name}.evaluate() has no kept flag yet: no kept-aside figures"}
            continue
        log(f"bench: {name}.evaluate({'kept=True' if kept else ''}) …")
        t0 = time.perf_counter()
        try:
            result = evaluate(root, kept=True) if kept else evaluate(root)
        except Exception as exc:  # noqa: BLE001 -- reported in the table, never hidden
            result = {"error": f"{type(exc).__name__}: {exc}"}
        out[name] = result if isinstance(result, dict) else {"result": result}
        out[name].setdefault("seconds", round(time.perf_counter() - t0, 1))
    return out


def personal_info(root: Path, *, rows: int, seed: int, log=print) -> dict:
    """Span recall of Harbour's personal_info findings on presidio's synthetic sentences (US formats mostly)."""
    screen, why = _screen()
    if not screen:
        return {"error": why}
    if not any(d["category"] == Category.PERSONAL_INFO for d in registered()):  # screen() built them
        return {
            "error": "no personal_info detector is registered in harbour/screening/registry.py yet, "
            "so nothing was measured"
        }
    import json

    log("bench: personal information on presidio-synth-pii …")
    data = json.loads((root / "presidio-synth-pii/data/synth_dataset_v2.json").read_text(encoding="utf-8"))
    sample = random.Random(seed).sample(data, min(rows, len(data)))
    wanted = {"PHONE_NUMBER", "EMAIL_ADDRESS", "STREET_ADDRESS", "ZIP_CODE", "AGE", "DATE_TIME", "PERSON"}
    found: dict[str, list[int]] = defaultdict(list)
    clean_flagged = clean = 0
    for row in sample:
        spans = [
            f.span
            for f in screen(row["full_text"], Context()).findings
            if f.category == Category.PERSONAL_INFO
        ]
        gold = [s for s in row["spans"] if s["entity_type"] in wanted]
        for s in gold:
            hit = any(a < s["end_position"] and b > s["start_position"] for a, b in spans)
            found[s["entity_type"]].append(int(hit))
        if not gold:
            clean += 1
            clean_flagged += bool(spans)
    out = {t: {"recall": round(sum(v) / len(v), 3), "n": len(v)} for t, v in sorted(found.items())}
    out["sentences without these entities, flagged"] = {
        "rate": round(clean_flagged / clean, 3) if clean else None,
        "n": clean,
    }
    return out


def drafts(root: Path, log=print) -> dict:
    """The outgoing-draft detectors on proxy sets: none of these sets was written for our task."""
    from harbour.screening.detectors.leading import LeadingQuestion
    from harbour.screening.detectors.libel import LibelRisk
    from harbour.screening.detectors.readability import Readability, measure

    out: dict[str, dict] = {}
    log("bench: readability on OneStopEnglish and CEFR-SP …")
    texts = corpus.onestopenglish(root)
    ages = [{k: measure(v).reading_age for k, v in t.items()} for t in texts]
    flag = Readability()
    out["readability: OneStopEnglish (189 texts x 3 levels)"] = {
        **{
            f"mean reading age, {k}": round(sum(a[k] for a in ages) / len(ages), 1)
            for k in ("ele", "int", "adv")
        },
        "ordered ele < int < adv": round(sum(a["ele"] < a["int"] < a["adv"] for a in ages) / len(ages), 3),
        "ordered ele < adv": round(sum(a["ele"] < a["adv"] for a in ages) / len(ages), 3),
        **{
            f"flagged above age 12, {k}": round(
                sum(any(f.reason.startswith("Reading age") for f in flag.check(t[k])) for t in texts)
                / len(texts),
                3,
            )
            for k in ("ele", "adv")
        },
    }
    sentences = corpus.cefr_sp(root)
    pairs = [(measure(text).reading_age, level) for text, level in sentences]
    by_level: dict[int, list[float]] = defaultdict(list)
    for age, level in pairs:
        by_level[round(level + 1e-9)].append(age)
    out["readability: CEFR-SP Wiki-Auto dev sentences"] = {
        "spearman(reading age, CEFR)": round(spearman([a for a, _ in pairs], [lv for _, lv in pairs]), 3),
        **{
            f"mean reading age, CEFR {'A1 A2 B1 B2 C1 C2'.split()[lv - 1]}": round(sum(v) / len(v), 1)
            for lv, v in sorted(by_level.items())
        },
        "n": len(pairs),
    }

    log("bench: leading wording and libel on BABE and PTC (proxies) …")
    leading, libel = LeadingQuestion(), LibelRisk()
    babe = corpus.babe(root)
    out["leading: BABE SG2 biased sentences (proxy)"] = prf(
        [y for _, y in babe], [int(bool(leading.check(t))) for t, _ in babe]
    )
    ptc = corpus.ptc_sentences(root)
    none = [t for t, techniques in ptc if not techniques]
    for technique, detector, label in (
        ("Loaded_Language", leading, "leading"),
        ("Name_Calling,Labeling", libel, "libel"),
    ):
        with_it = [t for t, techniques in ptc if technique in techniques]
        out[f"{label}: PTC sentences with {technique} (proxy)"] = {
            "flagged": round(sum(bool(detector.check(t)) for t in with_it) / len(with_it), 3),
            "n": len(with_it),
            "flagged, sentences with no technique": round(
                sum(bool(detector.check(t)) for t in none) / len(none), 3
            ),
            "n (no technique)": len(none),
        }
    out["libel: BABE SG2 news sentences"] = {
        "flagged": round(sum(bool(libel.check(t)) for t, _ in babe) / len(babe), 3),
        "n": len(babe),
    }
    return out


def spearman(x: list[float], y: list[float]) -> float:
    def ranks(v: list[float]) -> list[float]:
        order = sorted(range(len(v)), key=v.__getitem__)
        r = [0.0] * len(v)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = (i + j) / 2
            i = j + 1
        return r

    rx, ry = ranks(x), ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sx = sum((a - mx) ** 2 for a in rx) ** 0.5
    sy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (sx * sy) if sx and sy else 0.0
