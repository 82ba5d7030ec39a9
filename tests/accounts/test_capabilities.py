"""The capability table (harbour/accounts/capabilities.py) is the one place that says who may do what."""

import ast
import re
from pathlib import Path

import pytest

from harbour.accounts.access import TRAINING_FOR, member_required
from harbour.accounts.capabilities import ROLES_FOR, Capability, Role, capabilities_of, role_can
from harbour.accounts.models import Membership
from harbour.accounts.training import member_training, required_permissions

HARBOUR = Path(__file__).resolve().parents[2] / "harbour"
TABLE = HARBOUR / "accounts" / "capabilities.py"


def test_every_capability_has_roles_and_every_role_a_capability():
    assert set(ROLES_FOR) == set(Capability), "give every Capability a line in ROLES_FOR"
    for capability, roles in ROLES_FOR.items():
        assert roles, f"{capability} has no roles"
        assert roles <= set(Role), f"{capability} names a role that does not exist"
    for role in Role:
        assert capabilities_of(role), f"the {role.label} role can do nothing"


def test_training_requirements_are_named_by_capabilities():
    assert set(TRAINING_FOR) <= set(Capability)
    assert {Capability.MODERATE, Capability.APPROVE, Capability.HANDLE_CONCERNS} <= set(TRAINING_FOR)


@pytest.mark.parametrize(
    ("role", "capability", "can"),
    [
        (Role.MANAGER, Capability.MANAGE_TEAM, True),
        (Role.SAFEGUARDING_LEAD, Capability.MANAGE_TEAM, False),
        (Role.SAFEGUARDING_LEAD, Capability.HANDLE_CONCERNS, True),
        (Role.MODERATOR, Capability.VIEW_INBOX, True),
        (Role.MODERATOR, Capability.READ_EVERY_CHANNEL, False),
        (Role.AUTHOR, Capability.PROPOSE_CHANNELS, True),
        (Role.AUTHOR, Capability.BE_NAMED_MODERATOR, False),
        (Role.VIEWER, Capability.VIEW_CHANNELS, True),
        (Role.VIEWER, Capability.PROPOSE_CHANNELS, False),
        (Role.REVIEWER, Capability.APPROVE, True),
        (Role.REVIEWER, Capability.READ_AUDIT, False),
    ],
)
def test_role_can(role, capability, can):
    assert role_can(role, capability) is can
    assert Membership(role=role, is_active=True).can(capability) is can


def test_a_deactivated_membership_can_do_nothing():
    assert not Membership(role=Role.MANAGER, is_active=False).can(Capability.MANAGE_TEAM)


def test_a_capability_not_in_the_table_is_refused_at_import():
    with pytest.raises(ValueError):
        member_required("manage_everything")


# The structural rule: nothing outside the table compares a role. A new check names a capability.
ALLOWED: dict[str, str] = {
    "accounts/models.py": "MembershipQuerySet.able_to is the table's own query: role__in the table's roles",
}
QUERIES = {"filter", "exclude", "get"}


def _names_role(node) -> bool:
    """`x.role`, a role (Role.MANAGER), a tuple of roles, or a constant of them (CHANNEL_ROLES)."""
    if isinstance(node, ast.Attribute):
        is_member = isinstance(node.value, ast.Name) and node.value.id == "Role" and node.attr.isupper()
        return node.attr == "role" or is_member or node.attr.endswith("_ROLES")
    if isinstance(node, ast.Name):
        return node.id.endswith("_ROLES")
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_names_role(element) for element in node.elts)
    return False


def role_checks(source: str) -> list[int]:
    """Line numbers of comparisons with a role, and of queries that filter on one."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        compares = isinstance(node, ast.Compare) and any(
            _names_role(side) for side in [node.left, *node.comparators]
        )
        filters = (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in QUERIES
            and any(keyword.arg in ("role", "role__in") for keyword in node.keywords)
        )
        if compares or filters:
            lines.append(node.lineno)
    return lines


def test_role_checks_finds_each_way_of_comparing_a_role():
    bad = [
        "ok = membership.role == Role.MANAGER",
        "ok = member.role in (Role.MANAGER, Role.MODERATOR)",
        "ok = by.role not in CHANNEL_ROLES",
        "ok = Role.MANAGER != member.role",
        "people = Membership.objects.filter(role=Role.MANAGER)",
        "people = members.exclude(role__in=READ_ROLES)",
    ]
    good = [
        "ok = membership.can(Capability.MANAGE_TEAM)",
        "people = Membership.objects.able_to(Capability.MANAGE_TEAM)",
        "Membership.objects.create(user=user, organisation=org, role=Role.VIEWER)",
        "choices = Role.choices",
        "label = membership.get_role_display()",
    ]
    assert all(role_checks(line) for line in bad), [line for line in bad if not role_checks(line)]
    assert not any(role_checks(line) for line in good), [line for line in good if role_checks(line)]


def test_no_module_outside_the_table_compares_roles():
    problems = []
    for path in sorted(HARBOUR.rglob("*.py")):
        relative = path.relative_to(HARBOUR).as_posix()
        if path == TABLE or "/migrations/" in relative or relative in ALLOWED:
            continue
        for line in role_checks(path.read_text()):
            problems.append(f"harbour/{relative}:{line}")
    assert not problems, (
        "These compare a member's role; ask the capability table instead (membership.can(Capability.X), "
        "Membership.objects.able_to(Capability.X), @member_required(Capability.X)):\n" + "\n".join(problems)
    )


TEMPLATE_ROLE = re.compile(r"\.role\s*(==|!=|\bin\b|\bnot in\b)|\brole\s*(==|!=)")


def test_no_template_compares_roles():
    problems = []
    for path in sorted(HARBOUR.rglob("templates/**/*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if "{%" in line and TEMPLATE_ROLE.search(line):
                problems.append(f"{path.relative_to(HARBOUR.parent)}:{number}")
    assert not problems, 'Use {% load capabilities %}{% if membership|can:"x" %}:\n' + "\n".join(problems)


# What a safeguarding lead may do that a deputy may not: nothing yet. KCSIE lets the designated lead
# hand any of the work to a trained deputy; a capability added here must say why the deputy lacks it.
LEAD_ONLY: frozenset[Capability] = frozenset()


def test_a_deputy_safeguarding_lead_can_do_everything_a_lead_can():
    lead, deputy = capabilities_of(Role.SAFEGUARDING_LEAD), capabilities_of(Role.DEPUTY_SAFEGUARDING_LEAD)
    missing = sorted(lead - deputy - LEAD_ONLY)
    assert not missing, f"give Role.DEPUTY_SAFEGUARDING_LEAD these, as the lead has them: {missing}"
    assert deputy <= lead, "a deputy does no more than the lead"
    assert Capability.HANDLE_CONCERNS in deputy and Capability.MANAGE_TEAM not in deputy


def test_a_deputy_needs_the_training_a_lead_needs(org, dsl, deputy):
    assert required_permissions(Role.DEPUTY_SAFEGUARDING_LEAD) == required_permissions(Role.SAFEGUARDING_LEAD)
    due = [gap.kind for gap in member_training(deputy).due]
    assert due and due == [gap.kind for gap in member_training(dsl).due]
