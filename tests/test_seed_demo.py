from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django_otp.plugins.otp_static.models import StaticDevice

from harbour.accounts.capabilities import Role
from harbour.accounts.models import Membership, User

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
    assert User.objects.count() == len(Role.values)  # one person in each role
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


def test_seed_demo_loads_again_over_whatever_people_did_with_the_demo(data_dir):
    """Issue 15, item 13: each change below broke a lookup that was not on something unique
    (MultipleObjectsReturned, or no course of a kind), and `harbour run` would not start."""
    import datetime

    from django.utils import timezone

    from harbour.accounts import services
    from harbour.accounts.models import Course, CourseKind, Organisation, TrainingRecord
    from harbour.accounts.training import member_training

    seed()
    org = Organisation.objects.get(slug="derby-youth-voice")
    demo = {m.role: m for m in Membership.objects.filter(organisation=org)}
    # A member records a course they already have, twice (their own records, awaiting verification).
    social = Course.objects.get(organisation=org, kind=CourseKind.SOCIAL_MEDIA)
    for days in (1, 2):
        services.save_training(
            TrainingRecord(
                organisation=org,
                membership=demo[Role.MODERATOR],
                course=social,
                completed_on=timezone.localdate() - datetime.timedelta(days=days),
            ),
            by=demo[Role.MODERATOR],
        )
    # A second set of backup codes with the same name.
    StaticDevice.objects.create(user=demo[Role.MANAGER].user, name="Backup codes", confirmed=True)
    # A manager re-kinds the level 3 course (so no course of that kind is left) and renames another only in case.
    Course.objects.filter(organisation=org, kind=CourseKind.SAFEGUARDING_3).update(kind=CourseKind.OTHER)
    Course.objects.filter(pk=social.pk).update(name=social.name.upper())
    # Roles and memberships change.
    Membership.objects.filter(pk=demo[Role.AUTHOR].pk).update(role=Role.REVIEWER)
    Membership.objects.filter(pk=demo[Role.VIEWER].pk).update(is_active=False)

    seed()
    for membership in Membership.objects.filter(organisation=org, is_active=True):
        assert member_training(membership).up_to_date, membership.role
    names = [name.lower() for name in Course.objects.filter(organisation=org).values_list("name", flat=True)]
    assert len(names) == len(set(names)), names
    records = TrainingRecord.objects.count()
    seed()
    assert TrainingRecord.objects.count() == records


def test_a_damaged_credentials_file_does_not_stop_the_demo(data_dir):
    seed()
    for damage in ("not json", "[1, 2]", '{"manager@derby-youth-voice.example": "no pair"}'):
        (data_dir / "demo-credentials.json").write_text(damage)
        rows = seed()
        assert len(rows) == len(Role.values)
        email, password = rows[0][-3], rows[0][-2]
        assert User.objects.get(email=email).check_password(password)
