import pytest
from django.test import Client
from django.urls import reverse

from harbour.audit.models import AuditEvent
from tests.cast import sign_in

pytestmark = pytest.mark.django_db


def test_sign_out_needs_post(client, manager):
    sign_in(client, manager.user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session


def test_sign_out_ends_the_session_on_the_server(client, manager):
    sign_in(client, manager.user)
    old_cookie = client.cookies["__Host-harbour-session"].value
    response = client.post(reverse("accounts:logout"))
    assert response.url == reverse("accounts:login")
    assert AuditEvent.objects.filter(action="sign_out", actor=manager.user).count() == 1
    replay = Client()
    replay.cookies["__Host-harbour-session"] = old_cookie
    assert replay.get(reverse("accounts:profile")).url.startswith(reverse("accounts:login"))
