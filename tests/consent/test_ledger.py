"""The ledger of what went out (harbour/consent/ledger.py): a publication marked published writes, in the
same transaction, a PublishedUse for each person in the register its words named, its images from the
media library showed (with the asset) or its author tagged as named or quoted, on that channel; a publication that fails writes none, one found on the platform after a lost answer writes
them once, and a channel's own words count for that channel only."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from harbour.channels.models import Channel
from harbour.connectors.base import Rejected
from harbour.consent import media
from harbour.consent import services as consent
from harbour.consent.models import Decision, EvidenceKind, PersonKind, PublishedUse, Use
from harbour.publishing import sending, services
from harbour.publishing.models import Publication, PublicationState
from tests.cast import active_channel, give_training
from tests.publishing.platform import PublishingSource

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def platform():
    PublishingSource.reset()
    yield PublishingSource
    PublishingSource.reset()


def young_person_with_consent(org, by, first="Kai", last="Morgan", uses=(Use.FULL_NAME,)):
    child = consent.add_person(
        org,
        by=by,
        kind=PersonKind.YOUNG_PERSON,
        first_name=first,
        last_name=last,
        date_of_birth=datetime.date(2012, 4, 2),
    )
    carer = consent.add_person(org, by=by, kind=PersonKind.PARENT, first_name="Dana", last_name=last)
    consent.link_guardian(child, carer, by=by, relationship="Mother")
    for giver in (child, carer):
        consent.record_consent(
            child,
            by=by,
            given_by=giver,
            decisions=dict.fromkeys(uses, Decision.GIVEN),
            starts=datetime.date(2020, 1, 1),
            evidence_kind=EvidenceKind.SIGNATURE,
            signed_name=giver.full_name,
        )
    return child


def tagged_photo(org, by, *people):
    """An image in the media library (own work), showing young people, with `people` tagged in it."""
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (30, 140, 200)).save(out, "JPEG")
    asset = media.add_asset(
        org,
        by=by,
        upload=SimpleUploadedFile("quiz.jpg", out.getvalue(), content_type="image/jpeg"),
        title="Quiz night",
        alt_text="Two young people holding up the quiz trophy in the youth club",
        shows="young_people",
        source="own",
    )
    for person in people:
        media.tag_person(asset, person, by=by)
    return asset


def approved(
    org, author, reviewer, text, channels, variants=None, assets=(), people=(), publish_at=None
) -> list[Publication]:
    """Written, proof read and approved; `assets` attached from the library, `people` [(person, use)]
    tagged as named or quoted in the words."""
    give_training(reviewer, "approve")
    post = services.create_post(
        by=author,
        title="Awards night",
        text=text,
        channel_ids=[c.pk for c in channels],
        variants=variants,
        publish_at=publish_at,
    )
    for asset in assets:
        services.add_image(post, by=author, revision=post.revision, asset=asset)
        post.refresh_from_db()
    for person, use in people:
        services.tag_person(post, by=author, revision=post.revision, person=person, use=use)
        post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=reviewer, version_number=1, approve=True)
    return list(Publication.objects.filter(post=post).order_by("channel__name"))


def test_a_published_post_records_each_person_it_named(org, author, reviewer):
    kai = young_person_with_consent(org, author)
    sam = young_person_with_consent(org, author, first="Sam", last="Okafor")
    channel = active_channel(org, "test_publishing")
    [publication] = approved(
        org, author, reviewer, "Well done Kai Morgan and Sam Okafor, our volunteers of the year!", [channel]
    )
    assert not PublishedUse.objects.exists()  # nothing before it is out
    assert sending.publish(publication.pk).outcome == "published"
    rows = PublishedUse.objects.filter(publication=publication)
    assert sorted((r.person_id, r.use, r.asset_id) for r in rows) == sorted(
        [(kai.pk, Use.FULL_NAME, None), (sam.pk, Use.FULL_NAME, None)]
    )
    assert {r.organisation_id for r in rows} == {org.pk}


def test_a_failed_publication_records_nothing(org, author, reviewer, platform):
    young_person_with_consent(org, author)
    channel = active_channel(org, "test_publishing")
    [publication] = approved(org, author, reviewer, "Well done Kai Morgan!", [channel])
    platform.SCRIPT = [Rejected("The text is too long")]
    assert sending.publish(publication.pk).outcome == "failed"
    publication.refresh_from_db()
    assert publication.state == PublicationState.FAILED
    assert not PublishedUse.objects.exists()


def test_a_post_found_after_a_lost_answer_records_its_ledger_once(org, author, reviewer, platform):
    kai = young_person_with_consent(org, author)
    channel = active_channel(org, "test_publishing")
    [publication] = approved(org, author, reviewer, "Well done Kai Morgan!", [channel])
    platform.LOST_ANSWER = True
    assert sending.publish(publication.pk).outcome == "retry"
    assert not PublishedUse.objects.exists()  # the platform's answer never came: not known to be out
    publication.refresh_from_db()
    assert sending.publish(publication.pk, now=publication.next_try_at).outcome == "found"
    assert list(PublishedUse.objects.values_list("person_id", "use")) == [(kai.pk, Use.FULL_NAME)]


def test_a_post_that_names_nobody_in_the_register_records_nothing(org, author, reviewer):
    young_person_with_consent(org, author)
    channel = active_channel(org, "test_publishing")
    [publication] = approved(org, author, reviewer, "The youth club is closed on Monday.", [channel])
    assert sending.publish(publication.pk).outcome == "published"
    assert not PublishedUse.objects.exists()


def test_each_channel_records_its_own_words(org, author, reviewer):
    """The ledger is per publication: a name only in one channel's own words is recorded on that one."""
    kai = young_person_with_consent(org, author)
    first, second = active_channel(org, "test_publishing"), active_channel(org, "test_publishing")
    Channel.objects.filter(pk=first.pk).update(name="A first")
    Channel.objects.filter(pk=second.pk).update(name="B second")
    publications = approved(
        org,
        author,
        reviewer,
        "Awards night was a great evening.",
        [first, second],
        variants={second.pk: "Awards night: well done Kai Morgan!"},
    )
    for publication in publications:
        assert sending.publish(publication.pk).outcome == "published"
    assert list(PublishedUse.objects.values_list("publication__channel_id", "person_id")) == [
        (second.pk, kai.pk)
    ]


def test_a_published_image_records_each_person_tagged_in_it_and_tagged_people_too(org, author, reviewer):
    kai = young_person_with_consent(org, author, uses=(Use.PHOTO,))
    sam = young_person_with_consent(org, author, first="Sam", last="Okafor", uses=(Use.QUOTE,))
    asset = tagged_photo(org, author, kai)
    channel = active_channel(org, "test_publishing")
    [publication] = approved(
        org,
        author,
        reviewer,
        "Quiz night! 'Best night of the term,' said one of our volunteers.",
        [channel],
        assets=[asset],
        people=[(sam, Use.QUOTE)],
    )
    assert sending.publish(publication.pk).outcome == "published"
    assert sorted(PublishedUse.objects.values_list("person_id", "use", "asset_id")) == sorted(
        [(kai.pk, Use.PHOTO, asset.pk), (sam.pk, Use.QUOTE, None)]
    )
