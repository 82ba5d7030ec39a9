"""Tests import the shared cast and helpers one way: `from tests.cast import ...` (tests/cast.py), and anything
else of the test tree by its full dotted name (`from tests.inbox import inbox_sources`). A conftest.py holds
fixtures and is never imported; a `*_helpers` module, a relative import or a folder without an __init__.py (which
makes pytest put the folder itself on sys.path, so bare names resolve by accident) is a second way coming back."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def python_files(root: Path) -> list[Path]:
    files = [*root.glob("tests/**/*.py"), *root.glob("harbour/**/tests/**/*.py")]
    return sorted(p for p in files if "recorded" not in p.relative_to(root).parts)


def names_in_the_test_tree(root: Path) -> set[str]:
    """Names of modules and folders in the test tree that nothing outside it answers to (tests/bench is
    also the repository's bench package)."""
    inside = {p.stem for p in (root / "tests").rglob("*.py")} | {p.name for p in (root / "tests").rglob("*/")}
    return {name for name in inside if not (root / name).exists() and not (root / f"{name}.py").exists()}


def wrong_imports(root: Path) -> list[str]:
    problems = []
    bare = names_in_the_test_tree(root)
    for path in python_files(root):
        where = path.relative_to(root)
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
                if node.level:
                    problems.append(f"{where}:{node.lineno}: relative import; write `from tests.… import`")
                    continue
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                last = module.rpartition(".")[2]
                if module.partition(".")[0] in bare:
                    problems.append(f"{where}:{node.lineno}: imports {module} by a bare name; write tests.…")
                elif last == "conftest":
                    problems.append(
                        f"{where}:{node.lineno}: imports {module}; import from tests.cast instead"
                    )
                elif last.endswith("_helpers"):
                    problems.append(
                        f"{where}:{node.lineno}: imports {module}; the helpers live in tests.cast"
                    )
    return problems


def folders_outside_the_package(root: Path) -> list[str]:
    return sorted(
        str(folder.relative_to(root))
        for folder in {p.parent for p in python_files(root)}
        if not (folder / "__init__.py").exists()
    )


def test_tests_import_the_cast_one_way():
    assert wrong_imports(ROOT) == []


def test_every_test_folder_is_a_package():
    assert folders_outside_the_package(ROOT) == []


def test_the_checks_see_a_second_way(tmp_path):
    (tmp_path / "tests" / "inbox").mkdir(parents=True)
    (tmp_path / "tests" / "__init__.py").write_text("")
    (tmp_path / "tests" / "inbox" / "test_x.py").write_text(
        "from conftest import sign_in\n"
        "from tests.conftest import PASSWORD\n"
        "def test():\n"
        "    from inbox_helpers import active_channel\n"
        "import tests.channels.channel_helpers\n"
        "from .servers import free_port\n"
        "from tests.cast import make_member\n"
        "from test_y import helper\n"
        "import inbox_sources\n"
        "from bench import corpus\n"
    )
    (tmp_path / "tests" / "inbox" / "test_y.py").write_text("")
    (tmp_path / "tests" / "inbox" / "inbox_sources.py").write_text("")
    (tmp_path / "tests" / "bench").mkdir()
    (tmp_path / "bench").mkdir()
    assert [line.split(": ", 1)[0] for line in wrong_imports(tmp_path)] == [
        f"tests/inbox/test_x.py:{n}" for n in (1, 2, 5, 6, 8, 9, 4)
    ]
    assert folders_outside_the_package(tmp_path) == ["tests/inbox"]
    assert names_in_the_test_tree(tmp_path) >= {"test_x", "inbox_sources", "inbox"}
