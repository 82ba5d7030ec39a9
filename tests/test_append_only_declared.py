"""One way to keep a table append-only with triggers (harbour/lib/append_only.py): an app declares an
AppendOnly; nothing else patches the test flush or installs triggers of its own."""

import ast
from pathlib import Path

import harbour
from harbour.audit.triggers import TRIGGERS as AUDIT
from harbour.lib import append_only
from harbour.moderation.triggers import TRIGGERS as MODERATION

ROOT = Path(harbour.__file__).parent


def test_every_append_only_table_is_declared_once():
    declared = append_only._DECLARED
    assert AUDIT in declared and MODERATION in declared
    tables = [t for d in declared for t in d.tables]
    assert len(tables) == len(set(tables))


def test_nothing_else_patches_the_flush_or_defines_its_own_installer():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if path == ROOT / "lib" / "append_only.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in (
                "let_tests_flush",
                "install_sqlite",
                "reinstall_after_migrate",
            ):
                offenders.append(f"{path.relative_to(ROOT)}: def {node.name}")
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "sql_flush"
                and isinstance(node.ctx, ast.Store)
            ):
                offenders.append(f"{path.relative_to(ROOT)}: assigns sql_flush")
    assert offenders == []
