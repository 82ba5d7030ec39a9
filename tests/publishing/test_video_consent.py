"""A video of a young person needs their and a parent's consent for video (consent.models.Use.VIDEO): the
consent gate asks for it at submission and at the moment of posting, and consent for photographs alone
does not let the video through. Once a video goes out (here through the demo connector, Harbour's own
platform), the ledger (consent PublishedUse) records each person tagged in it, as a video, with the asset."""

import datetime

import pytest
from django.utils import timezone

from harbour.consent import services as consent
from harbour.consent.models import Decision, EvidenceKind, PersonKind, PublishedUse, Use
from harbour.publishing import sending, services
from harbour.publishing.checks import draft_of, run_checks
from harbour.publishing.draft import Status
from harbour.publishing.models import PostState, PublicationState
from tests.cast import active_channel, give_training
from tests.publishing.library import attach, video_asset

pytestmark = pytest.mark.django_db

TEXT = "Watch our canoe race on the river! Who do you think will win next year?"


def young_person(org, by, uses):
    """Kai, 14, with Kai's own and Kai's mother's consent given for `uses`."""
    kai = consent.add_person(
        org, by=by, kind=PersonKind.YOUNG_PERSON, first_name="Kai", last_name="Morgan",
        date_of_birth=datetime.date(2012, 4, 2),
    )  # fmt: skip
    mother = consent.add_person(org, by=by, kind=PersonKind.PARENT, first_name="Dana", last_name="Morgan")
    consent.link_guardian(kai, mother, by=by, relationship="Mother")
    for giver in (kai, mother):
        consent.record_consent(
            kai,
            by=by,
            given_by=giver,
            decisions=dict.fromkeys(uses, Decision.GIVEN),
            starts=datetime.date(2020, 1, 1),
            evidence_kind=EvidenceKind.SIGNATURE,
            signed_name=giver.full_name,
        )
    return kai


@pytest.fixture
def channel(org):
    return active_channel(org, "demo", started_at=timezone.now().isoformat())


def post_with_video_of(org, author, channel, person):
    post = services.create_post(by=author, title="Regatta", text=TEXT, channel_ids=[channel.pk])
    video = video_asset(org, author, shows="young_people", people=[person],
                        alt_text="A young person paddling a canoe towards the finish line")  # fmt: skip
    attach(post, author, asset=video)
    post.refresh_from_db()
    return post, video


def consent_check(post):
    [check] = [c for c in run_checks(draft_of(post)) if c.key == "consent"]
    return check


def test_photo_consent_alone_does_not_let_a_video_of_a_young_person_through(org, author, channel):
    kai = young_person(org, author, uses=(Use.PHOTO,))
    post, _ = post_with_video_of(org, author, channel, kai)
    check = consent_check(post)
    assert check.status == Status.BLOCKS
    assert "Consent for video of \u2068Kai Morgan\u2069 is missing" in check.summary
    with pytest.raises(services.Blocked):
        services.submit(post, by=author, revision=post.revision)


def test_video_consent_lets_it_through(org, author, channel):
    kai = young_person(org, author, uses=(Use.VIDEO,))
    post, _ = post_with_video_of(org, author, channel, kai)
    assert consent_check(post).status == Status.OK
    services.submit(post, by=author, revision=post.revision)


def test_a_video_consent_withdrawn_after_approval_stops_it_going_out(org, author, reviewer, channel):
    give_training(reviewer, "approve")
    kai = young_person(org, author, uses=(Use.VIDEO,))
    post, _ = post_with_video_of(org, author, channel, kai)
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=reviewer, version_number=1, approve=True)
    [record] = kai.consents.filter(given_by__kind=PersonKind.PARENT)
    consent.withdraw_consent(record, by=author, note="Changed her mind")
    publication = post.publications.get()
    assert sending.publish(publication.pk).outcome == "blocked"
    publication.refresh_from_db()
    assert publication.state == PublicationState.FAILED and "Kai Morgan" in publication.error
    assert not PublishedUse.objects.exists()


def test_a_video_sent_through_the_demo_connector_is_in_the_ledger(org, author, reviewer, channel):
    give_training(reviewer, "approve")
    kai = young_person(org, author, uses=(Use.VIDEO,))
    post, video = post_with_video_of(org, author, channel, kai)
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=reviewer, version_number=1, approve=True)
    publication = post.publications.get()
    assert sending.publish(publication.pk).outcome == "published"
    publication.refresh_from_db()
    post.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED and publication.platform_id.startswith("demo-")
    assert post.state == PostState.PUBLISHED
    rows = PublishedUse.objects.filter(publication=publication)
    assert [(r.person_id, r.use, r.asset_id) for r in rows] == [(kai.pk, Use.VIDEO, video.pk)]
