"""Saved replies and privacy advice reach the platform one way: through harbour.moderation's act (its
checks, its record, its task). The replies app never calls a connector itself."""

import ast
from pathlib import Path

import harbour.replies

FORBIDDEN = ("harbour.connectors", "harbour.channels.connecting", "harbour.moderation.tasks")


def imports_in(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_replies_app_sends_only_through_moderation():
    root = Path(harbour.replies.__file__).parent
    found = {
        f"{path.relative_to(root)}: {name}"
        for path in root.rglob("*.py")
        for name in imports_in(path)
        if name.startswith(FORBIDDEN)
    }
    assert not found, f"send replies through harbour.moderation.services.act: {sorted(found)}"
    assert "harbour.moderation.services" in imports_in(root / "services.py")


def test_the_check_finds_a_connector_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from harbour.channels.connecting import connector_for\n", encoding="utf-8")
    assert any(name.startswith(FORBIDDEN) for name in imports_in(sample))
