"""python -m harbour.screening.training [--datasets PATH] [--only abuse,hate,...]: rebuild the model files."""

from __future__ import annotations

import argparse
import json

from harbour.screening.training import abuse, bullying, grooming, hate, second_stage, sexual
from harbour.screening.training.data import datasets_path

# second_stage after the linear models: its bands are chosen on their scores as just written. grooming: the
# tracker's exemplar and ordinary-text vectors (training/grooming.py --build).
SCRIPTS = {
    "abuse": abuse.main,
    "hate": hate.main,
    "bullying": bullying.main,
    "sexual": sexual.main,
    "second_stage": second_stage.main,
    "grooming": grooming.build,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m harbour.screening.training", description=__doc__)
    parser.add_argument(
        "--datasets", help="folder of the shared datasets (default: $HARBOUR_DATASETS or ../shared/datasets)"
    )
    parser.add_argument("--only", help=f"comma-separated subset of {', '.join(SCRIPTS)}")
    args = parser.parse_args(argv)
    root = datasets_path(args.datasets)
    names = args.only.split(",") if args.only else list(SCRIPTS)
    unknown = [n for n in names if n not in SCRIPTS]
    if unknown:
        parser.error(f"unknown model {', '.join(unknown)}; choose from {', '.join(SCRIPTS)}")
    summary = {name: SCRIPTS[name](root) for name in names}
    print(
        json.dumps(
            {
                n: {
                    k: m[k]
                    for k in ("name", "threshold", "high", "C", "validation_macro_f1", "heads")
                    if k in m
                }
                for n, m in summary.items()
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
