"""An item's deadline is set in one place: ingest (harbour/inbox/ingest.py `_deadline`), from the screening
engine's needs-reply signal and the channel's promised response time. This walk fails on a second place
that writes `needs_reply` or `due_at` (an assignment, a create or update keyword, a dict of values), so a
page or service cannot make its own deadlines that the overdue queue and the response times would disagree
with."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {"needs_reply", "due_at"}
WRITERS = {"create", "update", "get_or_create", "update_or_create", "Item"}
ALLOWED = {Path("harbour/inbox/ingest.py"), Path("harbour/inbox/models.py")}


def writes(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            lines += [t.lineno for t in targets if isinstance(t, ast.Attribute) and t.attr in FIELDS]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in WRITERS:
                lines += [k.value.lineno for k in node.keywords if k.arg in FIELDS]
        elif isinstance(node, ast.Dict):
            lines += [k.lineno for k in node.keys if isinstance(k, ast.Constant) and k.value in FIELDS]
    return lines


def test_only_ingest_sets_an_items_deadline():
    found = []
    for path in sorted((ROOT / "harbour").rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative in ALLOWED or "migrations" in relative.parts:
            continue
        found += [f"{relative}:{line}" for line in writes(ast.parse(path.read_text(encoding="utf-8")))]
    assert not found, f"needs_reply or due_at written outside harbour/inbox/ingest.py: {found}"


def test_the_walk_finds_each_kind_of_write():
    source = """
item.due_at = now
Item.objects.filter(pk=1).update(needs_reply=True)
Item(due_at=now)
Item.objects.create(needs_reply=False)
values = {"due_at": None}
Item.objects.filter(needs_reply=True, due_at__lt=now)  # a read: fine
"""
    assert sorted(writes(ast.parse(source))) == [2, 3, 4, 5, 6]
