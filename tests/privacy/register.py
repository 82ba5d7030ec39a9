"""Builders for the data protection tests: people in the consent register with consents, a published post
that named one of them (the ledger row written as ledger.record_uses writes it), a tagged image and a
safeguarding record with a concern and an inbox item."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from harbour.consent import services as consent
from harbour.consent.models import (
    AssetPerson,
    Decision,
    EvidenceKind,
    MediaAsset,
    PersonKind,
    PublishedUse,
    Use,
)
from harbour.publishing import services as publishing
from harbour.publishing.models import Publication, PublicationState
from harbour.safeguarding import services as safeguarding
from harbour.safeguarding.models import YoungPerson
from tests.cast import active_channel, give_training, make_item
from tests.publishing.platform import PublishingSource

assert PublishingSource.platform == "test_publishing"  # importing it registers the test platform


def child_with_consent(org, by, first="Kai", last="Morgan", uses=(Use.PHOTO, Use.FULL_NAME), starts=None):
    starts = starts or datetime.date(2020, 1, 1)
    child = consent.add_person(
        org,
        by=by,
        kind=PersonKind.YOUNG_PERSON,
        first_name=first,
        last_name=last,
        date_of_birth=datetime.date(2012, 4, 2),
        email="kai@example.org",
    )
    carer = consent.add_person(
        org, by=by, kind=PersonKind.PARENT, first_name="Dana", last_name=last, email="dana@example.org"
    )
    consent.link_guardian(child, carer, by=by, relationship="Mother")
    for giver in (child, carer):
        consent.record_consent(
            child,
            by=by,
            given_by=giver,
            decisions=dict.fromkeys(uses, Decision.GIVEN),
            starts=starts,
            evidence_kind=EvidenceKind.SIGNATURE,
            signed_name=giver.full_name,
        )
    return child, carer


def published_naming(org, author, reviewer, person, *, use=Use.FULL_NAME, asset=None, live=True):
    """A post approved and marked out on a test channel, with its ledger row for `person`."""
    give_training(reviewer, "approve")
    channel = active_channel(org, "test_publishing")
    post = publishing.create_post(
        by=author, title="Awards night", text=f"Well done {person.full_name}!", channel_ids=[channel.pk]
    )
    publishing.submit(post, by=author, revision=post.revision)
    publishing.review(post, by=reviewer, version_number=1, approve=True)
    publication = Publication.objects.get(post=post)
    now = timezone.now()
    Publication.objects.filter(pk=publication.pk).update(
        state=PublicationState.PUBLISHED, finished_at=now, platform_id="post-1", url="https://example.org/p/1"
    )
    type(post).objects.filter(pk=post.pk).update(published_at=now)
    PublishedUse.objects.get_or_create(
        organisation=org, publication=publication, person=person, use=use, asset=asset
    )
    publication.refresh_from_db()
    return publication


def tagged_image(org, by, person, title="Canoeing"):
    asset = MediaAsset(
        organisation=org, title=title, mime_type="image/png", sha256="0" * 64, alt_text="Two canoes",
        shows="young_people", source="own", added_by=by,
    )  # fmt: skip
    asset.file.save("a.png", ContentFile(b"\x89PNG\r\n\x1a\nnot really"), save=False)
    asset.save()
    AssetPerson.objects.create(organisation=org, asset=asset, person=person, tagged_by=by)
    return asset


def safeguarding_record(org, lead, person, *, summary="Said she is scared to go home"):
    """A young person's safeguarding record linked to `person`, one concern and one inbox item of theirs."""
    give_training(lead, "handle_concerns", "raise_concerns")
    record = YoungPerson.objects.create(organisation=org, name=person.full_name, created_by=lead)
    channel = active_channel(org, "file_import")
    item = make_item(
        channel,
        "i dont want to go home tonight",
        author_id="kai-1",
        author_handle="kai_m",
        author_display_name="Kai M",
    )
    record.authors.add(item.author)
    concern = safeguarding.raise_concern(org, by=lead, summary=summary, category="disclosure", severity=2)
    concern = safeguarding.link_young_person(concern, by=lead, young_person=record)
    type(person).objects.filter(pk=person.pk).update(safeguarding_record=record)
    person.refresh_from_db()
    return record, concern, item
