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


def throughput(results: dict, meta: dict, cli: dict | None = None) -> list[str]:
    passes = meta.get("passes", 1)
    lines = [
        "## Throughput on one core: cold first",
        "",
        f"{meta['messages']:,} distinct messages (mean {meta['mean_chars']:.0f} characters): "
        + ", ".join(f"{k} {v}" for k, v in meta["composition"].items())
        + f". Each contestant in a fresh process pinned to core {meta['core']}; start-up (imports, loading, "
        "one call on a text that is not in the mix) is reported apart. **Cold** is the first pass over the "
        "messages, every one new to the process, as a live stream meets them: the figure the target is for. "
        f"**Warm** is the median of {passes} more pass{'es' if passes != 1 else ''} over the same messages, "
        "whose words the caches now hold (the batch row: the best of 3 batches after a cold one). Latency is "
        "per call (perf_counter_ns); memory is the process's peak RSS. CPU msgs/s counts this thread's CPU "
        "time only, so neighbours on a shared machine do not slow it. With the second stage on, start-up "
        "includes loading the sentence encoder (which a screen otherwise pays on the first message that "
        "needs it; its seconds are given below). Target for Harbour: ≥ 10,000 msgs/s cold with p99 < 5 ms.",
        "",
    ]
    harbour = results.get("harbour", {}).get("cold_msgs_per_s")
    rows = []
    for name, r in results.items():
        if "error" in r:
            rows.append([name, "–", "–", "–", "–", "–", "–", "–", "–", "–", r["error"]])
            continue
        cold = r.get("cold_msgs_per_s")
        ratio = f"{harbour / cold:.2f}×" if harbour and cold and name != "harbour" else ""
        rows.append(
            [
                name,
                _n(r["messages"]),
                _n(cold),
                _n(r.get("cold_cpu_msgs_per_s")),
                _n(r.get("cold_p99_ms"), 3),
                _n(r["msgs_per_s"]),
                _n(r.get("p50_ms"), 3),
                _n(r.get("p99_ms"), 3),
                _n(r["startup_s"], 2),
                _n(r.get("peak_rss_mb")),
                ratio,
            ]
        )
    lines += _table(
        [
            "contestant",
            "messages",
            "cold msgs/s",
            "cold msgs/s (CPU)",
            "cold p99 ms",
            "warm msgs/s",
            "warm p50 ms",
            "warm p99 ms",
            "start-up s",
            "peak MB",
            "Harbour's cold speed ÷ this",
        ],
        rows,
    )
    lines.append("")
    loads = [f"{name} {r['encoder_load_s']:.2f} s" for name, r in results.items() if r.get("encoder_load_s")]
    if loads:
        lines += ["Loading the sentence encoder, within start-up: " + ", ".join(loads) + ".", ""]
    if cli:
        lines += _cli(cli)
    return lines


def _cli(cli: dict) -> list[str]:
    lines = [
        (
            "**Through the command line** (a fresh process per run, pinned to the same core, output thrown "
            "away; timed from outside: wall time from starting the process to its exit; the median of each "
            "run's repeats). Start-up = one line alone; cold = N distinct lines, with the start-up and "
            "without it; warm = the time 2N lines (the N twice) take beyond N. The one-line start-up run "
            "loads the sentence encoder only if that line needs it, so with the second stage on the cold "
            "figure without start-up still holds the encoder's load (above) where the N lines need it."
        ),
        "",
    ]
    rows = []
    for name, r in cli.items():
        if "error" in r:
            rows.append([name, "–", "–", "–", "–", "–", "–", r["error"]])
            continue
        rows.append(
            [
                name,
                _n(r["messages"]),
                _n(r["cold_msgs_per_s_with_startup"]),
                _n(r["cold_msgs_per_s"]),
                _n(r.get("cold_cpu_msgs_per_s")),
                _n(r["msgs_per_s"]),
                _n(r["startup_s"], 2),
                f"`{r['command']}`",
            ]
        )
    lines += _table(
        [
            "run",
            "messages",
            "cold msgs/s, start-up included",
            "cold msgs/s, start-up apart",
            "cold msgs/s (CPU)",
            "warm msgs/s",
            "start-up s",
            "command",
        ],
        rows,
    )
    return lines + [""]


PEERS = ("harbour", "harbour, fast path only", "alt-profanity-check", "better-profanity")


def _f1(r: dict | None) -> str:
    if r is None:
        return "–"
    return r["error"] if "error" in r else f"{r['f1']:.3f} (P {r['precision']:.2f} R {r['recall']:.2f})"


def offensive(results: dict, kept: dict | None = None) -> list[str]:
    """The offensive-language table; with `kept` (the final run's kept-aside figures), each contestant's
    development and kept-aside F1 side by side, the peers on the same kept rows."""
    if "error" in results:
        return ["## Offensive language: F1, same rows", "", results["error"], ""]
    split = next((e["split"] for e in results.values() if "split" in e), "validation")
    title = f"## Offensive language: F1 on {split} splits, same rows"
    if kept is not None:
        title = (
            f"## Offensive language: F1 on development rows ({split}) and on the kept-aside part, same rows"
        )
    lines = [title, ""]
    lines.append(
        "Harbour = the full single-message screen, positive when any finding is profanity, insult, hate, "
        "bullying, sexual or violence; 'fast path only' is the same screen with no second stage. "
        "Evaluation-only sets (no shipped model trains on them) read every row not kept aside. "
        "better-profanity is slow, so it sees only the first n rows of the same sample. P/R/F1 for the "
        "positive class."
        + (
            " The test splits were never used to choose a threshold, weight or rule."
            if split == "test"
            else " The classifiers' thresholds were chosen on the trainable sets' validation splits."
        )
        + (
            " The kept-aside part (15% of each set's groups, set aside before the issue 19 work) was never "
            "trained, tuned or read for errors; it is run once."
            if kept is not None
            else ""
        )
    )
    lines.append("")
    present = [who for who in PEERS if any(who in e for e in results.values())]
    rows = []
    for key, e in results.items():
        if "error" in e:
            rows.append([key, e["error"]] + [""] * (len(present) * (2 if kept is not None else 1) + 1))
            continue
        k = kept.get(key, {}) if kept is not None else None
        cells = []
        for who in present:
            cells.append(_f1(e.get(who)))
            if k is not None:
                cells.append(k.get("error") or _f1(k.get(who)))
        trained = "yes" if e["trained_on_train_split"] else "no"
        n = e["harbour"].get("n", e["alt-profanity-check"].get("n", 0))
        size = f"{n:,} (bp {e['better-profanity'].get('n', 0):,})"
        if k is not None and "harbour" in k:
            size += f"; kept {k['harbour'].get('n', k['alt-profanity-check'].get('n', 0)):,}"
        rows.append([key, size, *cells, f"{trained}; {e['note']}"])
    names = {"harbour": "Harbour", "harbour, fast path only": "Harbour fast path"}
    header = []
    for who in present:
        if kept is None:
            header.append(f"{names.get(who, who)} F1")
        else:
            header += [f"{names.get(who, who)} F1, development", f"{names.get(who, who)} F1, kept"]
    lines += _table(
        ["set", "rows", *header, "a shipped model may train on its train split; note"],
        rows,
    )
    return lines + [""]


def side_by_side(title: str, development: dict, kept: dict, intro: str = "") -> list[str]:
    """Every figure of two runs of the same evaluate() (development rows; the kept-aside part) as one table
    per section: figure | development | kept. A figure one side lacks shows –."""
    lines = [f"## {title}", ""]
    if intro:
        lines += [intro, ""]
    dev_flat, kept_flat = _flatten(development), _flatten(kept)
    sections: dict[str, dict[str, tuple]] = {}
    for section, figure in dict.fromkeys([*dev_flat, *kept_flat]):
        sections.setdefault(section, {})[figure] = (
            dev_flat.get((section, figure)),
            kept_flat.get((section, figure)),
        )
    for section, figures in sections.items():
        if section:
            lines += [f"**{section}**", ""]
        lines += _table(
            ["figure", "development", "kept"], [[f, _n(d, 3), _n(k, 3)] for f, (d, k) in figures.items()]
        )
        lines.append("")
    return lines


def _flatten(d: dict, path: str = "") -> dict[tuple[str, str], object]:
    """{(section path, figure): scalar}: a dict of scalars is a section; one level of nesting under a
    section (a matrix row) becomes 'row: column' figures; lists show as their length."""
    out: dict[tuple[str, str], object] = {}
    for k, v in d.items():
        if isinstance(v, dict) and v and all(_is_scalar(x) for x in v.values()):
            for c, x in v.items():
                out[(path, f"{k}: {c}")] = x
        elif isinstance(v, dict):
            out.update(_flatten(v, f"{path} / {k}" if path else str(k)))
        elif isinstance(v, list | tuple):
            out[(path, str(k))] = f"[{len(v)} values]" if len(v) > 6 else ", ".join(map(str, v))
        else:
            out[(path, str(k))] = v
    return out


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
