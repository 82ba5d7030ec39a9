"""Which Harbour module imports which, read from the source with ast (imports inside functions too).

- No import cycle anywhere in harbour/: ingest.py once imported the inbox's tasks inside its functions
  while tasks.py imported ingest (issue 16). A cycle hidden in a function still ties the two modules
  into one; pass what one needs from the other, or return it, instead.
- channels imports nothing from the inbox: the inbox is built on channels (items belong to a channel),
  not the other way round.
- harbour.jobs imports no app above it (outside its commands, which are entry points): apps hand it
  their tasks and due work by dotted path, so that inbox, publishing and takedowns can all use it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "harbour"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The harbour modules that `name` imports, anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # `from harbour.inbox import ingest` imports the module harbour.inbox.ingest.
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {module for module in found if module in known and module != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imported(name, path, set(known)) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def imports_from(
    edges: dict[str, set[str]], importer: str, imported_package: str, *, except_under=()
) -> list[str]:
    return sorted(
        f"{name} imports {target}"
        for name, targets in edges.items()
        if (name == importer or name.startswith(importer + "."))
        and not any(name.startswith(prefix) for prefix in except_under)
        for target in targets
        if target == imported_package or target.startswith(imported_package + ".")
    )


def test_no_module_imports_itself_round_a_cycle():
    assert cycles(graph()) == []


def test_channels_import_nothing_from_the_inbox():
    assert imports_from(graph(), "harbour.channels", "harbour.inbox") == []


@pytest.mark.parametrize("app", ["harbour.inbox", "harbour.channels", "harbour.console", "harbour.accounts"])
def test_jobs_import_no_app_above_them(app):
    assert imports_from(graph(), "harbour.jobs", app, except_under=("harbour.jobs.management.",)) == []


def test_the_graph_finds_imports_inside_functions_and_relative_ones():
    """The reader itself: a cycle through a function-level or relative import is still seen."""
    edges = graph()
    assert "harbour.inbox.ingest" in edges["harbour.inbox.tasks"]
    assert "harbour.jobs.celery" in edges["harbour.jobs.management.commands.worker"]  # inside run_celery()
    assert "harbour.channels.views" in edges["harbour.channels.urls"]  # `from . import views`
    planted = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(planted) == [["a", "b", "c"]]
