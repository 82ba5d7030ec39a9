"""Training passes a gate only once someone else, a manager, has verified it (issue 15, item 4)."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from harbour.accounts import services
from harbour.accounts.access import NotAllowed, missing_training
from harbour.accounts.capabilities import Role
from harbour.accounts.models import Course, CourseKind, TrainingRecord
from harbour.audit.models import AuditEvent
from tests.cast import make_member, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(org):
    services.seed_defaults(org)
    return Course.objects.get(organisation=org, kind=CourseKind.SOCIAL_MEDIA)


@pytest.fixture
def second_manager(org):
    return make_member(org, Role.MANAGER, "mark.manager@example.org", "Mark Manager")


def record_own(client, membership, course):
    sign_in(client, membership.user)
    response = client.post(
        reverse("accounts:training_add"),
        {
            "member": membership.pk,
            "course": course.pk,
            "completed_on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    return TrainingRecord.objects.get(membership=membership)


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.MANAGER, Role.SAFEGUARDING_LEAD, Role.REVIEWER])
def test_a_members_own_record_does_not_pass_the_gate_until_verified(client, org, course, role):
    member = make_member(org, role, f"{role}@example.org", f"Someone {role}")
    permission = "approve" if role == Role.REVIEWER else "moderate"
    record = record_own(client, member, course)
    assert not record.is_verified
    assert missing_training(member, permission) == [CourseKind.SOCIAL_MEDIA]
    html = client.get(reverse("accounts:training")).content.decode()
    assert "Awaiting verification" in html and "awaiting verification by a manager" in html


def test_the_gate_page_says_the_record_waits_for_verification(client, moderator, course):
    record_own(client, moderator, course)
    from django.http import HttpResponse
    from django.test import RequestFactory

    from harbour.accounts.access import member_required, trained_for

    @member_required()
    @trained_for("moderate")
    def view(request):
        return HttpResponse("in")

    request = RequestFactory().get("/")
    request.user, request.membership, request.organisation = moderator.user, moderator, moderator.organisation
    request.user.is_verified = lambda: True
    response = view(request)
    assert response.status_code == 403
    assert "recorded but not verified yet" in response.content.decode()


def test_a_manager_verifies_through_the_training_page_with_its_csrf_token(manager, moderator, course):
    """The Verify button is a real form: fetch the page with CSRF checks on and send what it holds."""
    record = record_own(Client(), moderator, course)
    client = sign_in(Client(enforce_csrf_checks=True), manager.user)
    html = client.get(reverse("accounts:training")).content.decode()
    action = reverse("accounts:training_verify", args=[record.pk])
    form = re.search(rf'<form method="post" action="{re.escape(action)}">(.*?)</form>', html, re.DOTALL)
    assert form, "no Verify form for the moderator's record"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1))
    assert token, "the Verify form has no CSRF token"
    response = client.post(action, {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.verified_by == manager.user and record.is_verified
    assert missing_training(moderator, "moderate") == []


def test_a_manager_cannot_verify_their_own_record(client, manager, second_manager, course):
    record = record_own(client, manager, course)
    assert record.verified_at is None  # recording it did not verify it either
    with pytest.raises(NotAllowed, match="your own training"):
        services.verify_training(record, by=manager)
    response = client.post(reverse("accounts:training_verify", args=[record.pk]), follow=True)
    assert "You cannot verify your own training" in response.content.decode()
    record.refresh_from_db()
    assert record.verified_at is None and not AuditEvent.objects.filter(action="training.verified").exists()
    assert missing_training(manager, "moderate") == [CourseKind.SOCIAL_MEDIA]
    # no Verify button on one's own record
    html = client.get(reverse("accounts:training")).content.decode()
    assert reverse("accounts:training_verify", args=[record.pk]) not in html
    services.verify_training(record, by=second_manager)
    assert missing_training(manager, "moderate") == []


@pytest.mark.parametrize("role", [Role.SAFEGUARDING_LEAD, Role.MODERATOR, Role.VIEWER])
def test_only_a_manager_verifies_in_the_service_too(org, moderator, course, role):
    record = services.save_training(
        TrainingRecord(
            organisation=org, membership=moderator, course=course, completed_on=timezone.localdate()
        ),
        by=moderator,
    )
    other = make_member(org, role, f"other-{role}@example.org", "Other")
    with pytest.raises(NotAllowed):
        services.verify_training(record, by=other)


def test_a_manager_of_another_organisation_cannot_verify(moderator, outsider, course):
    record = services.save_training(
        TrainingRecord(
            organisation=moderator.organisation,
            membership=moderator,
            course=course,
            completed_on=timezone.localdate(),
        ),
        by=moderator,
    )
    with pytest.raises(NotAllowed):
        services.verify_training(record, by=outsider)


def test_a_self_verified_record_from_before_does_not_count(moderator, course):
    TrainingRecord.objects.create(
        organisation=moderator.organisation,
        membership=moderator,
        course=course,
        completed_on=timezone.localdate(),
        recorded_by=moderator.user,
        verified_by=moderator.user,
        verified_at=timezone.now(),
    )
    assert missing_training(moderator, "moderate") == [CourseKind.SOCIAL_MEDIA]


def test_changing_a_verified_record_by_its_owner_needs_verifying_again(client, manager, moderator, course):
    record = services.save_training(
        TrainingRecord(
            organisation=moderator.organisation,
            membership=moderator,
            course=course,
            completed_on=timezone.localdate(),
        ),
        by=manager,
    )
    assert missing_training(moderator, "moderate") == []
    sign_in(client, moderator.user)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    client.post(
        reverse("accounts:training_edit", args=[record.pk]),
        {"member": moderator.pk, "course": course.pk, "completed_on": yesterday.strftime("%d/%m/%Y")},
    )
    assert missing_training(moderator, "moderate") == [CourseKind.SOCIAL_MEDIA]
