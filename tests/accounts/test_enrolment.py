import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour.audit.models import AuditEvent
from tests.cast import enter_password

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_otp_throttle")]

URL = reverse("accounts:enrol")


def code_from_page(html: str) -> str:
    """What a person's app would show, from the key printed for manual entry."""
    from base64 import b32decode

    secret = re.search(r'id="manual-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    return f"{TOTP(b32decode(secret)).token():06d}"


@pytest.fixture
def new_person(client, author):
    enter_password(client, author.user.email)
    return client


def test_page_shows_a_qr_code_and_the_key_without_saving_a_device(new_person, author):
    html = new_person.get(URL).content.decode()
    assert '<svg role="img" aria-label="QR code for your authenticator app"' in html
    assert re.search(r'id="manual-secret">[A-Z2-7]{4}( [A-Z2-7]{4})+<', html)
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]  # the CSP refuses inline styles
    assert not TOTPDevice.objects.filter(user=author.user).exists()


def test_the_key_stays_the_same_when_the_page_reloads(new_person):
    first = re.search(r'id="manual-secret">([^<]+)<', new_person.get(URL).content.decode()).group(1)
    second = re.search(r'id="manual-secret">([^<]+)<', new_person.get(URL).content.decode()).group(1)
    assert first == second


def test_right_code_sets_up_the_app_and_shows_ten_backup_codes_once(new_person, author):
    code = code_from_page(new_person.get(URL).content.decode())
    before = new_person.session.session_key
    response = new_person.post(URL, {"code": code})
    assert response.url == reverse("accounts:backup_codes")
    assert new_person.session.session_key != before
    device = TOTPDevice.objects.get(user=author.user)
    assert device.confirmed
    page = new_person.get(reverse("accounts:backup_codes")).content.decode()
    shown = re.findall(r"<li><code>([a-z2-7]{4} [a-z2-7]{4})</code></li>", page)
    assert len(shown) == 10
    assert sorted(c.replace(" ", "") for c in shown) == sorted(
        StaticToken.objects.filter(device__user=author.user).values_list("token", flat=True)
    )
    assert new_person.get(reverse("accounts:backup_codes")).status_code == 302  # never shown again
    assert AuditEvent.objects.filter(action="two_factor.enrolled", actor=author.user).count() == 1


def test_after_setting_up_the_console_opens(new_person):
    code = code_from_page(new_person.get(URL).content.decode())
    new_person.post(URL, {"code": code})
    response = new_person.get(reverse("accounts:profile"))
    assert response.status_code in (200, 302)
    assert "two-factor" not in response.get("Location", "")


def test_the_setup_code_cannot_be_used_again_to_sign_in(client, new_person, author):
    code = code_from_page(new_person.get(URL).content.decode())
    new_person.post(URL, {"code": code})
    new_person.post(reverse("accounts:logout"))
    enter_password(new_person, author.user.email)
    response = new_person.post(reverse("accounts:two_factor"), {"code": code})
    assert response.status_code == 200


def test_wrong_code_is_explained(new_person, author):
    new_person.get(URL)
    response = new_person.post(URL, {"code": "12345"})
    html = response.content.decode()
    assert "That code is not right" in html and "There is a problem" in html
    assert not TOTPDevice.objects.filter(user=author.user).exists()


def test_blank_code_is_explained(new_person):
    response = new_person.post(URL, {"code": ""})
    assert response.content.decode().count("Enter the 6-digit code from your authenticator app") == 2


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(URL).url == reverse("accounts:login")
