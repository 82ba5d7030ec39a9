from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django_otp.plugins.otp_static.models import StaticDevice

from harbour.accounts.models import Membership, Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def seed() -> list[list[str]]:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return [line.split() for line in out.getvalue().splitlines() if "@derby-youth-voice.example" in line]


def test_seed_demo_gives_each_role_a_working_password_and_backup_codes(data_dir):
    rows = seed()
    memberships = Membership.objects.filter(organisation__name="Derby Youth Voice")
    assert sorted(memberships.values_list("role", flat=True)) == sorted(Role.values)
    for row in rows:
        email, password, code = row[-3:]
        user = User.objects.get(email=email)
        assert user.check_password(password)
        validate_password(password, user)
        device = StaticDevice.objects.get(user=user, confirmed=True)
        assert device.token_set.filter(token=code).exists()
        assert device.token_set.count() == 10


def test_seed_demo_again_changes_nothing_and_prints_the_same_sign_in_details(data_dir):
    first = seed()
    second = seed()
    assert first == second
    assert User.objects.count() == 6
    assert (data_dir / "demo-credentials.json").stat().st_mode & 0o777 == 0o600


def test_a_used_backup_code_is_replaced_and_a_changed_password_is_not_printed(data_dir):
    rows = seed()
    manager_email, _, code = rows[0][-3:]
    manager = User.objects.get(email=manager_email)
    assert StaticDevice.objects.get(user=manager).verify_token(code)
    manager.set_password("An0ther-Pass!word")
    manager.save()

    again = next(" ".join(row) for row in seed() if manager_email in row)
    assert "(changed since the demo was loaded)" in again
    assert not again.endswith(code)


def test_seed_demo_gives_each_person_the_training_their_role_needs(data_dir):
    from harbour.accounts.training import member_training

    seed()
    for membership in Membership.objects.filter(organisation__name="Derby Youth Voice"):
        assert member_training(membership).up_to_date, membership.role
