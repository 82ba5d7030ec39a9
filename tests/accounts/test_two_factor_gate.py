"""A session with a password but no second factor reaches only the sign-in pages (docs/security.md B1)."""

import pytest
from django.urls import reverse

from harbour.accounts.middleware import OPEN_BEFORE_TWO_FACTOR
from tests.cast import add_authenticator, enter_password

pytestmark = pytest.mark.django_db

CONSOLE_URLS = [
    "console:home",
    "accounts:profile",
    "accounts:change_password",
    "accounts:regenerate_backup_codes",
]


@pytest.mark.parametrize("url_name", CONSOLE_URLS)
def test_half_signed_in_session_is_sent_to_two_factor(client, manager, url_name):
    add_authenticator(manager.user)
    enter_password(client, manager.user.email)
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor") + "?next=" + url.replace("/", "%2F")


def test_post_is_sent_to_two_factor_too(client, manager):
    add_authenticator(manager.user)
    enter_password(client, manager.user.email)
    response = client.post(reverse("accounts:switch_organisation"), {"organisation": manager.organisation_id})
    assert response.status_code == 302 and response.url == reverse("accounts:two_factor")


@pytest.mark.parametrize("url_name", CONSOLE_URLS)
def test_anonymous_is_sent_to_sign_in(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_allowlist_is_small_and_names_real_urls():
    assert len(OPEN_BEFORE_TWO_FACTOR) <= 10
    for name in OPEN_BEFORE_TWO_FACTOR:
        assert name.startswith("accounts:")
