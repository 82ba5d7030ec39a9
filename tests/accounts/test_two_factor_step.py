import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from harbour.audit.models import AuditEvent
from tests.cast import add_authenticator, add_backup_codes, enter_password, totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_otp_throttle")]

URL = reverse("accounts:two_factor")


@pytest.fixture
def half_signed_in(client, manager):
    """A client that has entered the right password but no code yet."""
    add_authenticator(manager.user)
    enter_password(client, manager.user.email)
    return client


def test_authenticator_code_completes_sign_in_with_a_new_session_key(half_signed_in, manager):
    before = half_signed_in.session.session_key
    response = half_signed_in.post(URL, {"code": totp_code(manager.user.totpdevice_set.get())})
    assert response.status_code == 302 and response.url == reverse("console:home")
    assert half_signed_in.session.session_key != before
    assert DEVICE_ID_SESSION_KEY in half_signed_in.session
    event = AuditEvent.objects.get(action="sign_in.completed")
    assert event.actor == manager.user and event.detail["method"] == "authenticator app"


def test_code_with_spaces_is_accepted(half_signed_in, manager):
    code = totp_code(manager.user.totpdevice_set.get())
    response = half_signed_in.post(URL, {"code": f" {code[:3]} {code[3:]} "})
    assert response.url == reverse("console:home")


def test_a_code_cannot_be_used_twice(client, manager):
    device = add_authenticator(manager.user)
    code = totp_code(device)
    enter_password(client, manager.user.email)
    assert client.post(URL, {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    enter_password(client, manager.user.email)
    response = client.post(URL, {"code": code})
    assert response.status_code == 200
    assert "already been used" in response.content.decode()


def test_backup_code_works_once(client, manager):
    add_authenticator(manager.user)
    add_backup_codes(manager.user, "abcd2345", "efgh6723")
    enter_password(client, manager.user.email)
    response = client.post(URL, {"code": "ABCD 2345"})
    assert response.url == reverse("console:home")
    assert AuditEvent.objects.get(action="sign_in.completed").detail == {
        "method": "backup code",
        "backup_codes_left": 1,
    }
    client.post(reverse("accounts:logout"))
    enter_password(client, manager.user.email)
    assert client.post(URL, {"code": "abcd2345"}).status_code == 200


def test_backup_code_without_authenticator_still_works(client, manager):
    add_backup_codes(manager.user, "abcd2345")  # the demo data's people have only printed backup codes
    enter_password(client, manager.user.email)
    assert client.post(URL, {"code": "abcd2345"}).url == reverse("console:home")


def test_blank_code_gets_a_clear_message(half_signed_in):
    response = half_signed_in.post(URL, {"code": ""})
    assert response.content.decode().count("Enter the code from your authenticator app or a backup code") == 2


def test_wrong_code_says_how_many_tries_are_left_and_is_audited(half_signed_in, manager):
    response = half_signed_in.post(URL, {"code": "000000"})
    assert "You have 4 tries left" in response.content.decode()
    assert AuditEvent.objects.get(action="two_factor.failed").detail == {"failures": 1}


def test_five_wrong_codes_sign_the_session_out(half_signed_in, manager):
    for _ in range(4):
        half_signed_in.post(URL, {"code": "000000"})
    response = half_signed_in.post(URL, {"code": "000000"})
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert "_auth_user_id" not in half_signed_in.session
    assert AuditEvent.objects.filter(action="two_factor.too_many_failures").count() == 1
    # and the right code is now no use without the password again
    response = half_signed_in.post(URL, {"code": totp_code(manager.user.totpdevice_set.get())})
    assert response.url == reverse("accounts:login")


def test_throttled_device_asks_to_wait(half_signed_in, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    settings.OTP_STATIC_THROTTLE_FACTOR = 60
    half_signed_in.post(URL, {"code": "000000"})
    response = half_signed_in.post(URL, {"code": "000000"})
    assert "Wait 6" in response.content.decode() or "Wait 5" in response.content.decode()


def test_two_factor_page_without_a_password_goes_to_sign_in(client):
    response = client.get(URL)
    assert response.url == reverse("accounts:login")


def test_a_password_alone_cannot_set_up_another_device(half_signed_in, manager):
    response = half_signed_in.get(reverse("accounts:enrol"))
    assert response.status_code == 302 and response.url == reverse("accounts:two_factor")
    assert half_signed_in.post(reverse("accounts:enrol"), {"code": "123456"}).url == reverse(
        "accounts:two_factor"
    )
    assert manager.user.totpdevice_set.count() == 1


def test_the_console_is_hidden_until_two_factor_is_done(half_signed_in, manager, org):
    page = half_signed_in.get(URL).content.decode()
    assert "Enter your code" in page
    assert "govuk-service-navigation" not in page and org.name not in page
    half_signed_in.post(URL, {"code": totp_code(manager.user.totpdevice_set.get())})
    page = half_signed_in.get(reverse("accounts:conduct_acknowledge")).content.decode()
    assert "govuk-service-navigation" in page and org.name in page
