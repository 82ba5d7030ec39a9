import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from harbour.audit.models import AuditEvent
from tests.cast import add_authenticator, enter_password, sign_in

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


ADDRESSES = ["203.0.113.1", "198.51.100.2", "192.0.2.3", "2001:db8::4"]


@pytest.mark.parametrize("per_address", [1, 2, 4])
def test_wrong_passwords_from_many_addresses_lock_the_account(client, manager, per_address):
    """Issue 15, item 9: 16 wrong passwords from 4 addresses (4 each, under the per-address limit), then
    the right one from a fifth, was accepted. Now the account's failures count from every address."""
    add_authenticator(manager.user)
    tries = 0
    for round_ in range(16 // per_address // len(ADDRESSES) + 1):
        for address in ADDRESSES:
            for _ in range(per_address):
                if tries < 16:
                    fail(Client(), manager.user.email, 1, REMOTE_ADDR=address)
                    tries += 1
    response = enter_password(client, manager.user.email, REMOTE_ADDR="203.0.113.250")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="sign_in.locked_out").count() == 1


def test_the_lock_is_reached_at_the_limit_whatever_the_addresses(manager, settings):
    """The account limit is HARBOUR_LOCKOUT_FAILURES in all, one wrong password from each address."""
    add_authenticator(manager.user)
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert fail(Client(), manager.user.email, 1, REMOTE_ADDR=f"198.51.100.{n + 1}").status_code == 200
    assert fail(Client(), manager.user.email, 1, REMOTE_ADDR="198.51.100.99").status_code == 429


def test_behind_a_proxy_the_forwarded_address_counts_and_still_locks_the_account(client, manager, settings):
    """The addresses come from harbour.lib.net.client_ip (the proxy's last X-Forwarded-For entry)."""
    settings.HARBOUR_BEHIND_PROXY = True
    add_authenticator(manager.user)
    for n in range(settings.AXES_FAILURE_LIMIT):
        fail(
            Client(),
            manager.user.email,
            1,
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"9.9.9.9, 203.0.113.{n + 1}",
        )
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        f"203.0.113.{n + 1}" for n in range(5)
    }
    response = enter_password(
        client, manager.user.email, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.77"
    )
    assert response.status_code == 429


def test_the_person_is_emailed_once_per_lock_with_how_to_get_in(client, manager):
    fail(client, manager.user.email, 5, REMOTE_ADDR="203.0.113.9")
    fail(client, manager.user.email, 3, REMOTE_ADDR="198.51.100.7")  # more tries while locked: no more email
    enter_password(client, manager.user.email)
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == [manager.user.email]
    assert "locked" in notice.subject
    assert "wrong password" in notice.body and "until" in notice.body
    assert "/accounts/password/reset/" in notice.body  # setting a new password lifts it
    assert "A manager in your organisation can also lift the lock" in notice.body


def test_no_email_for_an_address_without_an_account(client, db):
    assert (
        fail(client, "nobody@example.org", 5).status_code == 429
    )  # the same page: no hint that nobody has it
    assert mail.outbox == []


def test_wrong_tries_during_a_lock_do_not_extend_it(client, manager, settings):
    """So that one request every half hour cannot keep a person out for good."""
    import datetime

    from axes.models import AccessAttempt
    from django.utils import timezone

    fail(client, manager.user.email, 5)
    locked_at = AccessAttempt.objects.get().attempt_time
    fail(client, manager.user.email, 3, REMOTE_ADDR="198.51.100.7")
    assert AccessAttempt.objects.filter(attempt_time__gt=locked_at).count() == 0
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    add_authenticator(manager.user)
    assert enter_password(client, manager.user.email).status_code == 302


def test_a_manager_lifts_a_members_lock(client, manager, author):
    fail(Client(), author.user.email, 5, REMOTE_ADDR="203.0.113.9")
    sign_in(client, manager.user)
    page = client.get(reverse("accounts:member", args=[author.pk])).content.decode()
    assert "Sign-in to this account is locked until" in page
    response = client.post(reverse("accounts:unlock_member", args=[author.pk]))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="sign_in.lock_lifted").count() == 1
    assert (
        "Sign-in to this account is locked"
        not in client.get(reverse("accounts:member", args=[author.pk])).content.decode()
    )
    add_authenticator(author.user)
    assert enter_password(Client(), author.user.email).status_code == 302


def test_only_managers_lift_locks(client, moderator, author):
    fail(Client(), author.user.email, 5)
    sign_in(client, moderator.user)
    assert client.post(reverse("accounts:unlock_member", args=[author.pk])).status_code == 403
    assert enter_password(Client(), author.user.email).status_code == 429


def test_setting_a_new_password_by_email_lifts_the_lock(client, manager):
    fail(client, manager.user.email, 5)
    client.post(reverse("accounts:password_reset"), {"email": manager.user.email})
    link = next(
        line for line in mail.outbox[-1].body.splitlines() if "/password/reset/" in line
    )  # [0] is the lock notice
    response = client.get(link, follow=True)
    client.post(
        response.redirect_chain[-1][0],
        {"new_password": "N3w!harbour-pass", "new_password_again": "N3w!harbour-pass"},
    )
    assert enter_password(client, manager.user.email, "N3w!harbour-pass").status_code == 302


def test_lock_is_per_person_so_one_attack_does_not_lock_everyone_out(client, manager, author):
    fail(client, manager.user.email, 5)
    add_authenticator(author.user)
    assert enter_password(client, author.user.email).status_code == 302
