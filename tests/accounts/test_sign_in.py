import pytest
from django.urls import reverse

from harbour.audit.models import AuditEvent
from tests.cast import add_authenticator, enter_password

pytestmark = pytest.mark.django_db


def test_sign_in_page_shows_the_form(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert b'name="email"' in response.content and b'name="password"' in response.content


def test_blank_form_shows_each_error_in_the_summary_and_inline(client):
    response = client.post(reverse("accounts:login"), {"email": "", "password": ""})
    html = response.content.decode()
    assert "There is a problem" in html
    assert html.count("Enter your email address") == 2  # summary and inline
    assert html.count("Enter your password") == 2
    assert response.context["form"].errors
    assert "<title>Error: " in html


def test_badly_formed_email_gets_a_clear_message(client):
    response = client.post(reverse("accounts:login"), {"email": "not an email", "password": "x"})
    assert "Enter an email address in the correct format" in response.content.decode()


def test_wrong_password_is_refused_and_audited(client, manager):
    response = enter_password(client, manager.user.email, "wrong-Passw0rd!")
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="sign_in.failed")
    assert event.detail["email"] == manager.user.email
    assert event.organisation == manager.organisation
    assert "wrong-Passw0rd!" not in str(event.detail)


def test_unknown_email_gets_the_same_message(client, manager):
    known = enter_password(client, manager.user.email, "wrong-Passw0rd!").content.decode()
    unknown = enter_password(client, "nobody@example.org", "wrong-Passw0rd!").content.decode()
    assert "did not match" in known and "did not match" in unknown


def test_right_password_leads_to_two_factor_with_a_new_session_key(client, manager):
    add_authenticator(manager.user)
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    response = enter_password(client, manager.user.email)
    assert response.status_code == 302 and response.url == reverse("accounts:two_factor")
    assert client.session.session_key != before
    assert AuditEvent.objects.filter(action="sign_in.password_accepted").count() == 1


def test_email_is_matched_whatever_its_case(client, manager):
    response = enter_password(client, "Maya.Manager@Example.org")
    assert response.status_code == 302


def test_someone_without_a_device_is_taken_to_set_one_up(client, manager):
    enter_password(client, manager.user.email)
    response = client.get(reverse("accounts:two_factor"))
    assert response.status_code == 302 and response.url == reverse("accounts:enrol")


def test_person_whose_memberships_have_all_ended_cannot_sign_in(client, manager):
    manager.is_active = False
    manager.save()
    response = enter_password(client, manager.user.email)
    assert response.status_code == 200
    assert "Your access to Harbour has ended" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_next_is_kept_through_two_factor(client, manager):
    from tests.cast import totp_code

    device = add_authenticator(manager.user)
    enter_password(client, manager.user.email, next="/accounts/account/")
    response = client.post(reverse("accounts:two_factor"), {"code": totp_code(device)})
    assert response.url == "/accounts/account/"


def test_next_to_another_site_is_ignored(client, manager):
    from tests.cast import totp_code

    device = add_authenticator(manager.user)
    enter_password(client, manager.user.email, next="https://evil.example/")
    response = client.post(reverse("accounts:two_factor"), {"code": totp_code(device)})
    assert response.url == reverse("console:home")


def test_signed_in_person_visiting_sign_in_goes_to_the_console(client, manager):
    from tests.cast import sign_in

    sign_in(client, manager.user)
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 302 and response.url == reverse("console:home")
