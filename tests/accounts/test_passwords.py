import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from harbour.audit.models import AuditEvent
from tests.cast import PASSWORD, sign_in

pytestmark = pytest.mark.django_db

CHANGE = reverse("accounts:change_password")
NEW = "N3w!harbour-pass"


def change(client, current=PASSWORD, new=NEW, again=None):
    return client.post(
        CHANGE, {"current_password": current, "new_password": new, "new_password_again": again or new}
    )


def test_change_needs_the_current_password(client, author):
    sign_in(client, author.user)
    html = change(client, current="wrong").content.decode()
    assert html.count("Your current password is not right") == 2
    author.user.refresh_from_db()
    assert author.user.check_password(PASSWORD)


@pytest.mark.parametrize(
    "new, message",
    [
        ("Sh0rt!", "at least 8 characters"),
        ("alllowercase1!", "a capital letter"),
        ("NoDigitsHere!", "a number"),
        ("NoSymbols123", "a symbol"),
        ("Password1!", "too common"),
        (PASSWORD, "must be different"),
    ],
)
def test_weak_new_passwords_are_explained(client, author, new, message):
    sign_in(client, author.user)
    assert message in change(client, new=new).content.decode()


def test_mismatch_is_explained(client, author):
    sign_in(client, author.user)
    assert "The passwords do not match" in change(client, again="Other!pass123").content.decode()


def test_change_records_the_time_keeps_this_session_and_ends_the_others(client, author):
    other = Client()
    sign_in(other, author.user)
    sign_in(client, author.user)
    before = author.user.password_changed_at
    assert change(client).url == reverse("accounts:profile")
    author.user.refresh_from_db()
    assert author.user.check_password(NEW) and author.user.password_changed_at > before
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert other.get(reverse("accounts:profile")).url.startswith(reverse("accounts:login"))
    assert AuditEvent.objects.filter(action="password.changed", actor=author.user).count() == 1


def test_new_passwords_are_hashed_with_argon2id(client, author, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    sign_in(client, author.user)
    change(client)
    author.user.refresh_from_db()
    assert author.user.password.startswith("argon2$argon2id$")


def reset_link(client, email):
    client.post(reverse("accounts:password_reset"), {"email": email})
    return re.search(r"http://testserver(\S+)", mail.outbox[-1].body).group(1)


def test_reset_answers_the_same_for_known_and_unknown_addresses(client, author):
    known = client.post(reverse("accounts:password_reset"), {"email": author.user.email})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302 and known.url == unknown.url
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [author.user.email]


def test_reset_link_sets_a_password_once_and_does_not_sign_in(client, author):
    link = reset_link(client, author.user.email)
    form_url = client.get(link).url
    response = client.post(form_url, {"new_password": NEW, "new_password_again": NEW})
    assert response.url == reverse("accounts:password_reset_complete")
    assert "_auth_user_id" not in client.session
    author.user.refresh_from_db()
    assert author.user.check_password(NEW)
    assert AuditEvent.objects.filter(action="password.reset").count() == 1
    assert "This link does not work" in client.get(link, follow=True).content.decode()


def test_reset_link_expires_after_an_hour(client, author):
    link = reset_link(client, author.user.email)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1, minutes=1)):
        assert "This link does not work" in client.get(link, follow=True).content.decode()


def test_reset_refuses_a_weak_password(client, author):
    form_url = client.get(reset_link(client, author.user.email)).url
    html = client.post(form_url, {"new_password": "abc", "new_password_again": "abc"}).content.decode()
    assert "There is a problem" in html and "at least 8 characters" in html


def test_reset_form_explains_a_bad_address(client):
    html = client.post(reverse("accounts:password_reset"), {"email": "nope"}).content.decode()
    assert html.count("Enter an email address in the correct format") == 2


def test_reminder_banner_appears_after_the_organisations_days(client, author):
    sign_in(client, author.user)
    assert "You have not changed your password" not in client.get(reverse("console:home")).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=91)):
        sign_in(client, author.user)
        html = client.get(reverse("console:home")).content.decode()
        assert "You have not changed your password for 90 days or more" in html
        assert reverse("accounts:change_password") in html


def test_reminder_can_be_switched_off(client, author):
    author.organisation.password_reminder_days = 0
    author.organisation.save()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=400)):
        sign_in(client, author.user)
        assert (
            "You have not changed your password" not in client.get(reverse("console:home")).content.decode()
        )
