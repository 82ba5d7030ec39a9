import pytest
from django.core import mail
from django.urls import reverse

from accounts_helpers import add_authenticator, enter_password
from harbour.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def fail(client, email, times, **headers):
    for _ in range(times):
        data = {"email": email, "password": "Wrong-passw0rd!"}
        response = client.post(reverse("accounts:login"), data, **headers)
    return response


def test_fifth_wrong_password_locks_sign_in_with_a_clear_page(client, manager):
    assert fail(client, manager.user.email, 4).status_code == 200
    response = fail(client, manager.user.email, 1)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in locked for 30 minutes" in html
    assert "You can try again after" in html
    assert "ask a manager in your organisation" in html
    assert AuditEvent.objects.filter(action="sign_in.locked_out").count() == 1
    assert AuditEvent.objects.filter(action="sign_in.failed").count() == 5


def test_right_password_is_refused_while_locked(client, manager):
    fail(client, manager.user.email, 5)
    response = enter_password(client, manager.user.email)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="sign_in.locked_out").count() == 1  # the lock is recorded once


def test_lock_is_per_address_so_others_cannot_lock_a_person_out(client, manager):
    fail(client, manager.user.email, 5, REMOTE_ADDR="203.0.113.9")
    add_authenticator(manager.user)
    assert enter_password(client, manager.user.email).status_code == 302


def test_setting_a_new_password_by_email_lifts_the_lock(client, manager):
    fail(client, manager.user.email, 5)
    client.post(reverse("accounts:password_reset"), {"email": manager.user.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    response = client.get(link, follow=True)
    client.post(response.redirect_chain[-1][0], {"new_password": "N3w!harbour-pass", "new_password_again": "N3w!harbour-pass"})
    assert enter_password(client, manager.user.email, "N3w!harbour-pass").status_code == 302


def test_lock_is_per_person_so_one_attack_does_not_lock_everyone_out(client, manager, author):
    fail(client, manager.user.email, 5)
    add_authenticator(author.user)
    assert enter_password(client, author.user.email).status_code == 302
