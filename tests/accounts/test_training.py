import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from harbour.accounts import services
from harbour.accounts.models import Course, CourseKind, TrainingRecord, add_months
from harbour.audit.models import AuditEvent
from tests.cast import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

PDF = b"%PDF-1.4\n%test certificate\n"


def png_bytes(size=(4, 3)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, "PNG")
    return out.getvalue()


PNG = png_bytes()


@pytest.fixture
def course(org):
    services.seed_defaults(org)
    return Course.objects.get(organisation=org, kind=CourseKind.SOCIAL_MEDIA)


def post_record(client, member, course, completed="01/03/2026", upload=None):
    data = {"member": member.pk, "course": course.pk, "completed_on": completed}
    if upload is not None:
        data["evidence"] = upload
    return client.post(reverse("accounts:training_add"), data)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        ((2026, 1, 31), 1, (2026, 2, 28)),
        ((2024, 1, 31), 1, (2024, 2, 29)),
        ((2026, 11, 30), 3, (2027, 2, 28)),
        ((2026, 3, 15), 24, (2028, 3, 15)),
    ],
)
def test_add_months_keeps_the_day_or_the_months_end(day, months, expected):
    assert add_months(datetime.date(*day), months) == datetime.date(*expected)


def test_member_records_their_own_training_with_a_certificate(client, moderator, course, private_media):
    sign_in(client, moderator.user)
    response = post_record(
        client, moderator, course, upload=SimpleUploadedFile("My cert.pdf", PDF, "application/pdf")
    )
    assert response.url == reverse("accounts:training")
    record = TrainingRecord.objects.get()
    assert record.membership == moderator and record.expires_on == datetime.date(2027, 3, 1)
    assert record.verified_at is None and record.evidence_name == "My cert.pdf"
    assert "My cert" not in record.evidence.name and record.evidence.name.startswith(
        f"training/{moderator.organisation_id}/"
    )
    assert AuditEvent.objects.filter(action="training.recorded").count() == 1


def test_a_member_cannot_record_for_someone_else(client, moderator, author, course):
    sign_in(client, moderator.user)
    html = post_record(client, author, course).content.decode()
    assert "Choose a member from the list" in html
    assert not TrainingRecord.objects.exists()


def test_manager_records_for_anyone_and_it_counts_as_verified(client, manager, moderator, course):
    sign_in(client, manager.user)
    post_record(client, moderator, course)
    record = TrainingRecord.objects.get()
    assert record.membership == moderator and record.verified_by == manager.user


def test_manager_verifies_a_members_record(client, manager, moderator, course):
    record = services.save_training(
        TrainingRecord(
            organisation=moderator.organisation,
            membership=moderator,
            course=course,
            completed_on=datetime.date(2026, 1, 1),
        ),
        by=moderator,
    )
    sign_in(client, manager.user)
    client.post(reverse("accounts:training_verify", args=[record.pk]))
    record.refresh_from_db()
    assert record.verified_by == manager.user
    assert AuditEvent.objects.filter(action="training.verified").count() == 1


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("cert.pdf", b"<html><script>alert(1)</script>", "must be a PDF, PNG or JPEG"),
        ("cert.png", PDF, "must be a PDF, PNG or JPEG"),  # the name must agree with the contents
        ("cert.svg", b"<svg onload=alert(1)>", "must be a PDF, PNG or JPEG"),
        (
            "cert.jpg",
            b"\xff\xd8\xff\xe0<html><script>",
            "The image could not be read",
        ),  # JPEG's first bytes, no picture
    ],
)
def test_evidence_is_checked_by_its_contents(client, moderator, course, name, content, message):
    sign_in(client, moderator.user)
    response = post_record(
        client, moderator, course, upload=SimpleUploadedFile(name, content, "application/pdf")
    )
    assert response.content.decode().count(message) == 2
    assert not TrainingRecord.objects.exists()


def test_evidence_over_the_size_cap_is_refused(client, moderator, course, settings):
    settings.HARBOUR_MAX_UPLOAD_BYTES = 100
    sign_in(client, moderator.user)
    html = post_record(
        client, moderator, course, upload=SimpleUploadedFile("c.pdf", PDF + b"x" * 200)
    ).content.decode()
    assert "The file must be smaller than 100" in html


@pytest.mark.parametrize(
    "completed, message",
    [
        ("", "Enter the date the training was completed"),
        ("31/02/2026", "Enter the date as day, month and year"),
        ("01/01/2999", "today or in the past"),
    ],
)
def test_dates_are_checked(client, moderator, course, completed, message):
    sign_in(client, moderator.user)
    assert post_record(client, moderator, course, completed=completed).content.decode().count(message) == 2


def test_dates_are_read_day_first(client, moderator, course):
    sign_in(client, moderator.user)
    post_record(client, moderator, course, completed="03/04/2026")
    assert TrainingRecord.objects.get().completed_on == datetime.date(2026, 4, 3)


def test_certificate_is_a_download_for_its_owner_and_managers_only(
    client, manager, moderator, author, course
):
    sign_in(client, moderator.user)
    post_record(client, moderator, course, upload=SimpleUploadedFile("cert.png", PNG))
    url = reverse("accounts:training_evidence", args=[TrainingRecord.objects.get().pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (4, 3)
    sign_in(client, author.user)
    assert client.get(url).status_code == 403
    sign_in(client, manager.user)
    assert client.get(url).status_code == 200


def test_outsider_gets_404_for_records_and_certificates(client, moderator, outsider, course):
    record = TrainingRecord.objects.create(
        organisation=moderator.organisation,
        membership=moderator,
        course=course,
        completed_on=datetime.date(2026, 1, 1),
    )
    sign_in(client, outsider.user)
    for name in ("accounts:training_edit", "accounts:training_delete", "accounts:training_evidence"):
        assert client.get(reverse(name, args=[record.pk])).status_code == 404
    assert client.post(reverse("accounts:training_verify", args=[record.pk])).status_code == 404
    assert client.get(reverse("accounts:course_edit", args=[course.pk])).status_code == 404


def test_member_cannot_change_someone_elses_record(client, moderator, author, course):
    record = TrainingRecord.objects.create(
        organisation=moderator.organisation,
        membership=moderator,
        course=course,
        completed_on=datetime.date(2026, 1, 1),
    )
    sign_in(client, author.user)
    assert client.get(reverse("accounts:training_edit", args=[record.pk])).status_code == 403
    assert client.post(reverse("accounts:training_delete", args=[record.pk])).status_code == 403
    assert client.post(reverse("accounts:training_verify", args=[record.pk])).status_code == 403


def test_deleting_a_record_removes_its_file_and_is_audited(
    client, moderator, course, private_media, django_capture_on_commit_callbacks
):
    sign_in(client, moderator.user)
    post_record(client, moderator, course, upload=SimpleUploadedFile("c.pdf", PDF))
    record = TrainingRecord.objects.get()
    path = private_media / record.evidence.name
    assert path.exists()
    assert client.get(reverse("accounts:training_delete", args=[record.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:training_delete", args=[record.pk]))
    assert not TrainingRecord.objects.exists() and not path.exists()
    assert AuditEvent.objects.filter(action="training.deleted").count() == 1


def test_editing_a_record_by_its_owner_clears_verification(client, manager, moderator, course):
    record = services.save_training(
        TrainingRecord(
            organisation=moderator.organisation,
            membership=moderator,
            course=course,
            completed_on=datetime.date(2026, 1, 1),
        ),
        by=manager,
    )
    sign_in(client, moderator.user)
    client.post(
        reverse("accounts:training_edit", args=[record.pk]),
        {"member": moderator.pk, "course": course.pk, "completed_on": "02/01/2026"},
    )
    record.refresh_from_db()
    assert record.completed_on == datetime.date(2026, 1, 2) and record.verified_at is None
    assert AuditEvent.objects.filter(action="training.changed").count() == 1


def test_training_page_shows_what_is_due_for_my_role(client, moderator, course):
    sign_in(client, moderator.user)
    html = client.get(reverse("accounts:training")).content.decode()
    assert "Social media good practice</strong>: no record yet" in html


def test_manager_sees_expired_and_expiring_training(client, manager, moderator, author, course):
    today = timezone.localdate()
    TrainingRecord.objects.create(
        organisation=moderator.organisation,
        membership=moderator,
        course=course,
        completed_on=add_months(today, -13),
    )
    TrainingRecord.objects.create(
        organisation=author.organisation,
        membership=author,
        course=course,
        completed_on=add_months(today, -12) + datetime.timedelta(days=10),
    )
    sign_in(client, manager.user)
    html = client.get(reverse("accounts:training")).content.decode()
    section = html.split("Expired, or expiring in the next 30 days", 1)[1].split("</table>", 1)[0]
    assert moderator.user.full_name in section and "Expired" in section
    assert author.user.full_name in section and "Expires soon" in section


def test_a_course_change_moves_every_expiry_date(client, manager, moderator, course):
    record = TrainingRecord.objects.create(
        organisation=moderator.organisation,
        membership=moderator,
        course=course,
        completed_on=datetime.date(2026, 1, 1),
    )
    sign_in(client, manager.user)
    client.post(
        reverse("accounts:course_edit", args=[course.pk]),
        {"name": course.name, "kind": course.kind, "valid_months": "24"},
    )
    record.refresh_from_db()
    assert record.expires_on == datetime.date(2028, 1, 1)
    assert AuditEvent.objects.filter(action="course.changed").count() == 1


def test_course_form_explains_bad_input(client, manager, course):
    sign_in(client, manager.user)
    html = client.post(
        reverse("accounts:course_add"), {"name": course.name.upper(), "kind": "", "valid_months": "x"}
    ).content.decode()
    assert "There is already a course with this name" in html
    assert "Choose the kind of training" in html
    assert "whole number" in html


def test_courses_pages_are_for_managers(client, moderator, course):
    sign_in(client, moderator.user)
    assert client.get(reverse("accounts:courses")).status_code == 403
    assert client.post(reverse("accounts:add_default_courses")).status_code == 403


def test_default_courses_can_be_added_to_an_organisation_without_any(client, manager):
    sign_in(client, manager.user)
    assert "no courses to record" in client.get(reverse("accounts:training_add")).content.decode()
    client.post(reverse("accounts:add_default_courses"))
    assert sorted(Course.objects.values_list("kind", flat=True)) == sorted(
        [
            CourseKind.SAFEGUARDING_1,
            CourseKind.SAFEGUARDING_2,
            CourseKind.SAFEGUARDING_3,
            CourseKind.SOCIAL_MEDIA,
        ]
    )


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(reverse("accounts:training")).url.startswith(reverse("accounts:login"))
