"""Every text a person types into an accounts form has a limit that fits its use, refused with a
clear message, and the services refuse the same (issue 15, item 15)."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from harbour.accounts import forms as accounts_forms
from harbour.accounts import services
from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.accounts.models import CodeOfConduct, Course, CourseKind, Invitation, TrainingRecord, User
from tests.cast import PASSWORD, sign_in

pytestmark = pytest.mark.django_db

LONG_EMAIL = "name1234@" + ".".join(["d" * 60] * 4) + ".org"  # a well-formed address of 256 characters
LONG_PASSWORD = "Aa1!" * 65  # 260 characters


def accounts_form_classes(manager) -> list[tuple[type, dict]]:
    """Every form in harbour.accounts.forms, with the arguments each needs."""
    org = manager.organisation
    needs = {
        accounts_forms.PasswordAndCodeForm: {"user": manager.user},
        accounts_forms.ChangePasswordForm: {"user": manager.user},
        accounts_forms.SetPasswordForm: {"user": manager.user},
        accounts_forms.AcceptInvitationForm: {"email": "new@example.org"},
        accounts_forms.CourseForm: {"organisation": org},
        accounts_forms.TrainingRecordForm: {"organisation": org, "members": org.memberships.all()},
    }
    classes = [
        value
        for value in vars(accounts_forms).values()
        if isinstance(value, type)
        and issubclass(value, forms.BaseForm)
        and value.__module__ == accounts_forms.__name__
    ]
    assert len(classes) >= 14
    return [(cls, needs.get(cls, {})) for cls in classes]


def test_every_text_field_in_every_accounts_form_has_a_limit_and_says_it_plainly(manager):
    problems, checked = [], 0
    for cls, needs in accounts_form_classes(manager):
        for name, field in cls(**needs).fields.items():
            if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.HiddenInput):
                continue
            where = f"{cls.__name__}.{name}"
            if not field.max_length:
                problems.append(f"{where} has no max_length")
                continue
            bound = cls(data={name: "x" * (field.max_length + 1)}, **needs)
            bound.is_valid()
            errors = " ".join(bound.errors.get(name, []))
            checked += 1
            if not errors or "Ensure this value" in errors:
                problems.append(f"{where}: over-long input gets {errors!r}, not a message written for people")
    assert checked >= 12
    assert not problems, "\n".join(problems)


def test_sign_in_refuses_an_over_long_email_and_password(client):
    html = client.post(
        reverse("accounts:login"), {"email": LONG_EMAIL, "password": LONG_PASSWORD}
    ).content.decode()
    assert "Enter an email address of 254 characters or fewer" in html
    assert "Enter a password of 256 characters or fewer" in html


def test_password_reset_refuses_an_over_long_email(client):
    html = client.post(reverse("accounts:password_reset"), {"email": LONG_EMAIL}).content.decode()
    assert html.count("Enter an email address of 254 characters or fewer") == 2  # the summary and the field


def test_changing_a_password_refuses_over_long_passwords(client, manager):
    sign_in(client, manager.user)
    data = {
        "current_password": LONG_PASSWORD,
        "new_password": LONG_PASSWORD,
        "new_password_again": LONG_PASSWORD,
    }
    html = client.post(reverse("accounts:change_password"), data).content.decode()
    assert html.count("Enter a password of 256 characters or fewer") >= 3
    manager.user.refresh_from_db()
    assert manager.user.check_password(PASSWORD)


def test_inviting_refuses_an_over_long_email(client, manager):
    sign_in(client, manager.user)
    html = client.post(
        reverse("accounts:invite"), {"email": LONG_EMAIL, "role": Role.VIEWER}
    ).content.decode()
    assert html.count("Enter an email address of 254 characters or fewer") == 2
    assert not Invitation.objects.exists()


def test_accepting_an_invitation_refuses_an_over_long_name(client, manager):
    _, link = services.invite_member(
        manager.organisation, "new@example.org", Role.VIEWER, by=manager, base_url="https://h.example"
    )
    data = {
        "full_name": "N" * 151,
        "new_password": "N3w!harbour-pass",
        "new_password_again": "N3w!harbour-pass",
    }
    html = client.post(link.replace("https://h.example", ""), data).content.decode()
    assert html.count("Your name must be 150 characters or fewer") == 2
    assert not User.objects.filter(email="new@example.org").exists()


def test_the_code_of_conduct_has_a_character_count_and_refuses_more(client, manager):
    sign_in(client, manager.user)
    url = reverse("accounts:conduct_edit")
    page = client.get(url).content.decode()
    assert 'data-module="govuk-character-count"' in page and 'data-maxlength="20000"' in page
    html = client.post(url, {"text": "x" * 20_001}).content.decode()
    assert html.count("The code of conduct must be 20,000 characters or fewer") == 2
    assert not CodeOfConduct.objects.filter(text__startswith="xxx").exists()


def test_a_course_name_over_200_characters_is_refused(client, manager):
    sign_in(client, manager.user)
    data = {"name": "C" * 201, "kind": CourseKind.OTHER, "valid_months": "12"}
    html = client.post(reverse("accounts:course_add"), data).content.decode()
    assert html.count("The name must be 200 characters or fewer") == 2
    assert not Course.objects.filter(name__startswith="CCC").exists()


def test_a_certificate_with_a_long_file_name_is_kept_with_its_name_shortened(
    client, moderator, private_media
):
    services.seed_defaults(moderator.organisation)
    course = Course.objects.get(organisation=moderator.organisation, kind=CourseKind.SOCIAL_MEDIA)
    sign_in(client, moderator.user)
    name = "Certificate of completion " + "x" * 300 + ".pdf"
    data = {
        "member": moderator.pk,
        "course": course.pk,
        "completed_on": "01/03/2026",
        "evidence": SimpleUploadedFile(name, b"%PDF-1.4 certificate", "application/pdf"),
    }
    assert client.post(reverse("accounts:training_add"), data).status_code == 302
    record = TrainingRecord.objects.get()
    assert record.evidence_name == name[:200] and len(record.evidence.name) <= 100


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda m: services.publish_code_of_conduct(m.organisation, "x" * 20_001, by=m),
            "The code of conduct must be 20,000",
        ),
        (
            lambda m: services.save_course(
                Course(organisation=m.organisation, name="C" * 201, kind=CourseKind.OTHER, valid_months=1),
                by=m,
            ),
            "The course name must be 200",
        ),
        (
            lambda m: services.invite_member(
                m.organisation, LONG_EMAIL, Role.VIEWER, by=m, base_url="https://h.example"
            ),
            "The email address must be 254",
        ),
        (lambda m: services.create_organisation("O" * 201, "o"), "The organisation's name must be 200"),
    ],
)
def test_the_services_refuse_over_long_text_too(manager, call, message):
    with pytest.raises(NotAllowed, match=message):
        call(manager)


def test_a_person_with_the_longest_email_address_can_join(manager):
    """The username mirrors the email: it must hold 254 characters, not AbstractUser's 150."""
    email = "nnnn@" + ".".join(["d" * 62] * 3) + "." + "e" * 60  # 254 characters
    assert len(email) == 254
    invitation, _ = services.invite_member(
        manager.organisation, email, Role.VIEWER, by=manager, base_url="https://h.example"
    )
    user = services.accept_invitation_as_new_user(
        invitation, full_name="Long Address", password="N3w!harbour-pass"
    )
    user.full_clean(exclude=["password"])
    assert User.objects.get(email=email).username == email
