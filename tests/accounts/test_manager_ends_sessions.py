"""A manager signs a member out everywhere from the team page; nobody else can, and not across organisations."""

import pytest
from django.test import Client
from django.urls import reverse

from harbour.audit.models import AuditEvent
from tests.cast import sign_in

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")


def signed_in(user, ip="192.0.2.1"):
    client = Client(REMOTE_ADDR=ip)
    sign_in(client, user)
    assert client.get(PROFILE).status_code == 200
    return client


def test_manager_signs_a_member_out_of_every_session(client, manager, moderator):
    phone, laptop = signed_in(moderator.user), signed_in(moderator.user, "192.0.2.2")
    sign_in(client, manager.user)
    page = client.get(reverse("accounts:member", args=[moderator.pk])).content.decode()
    assert "signed in on 2 devices" in page
    response = client.post(reverse("accounts:end_member_sessions", args=[moderator.pk]))
    assert response.status_code == 302
    assert phone.get(PROFILE).status_code == 302 and laptop.get(PROFILE).status_code == 302
    event = AuditEvent.objects.get(action="session.ended_by_manager")
    assert event.actor == manager.user and event.organisation == manager.organisation
    assert event.detail == {"sessions": 2, "member": moderator.user.email}
    assert client.get(PROFILE).status_code == 200  # the manager stays signed in


def test_only_a_manager_may(client, dsl, moderator):
    phone = signed_in(moderator.user)
    sign_in(client, dsl.user)
    assert client.post(reverse("accounts:end_member_sessions", args=[moderator.pk])).status_code == 403
    assert phone.get(PROFILE).status_code == 200


def test_another_organisations_member_is_a_404(client, manager, outsider):
    theirs = signed_in(outsider.user)
    sign_in(client, manager.user)
    assert client.post(reverse("accounts:end_member_sessions", args=[outsider.pk])).status_code == 404
    assert theirs.get(PROFILE).status_code == 200


def test_it_is_post_only(client, manager, moderator):
    sign_in(client, manager.user)
    assert client.get(reverse("accounts:end_member_sessions", args=[moderator.pk])).status_code == 405
