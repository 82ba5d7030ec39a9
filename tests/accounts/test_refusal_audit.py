"""docs/security.md K2: every refused request (a 403, or a 404 for another organisation's object) writes
exactly one audit event with who, organisation, address, method and path; a 404 for nothing at all writes
none."""

import pytest
from django.test import Client
from django.urls import reverse

from harbour.audit.models import AuditEvent
from tests.cast import sign_in
from tests.isolation import make_invitation, member_of

pytestmark = pytest.mark.django_db

REFUSALS = ("security.forbidden", "security.other_organisation", "security.other_person")


def refusals():
    return list(AuditEvent.objects.filter(action__in=REFUSALS).order_by("sequence"))


def test_a_403_writes_one_event_with_who_where_and_what(org, viewer):
    client = sign_in(Client(), viewer.user)
    response = client.get(
        reverse("accounts:team") + "?email=young.person@example.org", REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 403
    [event] = refusals()
    assert event.action == "security.forbidden"
    assert (event.actor, event.organisation, event.ip_address) == (viewer.user, org, "203.0.113.7")
    assert event.detail == {"method": "GET", "path": "/accounts/team/"}  # never the query string


def test_another_organisations_object_writes_one_event_in_the_visitors_own_organisation(
    org, manager, other_org
):
    theirs = member_of(other_org)
    client = sign_in(Client(), manager.user)
    response = client.post(
        reverse("accounts:deactivate", kwargs={"pk": theirs.pk}), REMOTE_ADDR="203.0.113.8"
    )
    assert response.status_code == 404
    [event] = refusals()
    assert event.action == "security.other_organisation"
    assert (event.actor, event.organisation, event.ip_address) == (manager.user, org, "203.0.113.8")
    assert event.detail == {
        "method": "POST",
        "path": f"/accounts/team/members/{theirs.pk}/deactivate/",
        "model": "accounts.membership",
    }
    assert event.object_label == ""  # nothing of the other organisation's (a name, say) is written


def test_a_404_for_something_that_does_not_exist_writes_nothing(org, manager, other_org):
    client = sign_in(Client(), manager.user)
    missing = member_of(other_org).pk + 1000
    for _ in range(20):
        assert client.get(reverse("accounts:member", kwargs={"pk": missing})).status_code == 404
        assert client.get("/wp-login.php").status_code == 404
        assert client.get("/inbox/not-a-number/").status_code == 404
    assert refusals() == []


def test_a_capability_token_in_the_path_is_written_as_its_name(org, manager, viewer):
    _, token = make_invitation(org)  # for someone else: the viewer may not accept it
    client = sign_in(Client(), viewer.user)
    assert client.get(reverse("accounts:invitation", kwargs={"token": token})).status_code == 403
    [event] = refusals()
    assert event.detail["path"] == "/accounts/invitation/<token>/"
    assert token not in str(event.detail)


def test_anonymous_csrf_refusals_are_written_up_to_a_limit_per_address(settings, db):
    settings.HARBOUR_RATE_LIMITS = {**settings.HARBOUR_RATE_LIMITS, "anonymous_refusals_audited_ip": (2, 15)}
    client = Client(enforce_csrf_checks=True)
    for _ in range(5):
        response = client.post(
            reverse("accounts:login"), {"username": "a@b.example"}, REMOTE_ADDR="198.51.100.4"
        )
        assert response.status_code == 403
    assert client.post(reverse("accounts:login"), REMOTE_ADDR="198.51.100.5").status_code == 403
    events = refusals()
    assert [(e.actor, e.ip_address) for e in events] == [(None, "198.51.100.4")] * 2 + [
        (None, "198.51.100.5")
    ]
    assert all(e.detail == {"method": "POST", "path": "/accounts/sign-in/"} for e in events)


def test_signed_in_refusals_are_not_held_to_the_anonymous_limit(settings, org, viewer, author):
    settings.HARBOUR_RATE_LIMITS = {**settings.HARBOUR_RATE_LIMITS, "anonymous_refusals_audited_ip": (1, 15)}
    for member in (viewer, author):
        client = sign_in(Client(), member.user)
        assert client.get(reverse("accounts:team"), REMOTE_ADDR="203.0.113.7").status_code == 403
    assert len(refusals()) == 2  # repeated refusals of one person: tests/test_audit_refusal_bursts.py


def test_switching_to_an_organisation_one_is_not_in_is_written(org, manager, other_org):
    client = sign_in(Client(), manager.user)
    response = client.post(reverse("accounts:switch_organisation"), {"organisation": other_org.pk})
    assert response.status_code == 404
    [event] = refusals()
    assert (event.action, event.organisation, event.detail["model"]) == (
        "security.other_organisation",
        org,
        "accounts.organisation",
    )
    assert (
        client.post(reverse("accounts:switch_organisation"), {"organisation": other_org.pk + 99}).status_code
        == 404
    )
    assert len(refusals()) == 1  # one that does not exist is not a refusal
