"""Password-reset requests are limited per address and per email, and a refusal looks the same whether or not
the email has an account."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from harbour.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = reverse("accounts:password_reset")


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.HARBOUR_RATE_LIMITS = {
        **settings.HARBOUR_RATE_LIMITS,
        "password_reset_ip": (4, 60),
        "password_reset_email": (2, 60),
    }


def same_page(response) -> str:
    """The page less what differs on every response (the CSP nonce and the CSRF token)."""
    return re.sub(r'(nonce|value)="[^"]*"', "", response.content.decode())


def ask(client, email, ip="127.0.0.1"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=ip)


def test_one_email_is_limited_and_known_and_unknown_look_alike(client, manager):
    known, unknown = [], []
    for n in range(3):
        known.append(ask(client, manager.user.email, ip=f"192.0.2.{n}"))
        unknown.append(ask(client, "nobody@example.org", ip=f"198.51.100.{n}"))
    assert [r.status_code for r in known] == [302, 302, 429]
    assert [r.status_code for r in unknown] == [302, 302, 429]
    assert same_page(known[2]) == same_page(unknown[2])
    assert len(mail.outbox) == 2  # the refused request sent nothing
    assert AuditEvent.objects.filter(action="password.reset_requested").count() == 2
    limits = sorted(e.detail["limit"] for e in AuditEvent.objects.filter(action="security.rate_limited"))
    assert limits == ["password_reset_email", "password_reset_email"]


def test_one_address_asking_for_many_emails_is_limited(client):
    statuses = [ask(client, f"person{n}@example.org").status_code for n in range(5)]
    assert statuses == [302, 302, 302, 302, 429]


def test_the_limit_counts_the_email_however_it_is_typed(client, manager):
    for email in (manager.user.email, manager.user.email.upper()):
        assert ask(client, email, ip="192.0.2.1").status_code == 302
    assert ask(client, f"  {manager.user.email.title()} ", ip="192.0.2.2").status_code == 429
