"""Every string written in the screening tests (each detector's examples, evasions and hard negatives): a
corpus for the checks that must hold on all of them (wake conditions, the grooming prefilter)."""

from __future__ import annotations

import ast
from pathlib import Path

HERE = Path(__file__).parent


def _texts() -> list[str]:
    found: set[str] = set()
    for path in sorted(HERE.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and 2 < len(node.value) < 2000:
                found.add(node.value)
    return sorted(found)


TEXTS = _texts()
