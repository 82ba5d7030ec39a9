import datetime

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from harbour.accounts.access import TRAINING_FOR, member_required, missing_training, trained_for
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import CourseKind, TrainingRecord, add_months
from tests.cast import give_training

pytestmark = pytest.mark.django_db


@member_required(Capability.MODERATE)
@trained_for(Capability.MODERATE)
def moderate_view(request):
    return HttpResponse("moderating")


def call(membership):
    request = RequestFactory().get("/moderate/")
    user = membership.user
    user.is_verified = lambda: True
    request.user, request.membership, request.organisation = user, membership, membership.organisation
    request.session = {}
    return moderate_view(request)


def test_every_requirement_names_real_course_kinds_and_a_capability():
    for capability, requirement in TRAINING_FOR.items():
        assert capability in Capability
        assert requirement.kinds and all(kind in CourseKind.values for kind in requirement.kinds)


def test_untrained_moderator_is_refused_with_the_course_named(moderator):
    response = call(moderator)
    assert response.status_code == 403
    html = response.content.decode()
    assert "You need up-to-date training to moderate comments and messages" in html
    assert "There is no record of your <strong>Social media good practice</strong> training" in html
    assert missing_training(moderator, "moderate") == [CourseKind.SOCIAL_MEDIA]


def test_trained_moderator_gets_in(moderator):
    give_training(moderator, "moderate")
    assert call(moderator).content == b"moderating"
    assert missing_training(moderator, "moderate") == []


def test_expired_training_says_since_when(moderator):
    completed = add_months(timezone.localdate(), -13)
    (record,) = give_training(moderator, "moderate", completed_on=completed)
    html = call(moderator).content.decode()
    assert f"training expired on {record.expires_on:%-d %B %Y}" in html


def test_training_in_another_organisation_does_not_count(moderator, outsider):
    give_training(outsider, "moderate")
    TrainingRecord.objects.update(membership=moderator)  # even a record pointing across organisations
    assert missing_training(moderator, "moderate") == [CourseKind.SOCIAL_MEDIA]


def test_safeguarding_concerns_need_level_three(dsl):
    give_training(dsl, "moderate")
    assert missing_training(dsl, "handle_concerns") == [CourseKind.SAFEGUARDING_3]
    give_training(dsl, "handle_concerns")
    assert missing_training(dsl, "handle_concerns") == []


def test_a_higher_safeguarding_level_covers_the_lower_ones(dsl, moderator):
    assert missing_training(dsl, "raise_concerns") == [CourseKind.SAFEGUARDING_1]
    give_training(dsl, "handle_concerns")  # level 3
    assert missing_training(dsl, "raise_concerns") == []
    give_training(moderator, "raise_concerns")  # level 1 does not cover level 3
    assert missing_training(moderator, "handle_concerns") == [CourseKind.SAFEGUARDING_3]


def test_wrong_role_gets_403_before_training_is_looked_at(author):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        call(author)


def test_an_unknown_permission_is_a_programming_error():
    with pytest.raises(ValueError):
        trained_for("moderat")


def test_training_that_never_expires_counts(moderator):
    (record,) = give_training(moderator, "moderate", completed_on=datetime.date(2001, 1, 1))
    record.course.valid_months = 0
    record.course.save()
    record.save()
    assert missing_training(moderator, "moderate") == []
