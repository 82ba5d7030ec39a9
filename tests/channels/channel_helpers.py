"""Helpers for the channels tests. Fixtures here are imported by the test modules that use them:
a conftest.py in this folder would shadow the shared one that `from conftest import` reaches."""

import pytest
from conftest import sign_in
from django.test import Client

from harbour.accounts.models import Membership
from harbour.channels import services
from harbour.channels.models import Outcome


@pytest.fixture
def client_for(db):
    """client_for(member) -> a new test Client signed in as that member, two-factor done."""

    def signed_in(member: Membership) -> Client:
        return sign_in(Client(), member.user)

    return signed_in


VALUES = {
    "platform": "bluesky",
    "name": "Youth Council on Bluesky",
    "handle": "@derbyyouth.bsky.social",
    "display_name": "Derby Youth Council",
    "in_organisation_name": True,
    "config": {},
    "aims": "Tell young people about youth council meetings and hear what they think.",
    "platform_minimum_age": 13,
    "suitability": "Young people in Derby use it; reply controls let us keep conversations manageable.",
    "audience_min_age": 13,
    "audience_max_age": 19,
    "response_hours": 24,
    "moderation_hours": "every day from 9am to 8pm",
    "checks_per_day": 3,
    "contact_email": "youth@derby.example.org",
    "contact_phone": "01332 000000",
    "contact_url": "",
    "privacy_review_days": 90,
}


def propose(org, by, **changes):
    values = {**VALUES, **changes}
    return services.propose_channel(org, values, owners=[by], moderators=[], by=by)


def make_ready(channel, *, manager, moderator):
    """Approve (by `manager`), name a moderator, publish a disclaimer, enter the credential and
    complete a privacy review, leaving the channel approved and ready to go active."""
    if channel.status == "proposed":
        services.approve_channel(channel, by=manager)
    services.update_channel(
        channel, {}, owners=list(channel.owners.all()), moderators=[moderator], by=manager
    )
    services.publish_disclaimer(channel, "# About this account\n\nWe check it daily.", by=manager)
    services.set_credential(channel, "app_password", "abcd-efgh-ijkl-mnop", by=manager)
    review = services.start_privacy_review(channel, by=manager)
    services.record_privacy_checks(
        review, {c.item: (Outcome.CONFIRMED, "") for c in review.checks.all()}, by=manager
    )
    channel.refresh_from_db()
    return channel
