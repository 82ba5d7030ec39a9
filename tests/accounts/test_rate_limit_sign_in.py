"""Sign-in POSTs are limited per address, across every account (django-axes locks one account per address)."""

import pytest
from django.urls import reverse

from harbour.audit.models import AuditEvent
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

URL = reverse("accounts:login")


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.HARBOUR_RATE_LIMITS = {**settings.HARBOUR_RATE_LIMITS, "sign_in_ip": (3, 15)}


def test_spraying_many_accounts_from_one_address_gets_429(client, manager):
    for n in range(3):
        assert client.post(URL, {"email": f"guess{n}@example.org", "password": "wrong"}).status_code == 200
    response = client.post(URL, {"email": manager.user.email, "password": PASSWORD})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Too many attempts" in html and "You can try again after" in html
    assert "_auth_user_id" not in client.session  # even the right password is not tried
    client.post(URL, {"email": manager.user.email, "password": PASSWORD})
    events = AuditEvent.objects.filter(action="security.rate_limited")
    assert [(e.detail["limit"], e.ip_address) for e in events] == [("sign_in_ip", "127.0.0.1")]


def test_another_address_can_still_sign_in(client, manager):
    for n in range(4):
        client.post(URL, {"email": f"guess{n}@example.org", "password": "wrong"})
    response = client.post(URL, {"email": manager.user.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.20")
    assert response.status_code == 302 and response.url == reverse("accounts:two_factor")


def test_showing_the_form_is_not_counted(client):
    for _ in range(5):
        assert client.get(URL).status_code == 200
    assert client.post(URL, {"email": "a@example.org", "password": "wrong"}).status_code == 200
