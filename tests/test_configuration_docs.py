"""docs/configuration.md lists every environment variable settings.py reads, and nothing it does not."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS_ONLY = {"HARBOUR_TEST_DATABASE", "HARBOUR_DATASETS"}


def test_every_variable_is_documented_once():
    read = set(re.findall(r'env_\w+\(\s*"([A-Z][A-Z0-9_]+)"', (ROOT / "harbour" / "settings.py").read_text()))
    docs = (ROOT / "docs" / "configuration.md").read_text()
    rows = re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", docs, flags=re.MULTILINE)
    missing = sorted(read - set(rows))
    assert not missing, f"add these to docs/configuration.md: {missing}"
    stale = sorted(set(rows) - read - TOOLS_ONLY)
    assert not stale, f"docs/configuration.md lists variables settings.py no longer reads: {stale}"
    assert len(rows) == len(set(rows)), "a variable is listed twice in docs/configuration.md"
