"""Two-factor code POSTs are limited per session and per person, on the sign-in step and wherever a code is asked for."""

import pytest
from django.test import Client
from django.urls import reverse

from harbour.audit.models import AuditEvent
from tests.cast import add_authenticator, enter_password, sign_in, totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_otp_throttle")]

URL = reverse("accounts:two_factor")


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.HARBOUR_RATE_LIMITS = {
        **settings.HARBOUR_RATE_LIMITS,
        "two_factor_session": (3, 15),
        "two_factor_user": (5, 15),
    }


def test_a_session_gets_429_after_its_count_even_with_the_right_code(client, manager):
    device = add_authenticator(manager.user)
    enter_password(client, manager.user.email)
    for _ in range(3):
        client.post(URL, {"code": "not-a-code"})  # invalid form: no wrong-code count, still a hit
    response = client.post(URL, {"code": totp_code(device)})
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()
    assert not client.session.get("otp_device_id")
    event = AuditEvent.objects.get(action="security.rate_limited")
    assert event.actor == manager.user and event.detail == {"limit": "two_factor_session"}


def test_new_sessions_do_not_reset_the_per_person_count(manager):
    device = add_authenticator(manager.user)
    for session in range(2):
        client = Client()
        enter_password(client, manager.user.email)
        for _ in range(3 if session == 0 else 2):
            assert client.post(URL, {"code": "000000"}).status_code == 200
    client = Client()
    enter_password(client, manager.user.email)
    response = client.post(URL, {"code": totp_code(device)})
    assert response.status_code == 429
    assert AuditEvent.objects.get(action="security.rate_limited").detail == {"limit": "two_factor_user"}


def test_codes_asked_for_in_your_account_count_too(client, manager):
    sign_in(client, manager.user)
    url = reverse("accounts:regenerate_backup_codes")
    for _ in range(3):
        assert client.post(url, {"password": "wrong", "code": "123456"}).status_code == 200
    assert client.post(url, {"password": "wrong", "code": "123456"}).status_code == 429
