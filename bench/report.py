"""The results as Markdown tables (stdout and bench/results/latest.md)."""

from __future__ import annotations


def _n(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + [
        "| " + " | ".join(r) + " |" for r in rows
    ]


def throughput(results: dict, meta: dict) -> list[str]:
    passes = meta.get("passes", 1)
    lines = [
        "## Throughput on one core",
        "",
        f"{meta['messages']:,} messages (mean {meta['mean_chars']:.0f} characters): "
        + ", ".join(f"{k} {v}" for k, v in meta["composition"].items())
        + f". Each contestant in a fresh process pinned to core {meta['core']}; start-up includes imports and "
        f"the first call; after a warm-up on the first 50 messages, msgs/s is the median of {passes} timed "
        f"pass{'es' if passes != 1 else ''} over all the messages (the batch row: the best of 3 batches); "
        "latency is per call (perf_counter_ns) over every pass; memory is the process's peak RSS. "
        "Target for Harbour: ≥ 10,000 msgs/s with p99 < 5 ms.",
        "",
    ]
    firsts = [
        f"{name} {r['first_pass_msgs_per_s']:,.1f} msgs/s"
        for name, r in results.items()
        if r.get("first_pass_msgs_per_s") and r.get("passes", 1) > 1
    ]
    if firsts:
        lines += [
            "First pass alone, when most words are new to a contestant's caches: " + ", ".join(firsts) + ".",
            "",
        ]
    harbour = results.get("harbour", {}).get("msgs_per_s")
    rows = []
    for name, r in results.items():
        if "error" in r:
            rows.append([name, "–", "–", "–", "–", "–", "–", r["error"]])
            continue
        ratio = f"{harbour / r['msgs_per_s']:.2f}×" if harbour and name != "harbour" else ""
        rows.append(
            [
                name,
                _n(r["messages"]),
                _n(r["msgs_per_s"]),
                _n(r.get("p50_ms"), 3),
                _n(r.get("p99_ms"), 3),
                _n(r["startup_s"], 2),
                _n(r["peak_rss_mb"]),
                ratio,
            ]
        )
    lines += _table(
        [
            "contestant",
            "messages",
            "msgs/s",
            "p50 ms",
            "p99 ms",
            "start-up s",
            "peak MB",
            "Harbour's speed ÷ this",
        ],
        rows,
    )
    return lines + [""]


def offensive(results: dict) -> list[str]:
    if "error" in results:
        return ["## Offensive language: F1, same rows", "", results["error"], ""]
    split = next((e["split"] for e in results.values() if "split" in e), "validation")
    lines = [f"## Offensive language: F1 on {split} splits, same rows", ""]
    lines.append(
        "Harbour = the full single-message screen, positive when any finding is profanity, insult, hate, "
        "bullying, sexual or violence. better-profanity is slow, so it sees only the first n rows of the "
        "same sample. P/R/F1 for the positive class."
        + (
            " The test splits were never used to choose a threshold, weight or rule."
            if split == "test"
            else " The classifiers' thresholds were chosen on the trainable sets' validation splits."
        )
    )
    lines.append("")
    rows = []
    for key, e in results.items():
        if "error" in e:
            rows.append([key, e["error"], "", "", "", ""])
            continue
        cells = []
        for who in ("harbour", "alt-profanity-check", "better-profanity"):
            r = e[who]
            cells.append(
                r["error"] if "error" in r else f"{r['f1']:.3f} (P {r['precision']:.2f} R {r['recall']:.2f})"
            )
        trained = "yes" if e["trained_on_train_split"] else "no"
        n = e["harbour"].get("n", e["alt-profanity-check"]["n"])
        rows.append([key, f"{n:,} (bp {e['better-profanity']['n']:,})", *cells, f"{trained}; {e['note']}"])
    lines += _table(
        [
            "set",
            "rows",
            "Harbour F1",
            "alt-profanity-check F1",
            "better-profanity F1",
            "a shipped model may train on its train split; note",
        ],
        rows,
    )
    return lines + [""]


def _is_scalar(v) -> bool:
    return not isinstance(v, dict | list | tuple)


def _is_matrix(d: dict) -> bool:
    """{row: {column: scalar}}, two rows or more with much the same columns: shown as one table."""
    if len(d) < 2 or not all(
        isinstance(v, dict) and v and all(map(_is_scalar, v.values())) for v in d.values()
    ):
        return False
    columns = {c for row in d.values() for c in row}
    return len(columns) <= max(map(len, d.values())) + 2


def _sections(d: dict, path: str = "") -> list[tuple[str, dict]]:
    """Split nested results into (title, {key: scalar}) and (title, matrix) pieces, depth first."""
    out: list[tuple[str, dict]] = []
    scalars = {k: v for k, v in d.items() if _is_scalar(v) or isinstance(v, list | tuple)}
    if scalars:
        out.append((path, scalars))
    nested = {k: v for k, v in d.items() if isinstance(v, dict)}
    if _is_matrix(nested):
        out.append((path, nested))
    else:
        for k, v in nested.items():
            out.extend(_sections(v, f"{path} / {k}" if path else str(k)))
    return out


def figures(title: str, results: dict, intro: str = "") -> list[str]:
    lines = [f"## {title}", ""]
    if intro:
        lines += [intro, ""]
    for name, section in _sections(results):
        if name:
            lines += [f"**{name}**", ""]
        if all(isinstance(v, dict) for v in section.values()):
            columns = list(dict.fromkeys(c for row in section.values() for c in row))
            lines += _table(
                [""] + columns, [[k] + [_n(row.get(c), 3) for c in columns] for k, row in section.items()]
            )
        else:
            values = {
                k: (f"[{len(v)} values]" if isinstance(v, list | tuple) and len(v) > 6 else v)
                for k, v in section.items()
            }
            lines += _table(["figure", "value"], [[k, _n(v, 3)] for k, v in values.items()])
        lines.append("")
    return lines
