"""docs/security.md D5 and M1: headers Django's settings do not set by themselves."""

import pytest
from django.urls import reverse

from tests.cast import sign_in


@pytest.mark.parametrize("path", ["/", "/healthz", "/accounts/sign-in/", "/static/harbour.css"])
def test_trace_is_refused(client, path):
    response = client.generic("TRACE", path)
    assert response.status_code == 405
    assert "TRACE" not in response["Allow"]


@pytest.mark.django_db
def test_signed_in_pages_are_never_stored(client, manager):
    sign_in(client, manager.user)
    response = client.get(reverse("console:home"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_pages_turn_off_browser_features_the_console_never_uses(client):
    policy = client.get(reverse("accounts:login"))["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
