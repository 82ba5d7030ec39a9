"""Erasure on request (harbour/privacy/services.erase, harbour/consent/services.erase_person): the person's
name and details are cleared ("Erased person N"), their consents withdrawn so nothing can use them again, a
live post that used them gets a takedown, evidence files go unless they prove a refusal or withdrawal still
honoured, images showing them are archived with their files deleted unless in a live post; safeguarding
records and the audit log stay; the statement says what was erased and what was kept and why, and names no
safeguarding record."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.consent import services as consent
from harbour.consent.models import (
    ConsentEvidence,
    ConsentRecord,
    Decision,
    EvidenceKind,
    MediaAsset,
    Person,
    Takedown,
    TakedownReason,
    Use,
)
from harbour.consent.rules import standing
from harbour.privacy import services
from harbour.safeguarding.models import Concern, YoungPerson
from tests.privacy.register import child_with_consent, published_naming, safeguarding_record, tagged_image

pytestmark = pytest.mark.django_db


def erase(org, manager, person):
    return services.erase(
        org, by=manager, person=person, requester="Kai Morgan", received_on=timezone.localdate()
    )


def test_erasure_clears_the_person_withdraws_their_consents_and_takes_their_posts_down(
    org, manager, author, reviewer, dsl, django_capture_on_commit_callbacks
):
    kai, dana = child_with_consent(org, author)
    [refused] = consent.record_consent(
        kai, by=author, given_by=dana, decisions={Use.QUOTE: Decision.REFUSED}, starts=datetime.date(2020, 1, 1),
        evidence_kind=EvidenceKind.SIGNATURE, signed_name="Dana Morgan",
    )  # fmt: skip
    given = ConsentRecord.objects.filter(person=kai, given_by=kai, use=Use.PHOTO).get()
    evidence = given.evidence
    evidence.signature.save("s.png", ContentFile(b"png"))
    signature, storage = evidence.signature.name, evidence.signature.storage
    live_image = tagged_image(org, manager, kai, title="Canoeing")
    old_image = tagged_image(org, manager, kai, title="Climbing")
    old_file = old_image.file.name
    publication = published_naming(org, author, reviewer, kai, use=Use.PHOTO, asset=live_image)
    _, concern, _ = safeguarding_record(org, dsl, kai)

    with pytest.raises(NotAllowed):
        services.erase(org, by=author, person=kai, requester="Kai", received_on=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        done = erase(org, manager, kai)

    kai.refresh_from_db()
    assert kai.full_name == f"Erased person {kai.pk}" and kai.erased_at is not None
    assert (kai.email, kai.date_of_birth, kai.groups.count()) == ("", None, 0)
    assert not ConsentRecord.objects.filter(
        person=kai, decision=Decision.GIVEN, withdrawn_at__isnull=True
    ).exists()
    assert not standing(kai, Use.PHOTO, None, timezone.localdate()).ok
    [takedown] = Takedown.objects.filter(publication=publication)
    assert takedown.reason == TakedownReason.REQUESTED
    # Files: the consent's signature is gone; the refusal's evidence is kept; the old image is deleted and
    # archived, the one in a live post kept until it is taken down.
    assert not storage.exists(signature)
    assert ConsentEvidence.objects.get(pk=evidence.pk).signature.name == ""
    assert ConsentEvidence.objects.get(pk=refused.evidence_id).signed_name == "Dana Morgan"
    old_image.refresh_from_db()
    assert old_image.archived_at is not None and not old_image.file and not storage.exists(old_file)
    assert MediaAsset.objects.get(pk=live_image.pk).file
    # Safeguarding stays, and so does the audit log.
    assert (
        Concern.objects.filter(pk=concern.pk).exists()
        and YoungPerson.objects.filter(name="Kai Morgan").exists()
    )
    statement = done.statement
    assert any("withdrawn" in line for line in statement["erased"])
    kept = dict(statement["kept"])
    assert "1 records of a refusal or a withdrawal, with their evidence" in kept
    assert any("online now" in what for what in kept)
    assert "Safeguarding records, if there are any" in kept  # said the same whether or not there are any
    assert "A record of this request: who asked, when, and this statement" in kept
    assert "concern" not in str(statement).lower()
    assert AuditEvent.objects.filter(action="privacy.erased").count() == 1
    assert AuditEvent.objects.filter(action="consent.person_erased").count() == 1
    assert "Kai" not in str(list(AuditEvent.objects.values_list("detail", "object_label")))

    # Once erased: not again, not changed, not named by a draft's words.
    with pytest.raises(NotAllowed, match="already been erased"):
        erase(org, manager, kai)
    with pytest.raises(NotAllowed, match="erased"):
        consent.change_person(kai, by=author, first_name="Kai")
    assert Person.objects.filter(first_name="Kai").count() == 0


def test_erasing_a_parent_withdraws_the_consents_she_gave_for_her_child(org, manager, author):
    kai, dana = child_with_consent(org, author)
    erase(org, manager, dana)
    assert not ConsentRecord.objects.filter(given_by=dana, withdrawn_at__isnull=True).exists()
    assert (
        ConsentRecord.objects.filter(given_by=kai, withdrawn_at__isnull=True).count() == 2
    )  # Kai's own stand
    assert not standing(kai, Use.PHOTO, None, timezone.localdate()).ok  # a parent's consent is missing now


def test_another_organisations_person_cannot_be_erased(org, other_org, author, outsider):
    kai, _ = child_with_consent(org, author)
    with pytest.raises(NotAllowed):
        services.erase(other_org, by=outsider, person=kai, requester="Kai", received_on=timezone.localdate())
    kai.refresh_from_db()
    assert kai.erased_at is None
