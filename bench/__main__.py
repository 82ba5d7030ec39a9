"""python -m bench: throughput and quality of Harbour's screening against its peers, in one run.

Writes a Markdown report to stdout and bench/results/latest.md, and the raw figures to latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import adversarial, corpus, ordinary, quality, report, throughput, uk_pii
from harbour.screening.training.data import KEPT_RUN_ENV

RESULTS = Path(__file__).parent / "results"
PARTS = ("throughput", "offensive", "models", "personal_info", "ordinary", "drafts", "adversarial")
NO_DATASETS = {"adversarial"}  # parts that read nothing from the shared datasets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--datasets", help="shared datasets folder (default: $HARBOUR_DATASETS or ../shared/datasets)"
    )
    parser.add_argument(
        "--messages", type=int, default=3000, help="messages in the throughput mix (default 3000)"
    )
    parser.add_argument(
        "--slow-messages",
        type=int,
        default=300,
        help="messages for slow peers (better-profanity), the first of the same mix (default 300)",
    )
    parser.add_argument("--quality-rows", type=int, default=1500, help="rows per set (default 1500)")
    parser.add_argument(
        "--split",
        choices=("validation", "test"),
        default="validation",
        help="split for the offensive-language comparison (default validation; test was never "
        "used to choose anything)",
    )
    parser.add_argument(
        "--slow-quality-rows", type=int, default=200, help="rows per set for better-profanity (default 200)"
    )
    parser.add_argument("--pii-rows", type=int, default=1500, help="presidio-synth sentences (default 1500)")
    parser.add_argument(
        "--passes",
        type=int,
        default=5,
        help="warm passes over the messages per contestant, after the cold one; warm msgs/s is their median "
        "(default 5)",
    )
    parser.add_argument(
        "--core", type=int, help="core to pin contestants to (default: the highest one allowed)"
    )
    parser.add_argument("--only", help=f"comma-separated subset of {', '.join(PARTS)}")
    parser.add_argument(
        "--kept",
        action="store_true",
        help="the final run: every figure also on the kept-aside part, beside the development figure "
        f"(sets {KEPT_RUN_ENV}=final for this run only; run it once, at the end of a piece of work)",
    )
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for latest.md and latest.json")
    args = parser.parse_args(argv)
    if args.passes < 1:
        parser.error("--passes: give at least 1")
    parts = args.only.split(",") if args.only else list(PARTS)
    if unknown := [p for p in parts if p not in PARTS]:
        parser.error(f"unknown part {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    root = corpus.datasets_root(args.datasets) if set(parts) - NO_DATASETS else None
    if not args.kept:
        return run(args, argv, parts, root)
    before = os.environ.get(KEPT_RUN_ENV)
    os.environ[KEPT_RUN_ENV] = "final"  # this run only: data.require_kept_run() lets the kept figures through
    try:
        return run(args, argv, parts, root)
    finally:
        if before is None:
            del os.environ[KEPT_RUN_ENV]
        else:
            os.environ[KEPT_RUN_ENV] = before


def evaluated(
    results: dict, name: str, evaluate, title: str, intro: str = "", *, kept: bool = False
) -> list[str]:
    """Run one part's evaluate(kept=False) into results[name] and, in a kept run, evaluate(kept=True) into
    results[f"{name} (kept)"]; the Markdown: the development figures, or both side by side."""
    results[name] = evaluate(False)
    if not kept:
        return report.figures(title, results[name], intro)
    results[f"{name} (kept)"] = evaluate(True)
    return report.side_by_side(
        title.replace("on development rows", "on development rows and on the kept-aside part"),
        results[name],
        results[f"{name} (kept)"],
        intro,
    )


def run(args: argparse.Namespace, argv: list[str] | None, parts: list[str], root: Path | None) -> int:

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    started = time.perf_counter()
    results: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "args": {k: str(v) for k, v in vars(args).items()},
    }
    md = [
        "# Harbour screening benchmark",
        "",
        f"{results['when']}, Python {results['python']}, {platform.processor() or results['machine']}. "
        "Command: `make bench"
        + (f" ARGS='{' '.join(argv or sys.argv[1:])}'" if (argv or sys.argv[1:]) else "")
        + "`. See bench/README.md for how the comparison is kept honest.",
        "",
    ]
    try:
        results["detectors"] = quality.registered()
        md += [
            "Registered detectors: "
            + ", ".join(
                f"{d['name']} ({d['category']}{', drafts only' if d['directions'] == ['outgoing'] else ''})"
                for d in results["detectors"]
            )
            + ".",
            "",
        ]
    except (ImportError, RuntimeError) as exc:  # RuntimeError: the registry's RegistryError
        md += [f"Harbour's screen cannot be built on this branch: {exc}", ""]
    if "throughput" in parts:
        core = args.core if args.core is not None else throughput.pick_core()
        mix = corpus.message_mix(root, args.messages, args.seed)
        meta = {
            "messages": len(mix.messages),
            "mean_chars": mix.mean_chars,
            "composition": mix.composition,
            "core": core,
            "passes": args.passes,
        }
        results["throughput"] = {
            "meta": meta,
            "results": throughput.run(
                mix.messages, core=core, slow_limit=args.slow_messages, passes=args.passes, log=log
            ),
            "cli": {
                "harbour screen --jsonl": throughput.cli(mix.messages, core=core, log=log),
                "harbour screen --jsonl --no-second-stage": throughput.cli(
                    mix.messages, core=core, second_stage=False, log=log
                ),
            },
        }
        md += report.throughput(results["throughput"]["results"], meta, results["throughput"]["cli"])
    if "offensive" in parts:

        def offensive(kept: bool) -> dict:
            return quality.offensive(
                root,
                rows=args.quality_rows,
                slow_rows=args.slow_quality_rows,
                seed=args.seed,
                split=args.split,
                kept=kept,
                log=log,
            )

        results["offensive"] = offensive(False)
        if args.kept:
            results["offensive (kept)"] = offensive(True)
        md += report.offensive(results["offensive"], results.get("offensive (kept)"))
    if "models" in parts:
        md += evaluated(
            results,
            "models",
            lambda kept: quality.models(root, kept=kept, log=log),
            "Per category: the training scripts' evaluate() on development rows",
            "Development rows: the trainable sets' validation splits, and every row not kept aside of the "
            "evaluation-only sets. Grooming: recall over conversations, messages before the alert, "
            "false-alert rate.",
            kept=args.kept,
        )
    if "personal_info" in parts:
        md += evaluated(
            results,
            "personal_info",
            lambda kept: uk_pii.evaluate(root, kept=kept, presidio_rows=args.pii_rows, log=log),
            "Personal information: recall by overlap on development rows (UK templates) and PII-free text",
            "presidio's templates refilled with Faker en_GB values (bench/uk_pii.py; the templates themselves are "
            "split into development and kept aside), the share of PII-free text flagged, and presidio's own "
            "synth_dataset_v2 (US formats) as before.",
            kept=args.kept,
        )
    if "ordinary" in parts:
        md += evaluated(
            results,
            "ordinary",
            lambda kept: ordinary.evaluate(root, kept=kept),
            "Ordinary text on development rows: share flagged per detector (false alarms)",
            "Synthetic customer-support and youth-service messages written by us (bench/ordinary.py: no personal "
            "details in any), and Formspring questions and answers (real teen Q&A, some do give details).",
            kept=args.kept,
        )
    if "drafts" in parts:
        results["drafts"] = quality.drafts(root, log=log)
        md += report.figures(
            "Outgoing drafts: readability, leading wording, libel risk",
            results["drafts"],
            "No public set labels leading questions or libel: BABE (media bias) and PTC (propaganda) are proxies, "
            "evaluation only, and news is not what these detectors are for. Readability is checked against "
            "OneStopEnglish's three levels and CEFR-SP's expert sentence levels (ESL levels, not UK reading ages).",
        )
    if "adversarial" in parts:
        results["adversarial"] = adversarial.run(log=log)
        md += adversarial.report(results["adversarial"])
    results["seconds"] = round(time.perf_counter() - started, 1)
    md.append(f"Run took {results['seconds']:.0f} s.")
    text = "\n".join(md) + "\n"
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.md").write_text(text, encoding="utf-8")
    (args.out / "latest.json").write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    log(f"bench: wrote {args.out / 'latest.md'} and latest.json")
    if results.get("adversarial", {}).get("broken"):
        log(f"bench: {len(results['adversarial']['broken'])} adversarial inputs break the linear-time bound")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
