"""Audit event types are declared once (harbour/audit/events.py, AuditEventType), as zulip declares its
AuditLogEventType: record() refuses any other at run time, and a walk over harbour/ finds every recording
call site whose type can be read from the code and checks it is declared, its detail keys too, so a typo
fails here even on a path no other test reaches. Every declared type is recorded somewhere (or reserved for
the next issue), and docs/audit.md lists each one with its label."""

import ast
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from harbour.audit.events import DETAIL_KEYS, RESERVED, AuditEventType
from harbour.audit.models import AuditEvent, RefusalBurst
from harbour.audit.services import record, record_refusal
from harbour.audit.templatetags.audit import audit_action

ROOT = Path(__file__).resolve().parent.parent
HARBOUR = ROOT / "harbour"

# The functions that record an event, and the position of the argument that names its type.
RECORDERS = {
    "harbour.audit.services.record": 0,
    "harbour.audit.services.record_refusal": 0,
    "harbour.accounts.access.refused_object": 1,
}
DYNAMIC = object()  # a value the walk cannot read from the code (a parameter): record() checks it at run time


class Site:
    def __init__(self, path: str, line: int, function: str, actions: set, detail_keys: set | None):
        self.path, self.line, self.function = path, line, function
        self.actions = actions  # strings, or DYNAMIC
        self.detail_keys = detail_keys  # None when the detail cannot be read from the code

    def __repr__(self):
        return f"{self.path}:{self.line}"


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _imported_names(tree: ast.Module, module: str) -> dict[str, str]:
    """Local name -> the dotted name it stands for, from imports and the module's own functions."""
    names = {node.name: f"{module}.{node.name}" for node in tree.body if isinstance(node, ast.FunctionDef)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            package = module.split(".")[: -node.level] if node.level else []  # `from .services import record`
            source = ".".join([*package, *([node.module] if node.module else [])])
            for alias in node.names:
                names[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                names[local] = alias.name if alias.asname else local
    return names


def _dotted(node: ast.AST, names: dict[str, str]) -> str | None:
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value, names)
        return f"{base}.{node.attr}" if base else None
    return None


def _assignments(scope: ast.AST, name: str) -> list[ast.AST]:
    """The values assigned to `name` in `scope` (unpacking a tuple of values included); DYNAMIC for an
    assignment whose value cannot be paired with the name."""
    values = []
    for node in ast.walk(scope):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if isinstance(target, ast.Name) and target.id == name:
                values.append(node.value)
            elif isinstance(target, ast.Tuple) and any(
                isinstance(e, ast.Name) and e.id == name for e in target.elts
            ):
                position = next(
                    i for i, e in enumerate(target.elts) if isinstance(e, ast.Name) and e.id == name
                )
                paired = isinstance(node.value, ast.Tuple) and len(node.value.elts) == len(target.elts)
                values.append(node.value.elts[position] if paired else DYNAMIC)
    return values


def _actions(node, scope, names) -> set:
    if node is DYNAMIC:
        return {DYNAMIC}
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _actions(node.body, scope, names) | _actions(node.orelse, scope, names)
    dotted = _dotted(node, names)
    if dotted and dotted.startswith("harbour.audit.events.AuditEventType."):
        member = dotted.rsplit(".", 1)[1]
        return {
            AuditEventType[member].value
            if member in AuditEventType.__members__
            else f"AuditEventType.{member}"
        }
    if isinstance(node, ast.Name):
        values = _assignments(scope, node.id) or _arguments_given(scope, node.id, names["<module>"])
        if values:
            return set().union(*(_actions(value, scope, names) for value in values))
    return {DYNAMIC}


def _arguments_given(function, parameter: str, module: ast.Module) -> list:
    """What this module's calls of `function` pass as `parameter` (a helper handed the type by its callers)."""
    if not isinstance(function, ast.FunctionDef):
        return []
    positions = [arg.arg for arg in function.args.args]
    if parameter not in positions:
        return []
    values = []
    for node in ast.walk(module):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == function.name:
            given = [k.value for k in node.keywords if k.arg == parameter]
            position = positions.index(parameter)
            given += node.args[position : position + 1]
            values += given or [DYNAMIC]
    return values


def _dict_keys(node, scope, names, functions) -> set | None:
    """The keys a detail can have, or None when the walk cannot tell."""
    if node is None:
        return set()
    if isinstance(node, ast.Dict):
        if not all(isinstance(k, ast.Constant) for k in node.keys):
            return None
        return {k.value for k in node.keys}
    if isinstance(node, ast.IfExp):
        body, orelse = (
            _dict_keys(node.body, scope, names, functions),
            _dict_keys(node.orelse, scope, names, functions),
        )
        return None if body is None or orelse is None else body | orelse
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions:
        returns = [
            n.value for n in ast.walk(functions[node.func.id]) if isinstance(n, ast.Return) and n.value
        ]
        found = [_dict_keys(value, functions[node.func.id], names, functions) for value in returns]
        return None if not found or None in found else set().union(*found)
    if isinstance(node, ast.Name):
        values = _assignments(scope, node.id)
        if not values or DYNAMIC in values:
            return None
        found = [_dict_keys(value, scope, names, functions) for value in values]
        if None in found:
            return None
        added = {
            n.targets[0].slice.value
            for n in ast.walk(scope)
            if isinstance(n, ast.Assign)
            and isinstance(n.targets[0], ast.Subscript)
            and isinstance(n.targets[0].value, ast.Name)
            and n.targets[0].value.id == node.id
            and isinstance(n.targets[0].slice, ast.Constant)
        }
        return set().union(*found) | added
    return None


def recording_sites(source: str, path: str, module: str) -> list[Site]:
    tree = ast.parse(source)
    names = _imported_names(tree, module) | {"<module>": tree}
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    sites = []

    def visit(node, scope, function):
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else scope
            name = child.name if inner is child else function
            if isinstance(child, ast.Call):
                recorder = _dotted(child.func, names)
                if recorder in RECORDERS:
                    position = RECORDERS[recorder]
                    action = child.args[position] if len(child.args) > position else DYNAMIC
                    detail = next((k.value for k in child.keywords if k.arg == "detail"), None)
                    keys = (
                        _dict_keys(detail, scope, names, functions) if recorder.endswith(".record") else set()
                    )
                    sites.append(Site(path, child.lineno, name, _actions(action, scope, names), keys))
            visit(child, inner, name)

    visit(tree, tree, "")
    return sites


def all_sites() -> list[Site]:
    sites = []
    for path in sorted(HARBOUR.rglob("*.py")):
        if "tests" in path.relative_to(HARBOUR).parts or "migrations" in path.parts:
            continue
        sites += recording_sites(path.read_text(), str(path.relative_to(ROOT)), _module_name(path))
    return sites


def written_by_migrations() -> set[str]:
    """Types a migration writes itself (AuditEvent(action="..."))."""
    found = set()
    for path in HARBOUR.glob("*/migrations/*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                        found.add(keyword.value.value)
    return found


DECLARED = {t.value for t in AuditEventType}


def test_the_walk_finds_the_recording_sites():
    sites = all_sites()
    assert len(sites) > 60
    found = set().union(*(site.actions for site in sites))
    # literals, enum members, conditional choices and a tuple unpacked in the refusal middleware
    assert {"channel.proposed", "audit.exported", "session.ended_by_manager", "security.forbidden"} <= found


def test_every_type_the_code_records_is_declared():
    undeclared = [
        (site, action)
        for site in all_sites()
        for action in site.actions
        if action is not DYNAMIC and action not in DECLARED
    ]
    assert not undeclared, f"declare these in AuditEventType (harbour/audit/events.py): {undeclared}"


def test_the_walk_reports_an_undeclared_type():
    source = """
from harbour.audit.services import record
from harbour.audit import services as audit
from .services import record_refusal
from harbour.audit.events import AuditEventType

def change(x):
    record("channel.aproved", detail={"comments": "", "message_text": x})
    action = "channel.updated" if x else "chanel.retired"
    audit.record(action)
    record(AuditEventType.CHANNEL_APROVED)
    record(x)

def _mark(channel, mark):
    record(mark, obj=channel)

def seed(channel):
    _mark(channel, "channel.demo_seded")
    _mark(channel, mark=AuditEventType.CHANNEL_DEMO_SEEDED)
    record_refusal("security.forbiden")
"""
    sites = recording_sites(source, "example.py", "harbour.audit.example")
    found = [sorted(a for a in site.actions if a is not DYNAMIC) for site in sites]
    assert found == [
        ["channel.aproved"],
        ["chanel.retired", "channel.updated"],
        ["AuditEventType.CHANNEL_APROVED"],
        [],
        ["channel.demo_seded", "channel.demo_seeded"],
        ["security.forbiden"],
    ]
    assert sites[0].detail_keys - DETAIL_KEYS.keys() == {"message_text"}


def test_every_declared_type_is_recorded_somewhere_or_reserved():
    recorded = set().union(*(site.actions for site in all_sites())) | written_by_migrations()
    unused = sorted(DECLARED - recorded - {t.value for t in RESERVED})
    assert not unused, (
        f"nothing records these: remove them from AuditEventType, or add them to RESERVED: {unused}"
    )
    reserved_but_used = sorted({t.value for t in RESERVED} & recorded)
    assert not reserved_but_used, f"these are recorded now: take them out of RESERVED: {reserved_but_used}"


def test_every_detail_key_the_code_writes_is_declared():
    undeclared = [
        (site, sorted(site.detail_keys - DETAIL_KEYS.keys()))
        for site in all_sites()
        if site.detail_keys and site.detail_keys - DETAIL_KEYS.keys()
    ]
    assert not undeclared, (
        f"add to DETAIL_KEYS (harbour/audit/events.py), never a text someone wrote: {undeclared}"
    )


def test_types_and_labels_are_each_declared_once():
    labels = [t.label for t in AuditEventType]
    assert len(set(labels)) == len(labels)
    # The filter lists every label: one longer than this makes the audit page wider than a phone.
    assert max(len(label) for label in labels) <= 30
    assert all(re.fullmatch(r"[a-z_]+(\.[a-z_]+)?", t.value) and len(t.value) <= 80 for t in AuditEventType)
    assert audit_action("channel.approved") == "Channel approved"


@pytest.mark.django_db
def test_record_refuses_an_undeclared_type_and_writes_nothing(org):
    with pytest.raises(ValueError, match="not a declared audit event type"):
        record("channel.aproved", organisation=org)
    assert not AuditEvent.objects.exists()
    event = record(AuditEventType.CHANNEL_APPROVED, organisation=org)
    assert event.action == "channel.approved" and type(event.action) is str
    assert (
        record("channel.approved", organisation=org).action == "channel.approved"
    )  # stored values as before


@pytest.mark.django_db
def test_record_refusal_refuses_an_undeclared_type(rf, viewer, org):
    request = rf.get("/")
    request.user = viewer.user
    with pytest.raises(ValueError, match="not a declared audit event type"):
        record_refusal("security.forbiden", request=request, organisation=org, detail={"path": "/"})
    assert not AuditEvent.objects.exists() and not RefusalBurst.objects.exists()


def test_docs_list_every_type_with_its_label():
    docs = (ROOT / "docs" / "audit.md").read_text()
    out = io.StringIO()
    call_command("audit", "event-types", stdout=out)
    assert out.getvalue() in docs, "paste the output of `harbour audit event-types` into docs/audit.md"
    rows = re.findall(r"^\| `([a-z_.]+)` \| (.+?) \|$", docs, flags=re.MULTILINE)
    listed = dict(rows)
    assert len(listed) == len(rows), "a type is listed twice in docs/audit.md"
    missing = sorted(DECLARED - listed.keys())
    assert not missing, f"add these to the event types in docs/audit.md: {missing}"
    stale = sorted(listed.keys() - DECLARED)
    assert not stale, f"docs/audit.md lists types AuditEventType does not declare: {stale}"
    wrong = {value: label for value, label in listed.items() if AuditEventType(value).label != label}
    assert not wrong, f"docs/audit.md gives these a label other than AuditEventType's: {wrong}"
