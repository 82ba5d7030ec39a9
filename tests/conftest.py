"""The shared fixtures for every test: one organisation with a member in each role, and an outsider from
another organisation. The functions behind them (`make_member`, `sign_in`, `give_training`, ...) are in
tests/cast.py, which tests import from; nothing imports this file."""

import pytest
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from harbour.accounts.capabilities import Role
from harbour.accounts.models import Membership, Organisation
from tests.cast import make_member, sign_in

# Property tests check what the code does, not how fast: speed is measured in benchmarks (make bench). On a
# shared, busy machine (CI beside other work) Hypothesis's own timing checks failed tests that were right.
hypothesis_settings.register_profile("harbour", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("harbour")


@pytest.fixture
def private_media(settings, tmp_path):
    """Uploads stored in this test's own folder (returned), not the data folder every test shares, so that a
    test can see exactly which files were kept and which were removed."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path


@pytest.fixture
def org(db):
    return Organisation.objects.create(name="Derby Youth Service", slug="derby-youth")


@pytest.fixture
def other_org(db):
    return Organisation.objects.create(name="Elsewhere Council", slug="elsewhere")


@pytest.fixture
def manager(org):
    return make_member(org, Role.MANAGER, "maya.manager@example.org", "Maya Manager")


@pytest.fixture
def dsl(org):
    return make_member(org, Role.SAFEGUARDING_LEAD, "sam.dsl@example.org", "Sam Safeguarding")


@pytest.fixture
def deputy(org):
    return make_member(org, Role.DEPUTY_SAFEGUARDING_LEAD, "dee.deputy@example.org", "Dee Deputy")


@pytest.fixture
def moderator(org):
    return make_member(org, Role.MODERATOR, "mo.moderator@example.org", "Mo Moderator")


@pytest.fixture
def author(org):
    return make_member(org, Role.AUTHOR, "ava.author@example.org", "Ava Author")


@pytest.fixture
def reviewer(org):
    return make_member(org, Role.REVIEWER, "rory.reviewer@example.org", "Rory Reviewer")


@pytest.fixture
def viewer(org):
    return make_member(org, Role.VIEWER, "vic.viewer@example.org", "Vic Viewer")


@pytest.fixture
def outsider(other_org):
    return make_member(other_org, Role.MANAGER, "olly.outsider@example.net", "Olly Outsider")


@pytest.fixture
def members(manager, dsl, deputy, moderator, author, reviewer, viewer):
    """Every role of `org`, keyed by role value."""
    return {m.role: m for m in (manager, dsl, deputy, moderator, author, reviewer, viewer)}


@pytest.fixture
def client_for(db):
    """client_for(member) -> a new test Client signed in as that member, two-factor done."""

    def signed_in(member: Membership) -> Client:
        return sign_in(Client(), member.user)

    return signed_in


@pytest.fixture
def no_otp_throttle(settings):
    """django-otp makes a device wait 1, 2, 4… seconds after each wrong code; most tests need no wait."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture(autouse=True)
def _fast_plain_test_settings(settings):
    """The test client speaks plain HTTP, so don't redirect it to HTTPS (tests of that turn it back on);
    tests run without collectstatic, so use plain static storage instead of the manifest."""
    settings.SECURE_SSL_REDIRECT = False
    # Argon2 takes about a second a hash on a busy machine; the test of Argon2 itself turns it back on.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
