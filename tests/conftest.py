"""The shared cast for every test: one organisation with a member in each role, and an outsider
from another organisation. `sign_in(client, user)` signs a test client in with two-factor done."""

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour.accounts.models import Membership, Organisation, Role, User

PASSWORD = "Harb0ur!Test-Pass"


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
    return client


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
