"""The PostgreSQL pass of `make test` leaves out no test module that uses the database.

Which modules use it is read here from their source, apart from tests/plugin.py's marking: a test that asks for
a database fixture (`db`, `transactional_db`...) or one of the shared cast's (`org`, `manager`, ..., see
tests/conftest.py), or a module that names the django_db or database mark. The pass itself is the pytest line
of the Makefile's `test` target, collected here without starting a cluster (collecting touches no database)."""

import ast
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATABASE_PARAMETERS = {
    "db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "django_db_setup",
    "live_server",
    # the shared cast (tests/conftest.py), each made in the database
    "org", "other_org", "manager", "dsl", "moderator", "author", "reviewer", "viewer", "outsider", "members",
    "client_for",
}  # fmt: skip


def postgres_pass_arguments(makefile: str) -> list[str]:
    """The arguments of the `test` target's `HARBOUR_TEST_DATABASE=postgres ... pytest` line."""
    text = makefile.replace("\\\n", " ")
    lines = [
        line for line in text.splitlines() if "HARBOUR_TEST_DATABASE=postgres" in line and "pytest" in line
    ]
    assert len(lines) == 1, f"expected one PostgreSQL pytest line in the Makefile, found {lines}"
    return shlex.split(re.split(r"\bpytest\b", lines[0], maxsplit=1)[1])


def modules_using_the_database(root: Path) -> set[str]:
    found = set()
    for path in [*root.glob("tests/**/test_*.py"), *root.glob("harbour/**/tests/test_*.py")]:
        source = path.read_text("utf-8")
        if "mark.browser" in source:
            continue  # the pass leaves the browser tests out on purpose
        functions = {
            node.name: {a.arg for a in node.args.args}
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef)
        }
        # A fixture of the module's own shadows the shared one of that name, and uses the database if it asks for it.
        database = DATABASE_PARAMETERS - functions.keys()
        while grown := {name for name, asks in functions.items() if asks & database} - database:
            database |= grown
        tests = [asks for name, asks in functions.items() if name.startswith("test")]
        if "django_db" in source or "mark.database" in source or any(asks & database for asks in tests):
            found.add(str(path.relative_to(root)))
    return found


def collected(arguments: list[str]) -> set[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("HARBOUR_TEST_DATABASE", "PYTEST_ADDOPTS")}
    run = subprocess.run(        [sys.executable, "-m", "pytest", "--collect-only", "-qq", *arguments],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return {line.split(":")[0] for line in run.stdout.splitlines() if re.match(r"^\S+\.py: \d+$", line)}


@pytest.mark.slow
def test_the_postgres_pass_runs_every_module_that_uses_the_database():
    arguments = postgres_pass_arguments((ROOT / "Makefile").read_text())
    missing = modules_using_the_database(ROOT) - collected(arguments)
    assert not missing, f"the PostgreSQL pass ({' '.join(arguments)}) leaves out {sorted(missing)}"


def test_the_makefile_line_is_read_whole():
    makefile = 'test:\n\tpytest -q\n\tHARBOUR_TEST_DATABASE=postgres $(VENV)/bin/pytest -q -m "not browser" \\\n\t\t--ignore=a\n'
    assert postgres_pass_arguments(makefile) == ["-q", "-m", "not browser", "--ignore=a"]


def test_a_module_asking_for_the_cast_uses_the_database(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text("def test_one(client, org):\n    pass\n")
    (tmp_path / "tests" / "test_b.py").write_text("def test_two(settings):\n    pass\n")
    (tmp_path / "tests" / "test_c.py").write_text("import pytest\npytestmark = pytest.mark.django_db\n")
    (tmp_path / "tests" / "test_d.py").write_text(
        "def org(server):\n    pass\ndef test_four(org):\n    pass\n"
    )
    (tmp_path / "tests" / "test_e.py").write_text(
        "def channel(org):\n    pass\ndef test_five(channel):\n    pass\n"
    )
    assert modules_using_the_database(tmp_path) == {"tests/test_a.py", "tests/test_c.py", "tests/test_e.py"}
