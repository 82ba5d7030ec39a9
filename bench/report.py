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
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + ["| " + " | ".join(r) + " |" for r in rows]


def throughput(results: dict, meta: dict) -> list[str]:
    lines = [
        "## Throughput on one core",
        "",
        f"{meta['messages']:,} messages (mean {meta['mean_chars']:.0f} characters): "
        + ", ".join(f"{k} {v}" for k, v in meta["composition"].items())
        + f". Each contestant in a fresh process pinned to core {meta['core']}; start-up includes imports and "
        "the first call; latency is per call (perf_counter_ns); memory is the process's peak RSS. "
        "Target for Harbour: ≥ 10,000 msgs/s with p99 < 5 ms.",
        "",
    ]
    harbour = results.get("harbour", {}).get("msgs_per_s")
    rows = []
    for name, r in results.items():
        if "error" in r:
            rows.append([name, "–", "–", "–", "–", "–", "–", r["error"]])
            continue
        ratio = f"{harbour / r['msgs_per_s']:.2f}×" if harbour and name != "harbour" else ""
        rows.append([
            name, _n(r["messages"]), _n(r["msgs_per_s"]), _n(r.get("p50_ms"), 3), _n(r.get("p99_ms"), 3),
            _n(r["startup_s"], 2), _n(r["peak_rss_mb"]), ratio,
        ])
    lines += _table(["contestant", "messages", "msgs/s", "p50 ms", "p99 ms", "start-up s", "peak MB",
                     "Harbour's speed ÷ this"], rows)
    return lines + [""]


def offensive(results: dict) -> list[str]:
    lines = ["## Offensive language: F1 on validation splits, same rows", ""]
    if "error" in results:
        return lines + [results["error"], ""]
    lines.append("Harbour = the full single-message screen, positive when any finding is profanity, insult, hate, "
                 "bullying, sexual or violence. better-profanity is slow, so it sees only the first n rows of the "
                 "same sample. P/R/F1 for the positive class.")
    lines.append("")
    rows = []
    for key, e in results.items():
        if "error" in e:
            rows.append([key, e["error"], "", "", "", ""])
            continue
        cells = []
        for who in ("harbour", "alt-profanity-check", "better-profanity"):
            r = e[who]
            cells.append(r["error"] if "error" in r else f"{r['f1']:.3f} (P {r['precision']:.2f} R {r['recall']:.2f})")
        trained = "yes" if e["trained_on_train_split"] else "no"
        rows.append([key, f"{e['harbour'].get('n', e['alt-profanity-check']['n']):,} "
                          f"(bp {e['better-profanity']['n']:,})", *cells, f"{trained}; {e['note']}"])
    lines += _table(["set", "rows", "Harbour F1", "alt-profanity-check F1", "better-profanity F1",
                     "Harbour trained on its train split; note"], rows)
    return lines + [""]


def _flat(d: dict, prefix: str = "") -> list[tuple[str, object]]:
    out = []
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.extend(_flat(v, key + " / "))
        elif isinstance(v, list | tuple) and len(v) > 6:
            out.append((key, f"[{len(v)} values]"))
        else:
            out.append((key, v))
    return out


def figures(title: str, results: dict, intro: str = "") -> list[str]:
    lines = [f"## {title}", ""]
    if intro:
        lines += [intro, ""]
    if "error" in results and len(results) == 1:
        return lines + [results["error"], ""]
    rows = []
    for section, values in results.items():
        if not isinstance(values, dict):
            rows.append([section, "", _n(values, 3)])
            continue
        for key, value in _flat(values):
            rows.append([section, key, _n(value, 3)])
    return lines + _table(["part", "figure", "value"], rows) + [""]
