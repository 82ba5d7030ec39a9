"""The audit log never tells a member that a concern about them exists: "Concern #N raised" (or opened, or
closed) is left out of the log's pages, its CSV export and the console home's panel for the member the
concern names (Concern.about_member), a manager or a lead; everyone else who reads the log still sees it."""

import re

import pytest
from django.urls import reverse

from harbour.accounts.capabilities import Capability, Role, role_can
from harbour.safeguarding import services
from harbour.safeguarding.models import Category
from tests.cast import give_training, make_member

pytestmark = pytest.mark.django_db

READERS = [role for role in Role.values if role_can(role, Capability.READ_AUDIT)]


def pages(client) -> dict[str, str]:
    """What a reader of the log sees: its page, the same filtered to raisings, its export, the home page."""
    return {
        "log": client.get(reverse("audit:index")).content.decode(),
        "filtered": client.get(
            reverse("audit:index"), {"action": "safeguarding.concern_raised"}
        ).content.decode(),
        "export": client.get(reverse("audit:export")).content.decode(),
        "home": client.get(reverse("console:home")).content.decode(),
    }


def names(concern, text: str) -> bool:
    return re.search(rf"Concern #{concern.pk}\b", text) is not None


@pytest.mark.parametrize("role", READERS)
def test_events_about_a_concern_are_hidden_from_the_member_it_names(org, dsl, viewer, role, client_for):
    assert Role.MANAGER in READERS
    give_training(dsl, "handle_concerns")
    give_training(viewer, "raise_concerns")
    named = make_member(org, role, f"named.{role}@example.org", f"Named {role}")
    other = make_member(org, role, f"other.{role}@example.org", f"Other {role}")
    if role_can(role, Capability.HANDLE_CONCERNS):
        give_training(named, "handle_concerns")
        give_training(other, "handle_concerns")
    unrelated = services.raise_concern(
        org, by=viewer, summary="Says she is hungry at home", category="disclosure", severity=2
    )
    allegation = services.raise_concern(
        org, by=viewer, summary="Messages a pupil late at night", category=Category.ALLEGATION,
        severity=3, about_member=named,
    )  # fmt: skip
    services.open_concern(allegation, by=dsl)
    services.close(
        allegation, by=dsl, version=allegation.version, outcome="Referred to the LADO", reason="Staff"
    )

    seen_by_named = pages(client_for(named))
    for page, body in seen_by_named.items():
        assert not names(allegation, body), page
    assert names(unrelated, seen_by_named["log"]) and names(unrelated, seen_by_named["export"])
    assert names(unrelated, seen_by_named["filtered"])

    seen_by_other = pages(client_for(other))
    for page, body in seen_by_other.items():
        assert names(allegation, body), page


def test_a_destroyed_allegation_stays_hidden_from_the_member_it_named(org, dsl, deputy, manager, client_for):
    """Destroying a concern deletes its row; the tombstone keeps whom it named, so its events stay hidden."""
    import datetime

    import time_machine
    from django.utils import timezone

    from harbour.safeguarding import retention

    give_training(dsl, "handle_concerns")
    give_training(deputy, "handle_concerns")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=365 * 30), tick=False):
        allegation = services.raise_concern(
            org, by=dsl, summary="Messages a pupil late at night", category=Category.ALLEGATION,
            severity=3, about_member=manager,
        )  # fmt: skip
        services.close(allegation, by=dsl, version=0, outcome="LADO: unfounded", reason="Investigated")
    retention.request_destroy(allegation, by=dsl, reason="Reviewed: past its retention")
    retention.confirm_destroy(allegation, by=deputy)
    for page, body in pages(client_for(manager)).items():
        assert not names(allegation, body), page
    assert names(allegation, pages(client_for(dsl))["log"])  # the leads still see its events
