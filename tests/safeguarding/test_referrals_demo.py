"""The demo's referral contacts and its closed concern with a referral and an outcome
(harbour/safeguarding/referrals_demo.py), made through the services and safe to run again."""

import pytest

from harbour.accounts.capabilities import Role
from harbour.safeguarding import referrals_demo
from harbour.safeguarding.destinations import DERBY_AND_DERBYSHIRE
from harbour.safeguarding.models import Concern, Destination, Referral, Status
from tests.cast import give_training

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_derby_contacts_and_a_closed_concern_with_a_referral_and_an_outcome(
    org, dsl, moderator
):
    members = {Role.SAFEGUARDING_LEAD: dsl, Role.MODERATOR: moderator}
    give_training(moderator, "raise_concerns")
    referrals_demo.seed(org, members)
    referrals_demo.seed(org, members)  # again: nothing more
    assert Destination.objects.for_org(org).count() == len(DERBY_AND_DERBYSHIRE)
    concern = Concern.objects.get(organisation=org)
    assert concern.status == Status.CLOSED and concern.outcome and concern.outcome_reason
    referral = Referral.objects.get(concern=concern)
    assert (referral.destination_name, referral.reference) == (referrals_demo.FRONT_DOOR, "IRT-DEMO-0427")
    assert [entry.kind for entry in concern.entries.all()] == ["action", "decision", "outcome"]


def test_the_demo_gives_up_quietly_without_its_people(org, dsl):
    referrals_demo.seed(org, {Role.SAFEGUARDING_LEAD: dsl})
    assert not Concern.objects.exists() and not Destination.objects.exists()
