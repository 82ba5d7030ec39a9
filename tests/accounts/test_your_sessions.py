"""A person sees where they are signed in (device, address, last used) on Your account, and can end any other session."""

import pytest
from django.test import Client
from django.urls import reverse

from harbour.accounts.models import UserSession
from harbour.audit.models import AuditEvent
from tests.cast import sign_in

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1"


def device(user, agent, ip):
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)
    sign_in(client, user)
    assert client.get(PROFILE).status_code == 200
    return client


def test_both_sessions_are_listed_and_the_other_can_be_ended(manager):
    laptop = device(manager.user, FIREFOX, "192.0.2.10")
    phone = device(manager.user, IPHONE, "198.51.100.7")
    html = laptop.get(PROFILE).content.decode()
    assert "Firefox on Windows" in html and "192.0.2.10" in html
    assert "Safari on iPhone" in html and "198.51.100.7" in html
    assert html.count("This device") == 1
    phone_row = UserSession.objects.get(ip_address="198.51.100.7")
    response = laptop.post(reverse("accounts:end_session", args=[phone_row.pk]))
    assert response.status_code == 302
    assert phone.get(PROFILE).status_code == 302  # its cookie no longer works
    assert laptop.get(PROFILE).status_code == 200
    event = AuditEvent.objects.get(action="session.ended_own")
    assert event.actor == manager.user and event.detail["sessions"] == 1


def test_someone_elses_session_is_a_404(manager, moderator):
    mine = device(manager.user, FIREFOX, "192.0.2.10")
    device(moderator.user, IPHONE, "198.51.100.7")
    theirs = UserSession.objects.get(user=moderator.user)
    assert mine.post(reverse("accounts:end_session", args=[theirs.pk])).status_code == 404
    assert UserSession.objects.filter(pk=theirs.pk).exists()


def test_this_session_is_ended_by_signing_out_not_from_the_list(manager):
    laptop = device(manager.user, FIREFOX, "192.0.2.10")
    row = UserSession.objects.get()
    assert laptop.post(reverse("accounts:end_session", args=[row.pk])).status_code == 404


def test_changing_your_password_ends_your_other_sessions(manager):
    from tests.cast import PASSWORD

    laptop = device(manager.user, FIREFOX, "192.0.2.10")
    phone = device(manager.user, IPHONE, "198.51.100.7")
    new = "N3w!harbour-pass"
    response = laptop.post(
        reverse("accounts:change_password"),
        {"current_password": PASSWORD, "new_password": new, "new_password_again": new},
    )
    assert response.status_code == 302
    assert phone.get(PROFILE).status_code == 302
    assert list(UserSession.objects.values_list("ip_address", flat=True)) == ["192.0.2.10"]


def test_a_session_signed_in_through_two_factor_can_be_ended(manager):
    from tests.cast import acknowledge_conduct, add_authenticator, enter_password, totp_code

    acknowledge_conduct(manager)
    code = totp_code(add_authenticator(manager.user))
    phone = Client(HTTP_USER_AGENT=IPHONE, REMOTE_ADDR="198.51.100.7")
    enter_password(phone, manager.user.email)
    phone.get(reverse("accounts:two_factor"))
    phone.post(reverse("accounts:two_factor"), {"code": code})  # the session key changes here
    assert phone.get(PROFILE).status_code == 200
    laptop = device(manager.user, FIREFOX, "192.0.2.10")
    row = UserSession.objects.get(ip_address="198.51.100.7")
    assert row.session_key == phone.session.session_key
    laptop.post(reverse("accounts:end_session", args=[row.pk]))
    assert phone.get(PROFILE).status_code == 302
