"""An account that has gone more than HARBOUR_ENROL_DAYS without setting up two-factor must confirm its
email before it can attach an authenticator: a leaked password alone is not enough."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from harbour.audit.models import AuditEvent
from tests.cast import enter_password

pytestmark = pytest.mark.django_db

ENROL = reverse("accounts:enrol")


def age(user, days):
    user.date_joined = timezone.now() - datetime.timedelta(days=days)
    user.save(update_fields=["date_joined"])


def link_from_mail() -> str:
    return re.search(
        r"http://testserver(/accounts/two-factor/set-up/confirm/\S+/)", mail.outbox[-1].body
    ).group(1)


def test_an_old_account_confirms_its_email_then_enrols(client, author):
    age(author.user, 8)
    enter_password(client, author.user.email)
    page = client.get(ENROL).content.decode()
    assert "Confirm your email address" in page and "manual-secret" not in page
    assert "manual-secret" not in client.post(ENROL).content.decode()  # asking for the email is not the form
    assert mail.outbox[-1].to == [author.user.email]
    assert AuditEvent.objects.filter(action="two_factor.enrol_email_sent").count() == 1
    assert client.get(link_from_mail()).url == ENROL
    assert "manual-secret" in client.get(ENROL).content.decode()


def test_a_new_account_enrols_straight_away(client, author):
    age(author.user, 6)
    enter_password(client, author.user.email)
    assert "manual-secret" in client.get(ENROL).content.decode()


def test_the_link_works_only_for_its_own_account_within_an_hour(client, author, moderator):
    age(author.user, 8), age(moderator.user, 8)
    enter_password(client, author.user.email)
    client.post(ENROL)
    link = link_from_mail()
    other = Client()
    enter_password(other, moderator.user.email)
    assert other.get(link).status_code == 404
    assert "manual-secret" not in other.get(ENROL).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        enter_password(client, author.user.email)  # signed out meanwhile by the idle timeout
        page = client.get(link)
        assert page.status_code == 404 and "expired or is not for this account" in page.content.decode()
        assert "manual-secret" not in client.get(ENROL).content.decode()


def test_changing_the_password_ends_links_sent_before(client, author):
    age(author.user, 8)
    enter_password(client, author.user.email)
    client.post(ENROL)
    link = link_from_mail()
    author.user.set_password("An0ther!pass-word")
    author.user.save()
    enter_password(client, author.user.email, "An0ther!pass-word")
    client.get(link)
    assert "manual-secret" not in client.get(ENROL).content.decode()
