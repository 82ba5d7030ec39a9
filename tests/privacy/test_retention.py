"""Retention of the consent register's records (harbour/privacy/retention.py): the rules and their defaults,
the nightly job that lists what is due once and tells the managers a number, keeping with a reason, and
destroying as the data allows: a refusal or withdrawal still honoured is never listed nor destroyed, a post
or image live on a platform is kept, files are deleted after the commit. Nothing is destroyed without a
manager's review."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.consent import services as consent
from harbour.consent.models import ConsentEvidence, ConsentRecord, Decision, EvidenceKind, MediaAsset, Use
from harbour.jobs import scheduler
from harbour.privacy import retention
from harbour.privacy.models import RecordKind, ReviewItem, ReviewState
from harbour.publishing.models import Post, Variant
from tests.privacy.register import child_with_consent, published_naming, tagged_image

pytestmark = pytest.mark.django_db
LATER = datetime.date(2031, 1, 1)


def test_add_months_keeps_to_the_end_of_short_months():
    assert retention.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert retention.add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)
    assert retention.add_months(datetime.date(2026, 11, 15), 3) == datetime.date(2027, 2, 15)


def test_rules_have_defaults_and_a_manager_sets_them(org, manager, author):
    assert retention.rules_for(org.pk)[RecordKind.CONSENT].is_default
    with pytest.raises(NotAllowed):
        retention.set_rule(org, by=author, kind="consent", period=1, unit="years", counts_from="recorded")
    for bad, message in [
        ({"period": 0}, "between 1 month and 100 years"),
        ({"period": 101}, "between 1 month and 100 years"),
        ({"period": "two"}, "whole number"),
        ({"counts_from": "published"}, "from the list"),
        ({"unit": "weeks"}, "months or years"),
    ]:
        fields = {"kind": "consent", "period": 2, "unit": "years", "counts_from": "recorded", **bad}
        with pytest.raises(ValueError, match=message):
            retention.set_rule(org, by=manager, **fields)
    retention.set_rule(org, by=manager, kind="consent", period=18, unit="months", counts_from="recorded")
    rule = retention.rules_for(org.pk)[RecordKind.CONSENT]
    assert (rule.months, rule.is_default) == (18, False)
    assert str(rule) == "18 months after it was recorded"
    assert AuditEvent.objects.filter(action="privacy.retention_rule_set").count() == 1


def expired_consent(org, by, person, giver):
    return consent.record_consent(
        person, by=by, given_by=giver, decisions={Use.VIDEO: Decision.GIVEN}, starts=datetime.date(2020, 1, 1),
        expires=datetime.date(2021, 1, 1), evidence_kind=EvidenceKind.SIGNATURE, signed_name="Kai",
    )[0]  # fmt: skip


def test_the_nightly_job_lists_what_is_due_once_and_tells_the_managers_a_number(org, manager, author):
    kai, dana = child_with_consent(org, author)
    old = expired_consent(org, author, kai, kai)
    refused = consent.record_consent(
        kai, by=author, given_by=dana, decisions={Use.QUOTE: Decision.REFUSED}, starts=datetime.date(2020, 1, 1),
        evidence_kind=EvidenceKind.SIGNATURE, signed_name="Dana",
    )[0]  # fmt: skip
    with time_machine.travel(datetime.datetime(2026, 12, 1, 3, tzinfo=datetime.UTC)):
        assert retention.find_and_tell() == {}  # six years after the expiry is not yet
    with time_machine.travel(datetime.datetime(2027, 1, 2, 3, tzinfo=datetime.UTC)):
        assert retention.find_and_tell() == {org.pk: 2}  # the expired consent and its evidence
        assert retention.find_and_tell() == {}  # listed once
    due = {(i.kind, i.object_id) for i in retention.due_items(org.pk)}
    assert due == {(RecordKind.CONSENT, old.pk), (RecordKind.EVIDENCE, old.evidence_id)}
    assert (RecordKind.CONSENT, refused.pk) not in due  # a refusal still honoured is never listed
    [email] = mail.outbox
    assert email.to == [manager.user.email]
    assert "2 records are due for review" in email.body and "Kai" not in email.body + email.subject
    assert AuditEvent.objects.filter(action="privacy.review_due").get().detail["due"] == 2
    assert ConsentRecord.objects.filter(pk=old.pk).exists()  # listed, never destroyed by the job


def test_the_job_is_in_the_schedulers_nightly_list():
    assert any(job.task == "harbour.privacy.retention.find_reviews_due" for job in scheduler.PERIODIC)


def test_keeping_moves_the_date_on_and_destroying_removes_the_consent_and_its_evidence_files(
    org, manager, author, django_capture_on_commit_callbacks
):
    kai, _ = child_with_consent(org, author)
    old = expired_consent(org, author, kai, kai)
    evidence = ConsentEvidence.objects.get(pk=old.evidence_id)
    evidence.signature.save("s.png", ContentFile(b"png"))
    stored, storage = evidence.signature.name, evidence.signature.storage
    retention.find_due(org.pk, LATER)
    consent_item = ReviewItem.objects.get(kind=RecordKind.CONSENT)
    evidence_item = ReviewItem.objects.get(kind=RecordKind.EVIDENCE)

    with pytest.raises(ValueError, match="why it is kept"):
        retention.keep(consent_item, by=manager, months=6, reason=" ")
    with pytest.raises(ValueError, match="between 1 and"):
        retention.keep(consent_item, by=manager, months=0, reason="A claim")
    with pytest.raises(NotAllowed):
        retention.keep(consent_item, by=author, months=6, reason="A claim")
    kept = retention.keep(consent_item, by=manager, months=12, reason="A complaint is open")
    assert kept.state == ReviewState.KEPT
    assert retention.find_due(org.pk, retention.add_months(timezone.localdate(), 6)) == []  # kept a year
    retention.find_due(org.pk, retention.add_months(timezone.localdate(), 13))
    again = ReviewItem.objects.get(kind=RecordKind.CONSENT, state=ReviewState.DUE)

    with pytest.raises(ValueError, match="why it can be destroyed"):
        retention.destroy(again, by=manager, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        done = retention.destroy(again, by=manager, reason="Six years after it expired")
    assert done.outcome == "The consent record was removed."
    assert not ConsentRecord.objects.filter(pk=old.pk).exists()
    assert storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        retention.destroy(evidence_item, by=manager, reason="Its consent is gone")
    assert not ConsentEvidence.objects.filter(pk=old.evidence_id).exists()
    assert not storage.exists(stored)  # deleted after the commit
    with pytest.raises(NotAllowed, match="already been reviewed"):
        retention.destroy(again, by=manager, reason="Twice")
    assert AuditEvent.objects.filter(action="privacy.retention_destroyed").count() == 2


def test_a_refusal_still_honoured_is_never_destroyed_even_if_listed(org, manager, author):
    kai, dana = child_with_consent(org, author)
    [refused] = consent.record_consent(
        kai, by=author, given_by=dana, decisions={Use.QUOTE: Decision.REFUSED}, starts=datetime.date(2020, 1, 1),
        evidence_kind=EvidenceKind.SIGNATURE, signed_name="Dana",
    )  # fmt: skip
    item = ReviewItem.objects.create(
        organisation=org, kind=RecordKind.CONSENT, object_id=refused.pk, label="x", due_on=LATER
    )
    with pytest.raises(NotAllowed, match="refusal or a withdrawal"):
        retention.destroy(item, by=manager, reason="Old")
    assert ConsentRecord.objects.filter(pk=refused.pk).exists()
    in_force = ConsentRecord.objects.filter(person=kai, use=Use.PHOTO).first()
    item = ReviewItem.objects.create(
        organisation=org, kind=RecordKind.CONSENT, object_id=in_force.pk, label="y", due_on=LATER
    )
    with pytest.raises(NotAllowed, match="still in force"):
        retention.destroy(item, by=manager, reason="Old")


def test_a_live_post_and_its_image_are_kept_and_a_post_taken_down_loses_its_words(
    org, manager, author, reviewer, django_capture_on_commit_callbacks
):
    kai, _ = child_with_consent(org, author)
    asset = tagged_image(org, manager, kai)
    publication = published_naming(org, author, reviewer, kai, use=Use.PHOTO, asset=asset)
    assert retention.find_due(org.pk, datetime.date(2099, 1, 1)) == []  # live: nothing of it is due
    post_item = ReviewItem.objects.create(
        organisation=org, kind=RecordKind.POST, object_id=publication.post_id, label="p", due_on=LATER
    )
    media_item = ReviewItem.objects.create(
        organisation=org, kind=RecordKind.MEDIA, object_id=asset.pk, label="m", due_on=LATER
    )
    with pytest.raises(NotAllowed, match="live on a platform"):
        retention.destroy(post_item, by=manager, reason="Old")
    with pytest.raises(NotAllowed, match="live on a platform"):
        retention.destroy(media_item, by=manager, reason="Old")

    type(publication).objects.filter(pk=publication.pk).update(state="failed")  # no longer out
    stored, storage = asset.file.name, asset.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        retention.destroy(post_item, by=manager, reason="Six years on")
        done = retention.destroy(media_item, by=manager, reason="Six years on")
    post = Post.objects.get(pk=publication.post_id)
    assert (post.title, post.text) == ("Removed after review", "")
    assert not Variant.objects.filter(post=post).exclude(text="").exists()
    assert "Kai" not in str(post.versions.get().content)
    assert "row stays" in done.outcome  # the ledger points at it
    asset = MediaAsset.objects.get(pk=asset.pk)
    assert (asset.file.name, asset.title, asset.tags.count()) == ("", "Removed after review", 0)
    assert not storage.exists(stored)


def test_an_owners_permission_stays_while_its_image_does(org, manager, author):
    asset = tagged_image(org, manager, child_with_consent(org, author)[0])
    permission = ConsentEvidence.objects.create(
        organisation=org, kind=EvidenceKind.FORM, original_name="permission.pdf", signed_name="Owner"
    )
    MediaAsset.objects.filter(pk=asset.pk).update(source="permission", permission_evidence=permission)
    retention.find_due(org.pk, datetime.date(2099, 1, 1))
    assert not ReviewItem.objects.filter(kind=RecordKind.EVIDENCE, object_id=permission.pk).exists()
    item = ReviewItem.objects.create(
        organisation=org, kind=RecordKind.EVIDENCE, object_id=permission.pk, label="e", due_on=LATER
    )
    with pytest.raises(NotAllowed, match="goes with the image"):
        retention.destroy(item, by=manager, reason="Old")
