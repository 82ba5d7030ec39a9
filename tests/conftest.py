"""The shared cast for every test: one organisation with a member in each role, and an outsider
from another organisation. `sign_in(client, user)` signs a test client in with two-factor done and
the code of conduct acknowledged; `give_training(membership, "moderate")` records the training a
@trained_for view needs."""

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour.accounts.access import TRAINING_FOR
from harbour.accounts.conduct import current_code
from harbour.accounts.models import (
    ConductAcknowledgement,
    Course,
    Membership,
    Organisation,
    Role,
    TrainingRecord,
    User,
)

PASSWORD = "Harb0ur!Test-Pass"


def database_url() -> str:
    """The test database as a DATABASE_URL, for a subprocess (a worker) that must use the same one."""
    from pathlib import Path

    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    host, port = db["HOST"] or "localhost", db["PORT"] or 5432
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{port}/{db['NAME']}"


def make_member(org: Organisation, role: str, email: str, name: str) -> Membership:
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=name)
    return Membership.objects.create(user=user, organisation=org, role=role)


def sign_in(client, user: User):
    """Sign in as if the password and a TOTP code had both been entered."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    for membership in user.memberships.active():
        acknowledge_conduct(membership)
    return client


def acknowledge_conduct(membership: Membership) -> None:
    """Acknowledge the organisation's current code of conduct, as every member must before using the console."""
    code = current_code(membership.organisation)
    if code.pk is None:
        code.save()
    ConductAcknowledgement.objects.get_or_create(membership=membership, code=code)


def give_training(membership: Membership, *permissions: str, completed_on=None) -> list[TrainingRecord]:
    """Record current training for each course kind that `permissions` need (see access.TRAINING_FOR)."""
    from django.utils import timezone

    records = []
    for kind in {kind for p in permissions for kind in TRAINING_FOR[p].kinds}:
        course = Course.objects.filter(organisation=membership.organisation, kind=kind).first()
        if course is None:
            course = Course.objects.create(
                organisation=membership.organisation, kind=kind, name=f"Test course ({kind})", valid_months=12
            )
        records.append(
            TrainingRecord.objects.create(
                organisation=membership.organisation,
                membership=membership,
                course=course,
                completed_on=completed_on or timezone.localdate(),
                verified_at=timezone.now(),  # only verified training passes @trained_for
            )
        )
    return records


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
def members(manager, dsl, moderator, author, reviewer, viewer):
    """Every role of `org`, keyed by role value."""
    return {m.role: m for m in (manager, dsl, moderator, author, reviewer, viewer)}


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
