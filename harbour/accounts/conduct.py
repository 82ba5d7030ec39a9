"""Reading an organisation's code of conduct (guidance 3.7). Changes go through services.py."""

from pathlib import Path

from harbour.accounts.models import CodeOfConduct, ConductAcknowledgement, Membership, Organisation

DEFAULT_TEXT = (Path(__file__).parent / "defaults" / "code_of_conduct.txt").read_text().strip()


def current_code(org: Organisation) -> CodeOfConduct:
    """The newest version. An organisation with none yet gets the default as an unsaved version 1,
    which is saved when someone first acknowledges it (so that reading a page never writes)."""
    code = CodeOfConduct.objects.filter(organisation=org).order_by("-version").first()
    return code or CodeOfConduct(organisation=org, version=1, text=DEFAULT_TEXT)


def has_acknowledged_current(membership: Membership) -> bool:
    latest = (
        CodeOfConduct.objects.filter(organisation_id=membership.organisation_id)
        .order_by("-version")
        .values_list("pk", flat=True)
        .first()
    )
    return (
        latest is not None
        and ConductAcknowledgement.objects.filter(membership=membership, code_id=latest).exists()
    )
