"""The consent gate on posts through the services (harbour/consent/gate.py reading the media library and
the post's tagged people, run by publishing's submit, approve and send): a young person's photo without a
parent's consent blocks submission and approval; with both it passes; consent withdrawn after approval
stops it at the moment of posting; a never-publish child tagged in an image, tagged as named, or named by
first name in the words blocks; an image without a recorded licence blocks."""

import pytest
from django.utils import timezone

from harbour.consent import media, services
from harbour.consent.models import Decision, EvidenceKind, PersonKind
from harbour.publishing import sending
from harbour.publishing import services as publishing
from harbour.publishing.models import PostState, PublicationState
from tests.cast import active_channel, give_training
from tests.publishing.library import attach, library_image

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]
TEXT = "Camp photos are up! What was your best bit?"


@pytest.fixture
def channel(org):
    return active_channel(org, "demo")


@pytest.fixture
def family(org, author):
    child = services.add_person(
        org, by=author, kind=PersonKind.YOUNG_PERSON, first_name="Kai", last_name="Morgan", age_band="13_15"
    )
    carer = services.add_person(org, by=author, kind=PersonKind.PARENT, first_name="Dana", last_name="Morgan")
    services.link_guardian(child, carer, by=author, relationship="Mother")
    return child, carer


def give(child, by, giver, use="photo"):
    return services.record_consent(
        child,
        by=by,
        given_by=giver,
        decisions={use: Decision.GIVEN},
        starts=timezone.localdate(),
        evidence_kind=EvidenceKind.SIGNATURE,
        signed_name=giver.full_name,
    )[0]


def photo_post(author, channel, child, text=TEXT):
    post = publishing.create_post(by=author, title="Camp", text=text, channel_ids=[channel.pk])
    attach(post, author, shows="young_people", people=[child], alt_text="Young people around a campfire")
    post.refresh_from_db()
    return post


def refusal(post, author) -> str:
    post.refresh_from_db()
    with pytest.raises(publishing.Blocked) as refused:
        publishing.submit(post, by=author, revision=post.revision)
    return str(refused.value)


def test_a_childs_photo_needs_their_own_and_a_parents_consent(author, channel, family):
    child, carer = family
    post = photo_post(author, channel, child)
    said = refusal(post, author)
    assert "Kai Morgan" in said and "the young person's" in said and "a parent's or carer's" in said
    give(child, author, child)
    said = refusal(post, author)
    assert "a parent's or carer's" in said and "the young person's" not in said
    give(child, author, carer)
    post.refresh_from_db()
    version = publishing.submit(post, by=author, revision=post.revision)
    consent = [c for c in version.checks if c["key"] == "consent"]
    assert consent and consent[0]["status"] == "ok"


def test_consent_withdrawn_before_approval_blocks_it_and_after_approval_stops_the_post(
    author, reviewer, channel, family
):
    give_training(reviewer, "approve")
    child, carer = family
    give(child, author, child)
    parents = give(child, author, carer)
    post = photo_post(author, channel, child)
    publishing.submit(post, by=author, revision=post.revision)
    services.withdraw_consent(parents, by=author, note="Asked by phone")
    with pytest.raises(publishing.Blocked, match="withdrawn"):
        publishing.review(post, by=reviewer, version_number=1, approve=True)
    # Given again, approved, then withdrawn before its time: it never reaches the platform.
    again = give(child, author, carer)
    publishing.review(post, by=reviewer, version_number=1, approve=True)
    post.refresh_from_db()
    assert post.state == PostState.SCHEDULED
    services.withdraw_consent(again, by=author)
    publication = post.publications.get()
    sending.publish(publication.pk)
    publication.refresh_from_db()
    assert publication.state != PublicationState.PUBLISHED and not publication.platform_id


def test_a_never_publish_child_blocks_whether_shown_tagged_or_named(author, dsl, channel, family):
    child, carer = family
    for giver in (child, carer):
        for use in ("photo", "first_name"):
            give(child, author, giver, use)
    services.set_never_publish(child, by=dsl, reason="court_order", note="Order of 3 March")
    shown = photo_post(author, channel, child)
    said = refusal(shown, author)
    assert "Do not publish" in said and "court" not in said.lower() and "Order of 3 March" not in said

    tagged = publishing.create_post(by=author, title="Climbing", text=TEXT, channel_ids=[channel.pk])
    publishing.tag_person(tagged, by=author, revision=tagged.revision, person=child, use="first_name")
    assert "Do not publish" in refusal(tagged, author)

    named = publishing.create_post(
        by=author, title="Climbing", text="Well done Kai on the wall! What next?", channel_ids=[channel.pk]
    )
    assert "must never be published" in refusal(named, author)


def test_an_image_without_a_recorded_licence_blocks(org, author, channel):
    post = publishing.create_post(by=author, title="Poster", text=TEXT, channel_ids=[channel.pk])
    attach(post, author, asset=library_image(org, author, source="unknown"))
    assert "cannot be posted without a recorded licence or permission" in refusal(post, author)


def test_tagging_someone_in_the_library_reaches_a_post_already_written(author, channel, family):
    """The tags live on the asset: tagging a child after the image is in a post blocks that post too."""
    child, _ = family
    post = publishing.create_post(by=author, title="Camp", text=TEXT, channel_ids=[channel.pk])
    image = attach(post, author, shows="adults")
    post.refresh_from_db()
    version = publishing.submit(post, by=author, revision=post.revision)
    publishing.take_back(post, by=author)
    media.tag_person(image.asset, child, by=author)
    assert "Kai Morgan" in refusal(post, author) and version.number == 1
