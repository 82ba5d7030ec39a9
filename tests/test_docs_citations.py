"""The project's docs and code cite only what the project holds (issue 16).

Two kinds of citation go stale: a path to a file that was moved or never existed (`harbour/x.py`,
`docs/y.md`, `tests/z.py`), and the team's design notes, which do not ship with the project. Their rules
and checklists live in docs/safeguarding.md and docs/security.md; cite "docs/security.md I1" or
"docs/safeguarding.md rule 1" instead.

Scanned: README.md, docs/*.md, and the Python, Markdown and HTML files under harbour/ and tests/.
A path counts when it starts with one of the project's own top-level folders (so `var/...`, made at run
time, and paths relative to a package are not read as citations). Paths with placeholders (`<platform>`,
`...`) are skipped; a glob (`*.txt`) must match something.
"""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The design notes, by name. Written in pieces so that this file does not cite them itself.
NOTES = ("SAFEGUARDING", "SECURITY", "STACK", "PLATFORMS", "ARCHITECTURE", "STYLE", "PEERS", "DEVELOPERS")
NOTE_FILE = re.compile(r"\b(?:" + "|".join(NOTES) + r")\.md\b")
# The notes cited without ".md": "SECURITY I1", "SAFEGUARDING 1A", "STACK section 3". Code names such as
# PLATFORMS[...] or Role.SAFEGUARDING_LEAD never have a space and an id after them.
NOTE_ID = re.compile(r"\b(?:" + "|".join(NOTES) + r")(?: [A-MR]\d+\b| \d+[A-E]?\b| section\b| rules?\b)")

BACKTICKED = re.compile(r"`([^`\s]+)`")
BARE_DOC = re.compile(r"(?<![\w/.-])(docs/[\w.-]+\.md)\b")
MARKDOWN_LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
PLACEHOLDER = re.compile(r"[<>{}]|\.\.\.|…")
# In the docs, "`tests/x.py` (`test_a`, `test_b`)" names the tests that prove something: each must be there.
NAMED_TESTS = re.compile(r"`((?:tests|harbour)/[^`\s]+\.py)`\s+\(((?:`test_\w+`(?:,\s*)?)+)")


def tracked_files() -> list[str]:
    try:
        return subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):  # a copy without git: every file but the usual clutter
        skip = {".git", ".venv", ".tools", "node_modules", "var", "__pycache__", ".hypothesis"}
        return [
            path.relative_to(ROOT).as_posix()
            for path in ROOT.rglob("*")
            if path.is_file() and not skip.intersection(path.relative_to(ROOT).parts)
        ]


def top_level_folders(files: list[str]) -> set[str]:
    return {name.split("/", 1)[0] for name in files if "/" in name and not name.startswith(".")}


def scanned(files: list[str]) -> list[str]:
    def wanted(name: str) -> bool:
        if name == "README.md" or (
            name.startswith("docs/") and name.endswith(".md") and name.count("/") == 1
        ):
            return True
        return (
            name.startswith(("harbour/", "tests/"))
            and name.endswith((".py", ".md", ".html"))
            and "/vendor/" not in name
            and "/node_modules/" not in name
        )

    this_file = Path(__file__).resolve().relative_to(ROOT).as_posix()  # its examples are stale on purpose
    return sorted(name for name in files if wanted(name) and name != this_file and (ROOT / name).is_file())


def exists(path: str) -> bool:
    path = re.sub(r"(?:::\w+|:\d+(?:-\d+)?)$", "", path).rstrip(".,;:")
    if any(ch in path for ch in "*?["):
        return any(ROOT.glob(path))
    return (ROOT / path).exists()


def problems_in(name: str, text: str, roots: set[str]) -> list[str]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{name}:{number}"
        for match in NOTE_FILE.finditer(line):
            found.append(
                f"{where}: names a design note ({match.group(0)}); cite docs/security.md or docs/safeguarding.md"
            )
        for match in NOTE_ID.finditer(line):
            found.append(
                f"{where}: cites a design note ({match.group(0)!r}); cite docs/security.md or docs/safeguarding.md"
            )
        paths = [m.group(1) for m in BACKTICKED.finditer(line)] + [
            m.group(1) for m in BARE_DOC.finditer(line)
        ]
        for path in paths:
            if (
                path.split("/", 1)[0] in roots
                and "/" in path
                and not PLACEHOLDER.search(path)
                and not exists(path)
            ):
                found.append(f"{where}: {path} does not exist")
        if name.endswith(".md"):
            for target in (m.group(1) for m in MARKDOWN_LINK.finditer(line)):
                if "://" in target or target.startswith("mailto:") or PLACEHOLDER.search(target):
                    continue
                if not (ROOT / name).parent.joinpath(target).exists():
                    found.append(f"{where}: the link to {target} goes nowhere")
    if name.endswith(".md"):
        for match in NAMED_TESTS.finditer(text):
            path = ROOT / match.group(1)
            source = path.read_text(encoding="utf-8") if path.is_file() else ""
            for test in re.findall(r"`(test_\w+)`", match.group(2)):
                if not re.search(rf"^\s*(?:async )?def {test}\(", source, re.MULTILINE):
                    found.append(f"{name}: {match.group(1)} has no {test}")
    return found


def test_docs_and_code_cite_only_what_the_project_holds():
    files = tracked_files()
    roots = top_level_folders(files)
    problems = []
    for name in scanned(files):
        problems += problems_in(name, (ROOT / name).read_text(encoding="utf-8", errors="replace"), roots)
    assert not problems, "Stale citations:\n" + "\n".join(problems)


ROOTS = {"harbour", "tests", "docs"}


@pytest.mark.parametrize(
    "line",
    [
        "see `harbour/nowhere.py`",
        "as docs/nowhere.md says",
        "(" + "SECURITY" + ".md I1)",
        "(" + "SECURITY" + " H1)",
        "(" + "SAFEGUARDING" + " 1A)",
        "/usr/bin/chromium (" + "STACK" + " section 3)",
        "[the page](nowhere.md)",
        "`tests/*.nothing`",
        "proved by `tests/cast.py` (`test_that_was_renamed`)",
    ],
)
def test_a_stale_citation_is_found(line):
    assert problems_in("docs/example.md", line, ROOTS)


@pytest.mark.parametrize(
    "line",
    [
        "see `harbour/settings.py` and `tests/cast.py::make_member`",
        "as docs/security.md I1 and docs/safeguarding.md rule 1 say",
        "[architecture](architecture.md) and [Harbour](https://example.org/docs/x.md)",
        "`harbour/connectors/<platform>/` and `var/harbour.sqlite3` and `detectors/lexicons/*.txt`",
        "from harbour.connectors.registry import PLATFORMS; Role.SAFEGUARDING_LEAD; PLATFORMS[key]",
        "`tests/screening/test_*.py`",
    ],
)
def test_a_good_citation_passes(line):
    assert problems_in("docs/example.md", line, ROOTS) == []
