"""Concerns through their services: raising one with its evidence, who reads it, its dated record,
referrals and closing with an outcome, and that no audit event carries what a concern says."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.accounts.models import Membership
from harbour.audit.models import AuditEvent
from harbour.inbox.models import Item
from harbour.safeguarding import access, services
from harbour.safeguarding.models import (
    AppendOnlyError,
    Concern,
    Destination,
    DestinationKind,
    Entry,
    Evidence,
    Source,
    Status,
)
from tests.cast import active_channel, finding, give_training, make_item, make_member

pytestmark = pytest.mark.django_db

SUMMARY = "Said at home her stepdad hits her when he has been drinking"


@pytest.fixture
def lead(dsl):
    give_training(dsl, "handle_concerns")
    return dsl


@pytest.fixture
def channel(org):
    return active_channel(org)


def raise_by_hand(org, by, **overrides):
    fields = {"summary": SUMMARY, "category": "disclosure", "severity": 3, **overrides}
    return services.raise_concern(org, by=by, **fields)


def escalate(org, moderator, item, **overrides):
    fields = {"summary": SUMMARY, "category": "disclosure", "severity": 4, "source": Source.ESCALATED}
    return services.raise_concern(org, by=moderator, item=item, **{**fields, **overrides})


def test_raising_by_hand_needs_safeguarding_training_and_a_summary(org, viewer):
    with pytest.raises(NotAllowed, match="needs current safeguarding training: tell your safeguarding lead"):
        raise_by_hand(org, viewer)
    give_training(viewer, "raise_concerns")
    with pytest.raises(ValueError, match="Enter a short summary"):
        raise_by_hand(org, viewer, summary="   ")
    with pytest.raises(ValueError, match="Choose a category and a severity"):
        raise_by_hand(org, viewer, category="gossip")
    concern = raise_by_hand(org, viewer)
    assert (concern.status, concern.source, concern.raised_by) == (Status.OPEN, "by_hand", viewer)


def test_the_raiser_sees_only_that_it_was_received(org, viewer, lead):
    give_training(viewer, "raise_concerns")
    concern = raise_by_hand(org, viewer)
    assert list(access.raised_by(viewer)) == [concern]
    assert not access.can_read(viewer, concern) and not access.readable_concerns(viewer).exists()
    with pytest.raises(NotAllowed, match="You cannot read this concern"):
        services.open_concern(concern, by=viewer)


def test_an_escalated_item_keeps_its_evidence_after_the_item_is_gone(org, moderator, channel):
    root = make_item(channel, "Who's coming to the skate park on Saturday?", kind="post", thread_id="t1")
    worrying = make_item(
        channel,
        SUMMARY,
        thread_id="t1",
        parent_id=root.platform_id,
        findings=[finding("disclosure", 4, reason="A young person may be telling us about harm")],
        media=[{"url": "https://cdn.example/img.jpg", "alt_text": "", "mime_type": "image/jpeg"}],
    )
    concern = escalate(org, moderator, worrying)
    evidence = Evidence.objects.get(concern=concern)
    snapshot = evidence.snapshot
    assert snapshot["item"]["text"] == SUMMARY and snapshot["item"]["platform_id"] == worrying.platform_id
    assert snapshot["item"]["author"]["handle"] == worrying.author.handle
    assert snapshot["item"]["verdict"]["findings"][0]["category"] == "disclosure"
    assert [post["text"] for post in snapshot["thread"]] == [root.text]
    # Media is counted as withheld, never kept: not even its address on the platform's servers.
    assert snapshot["item"]["media_withheld"] == 1 and "cdn.example" not in json.dumps(snapshot)
    assert evidence.sha256 == services.digest(snapshot) and len(evidence.sha256) == 64

    Item.objects.filter(pk__in=[root.pk, worrying.pk]).delete()
    evidence.refresh_from_db()
    assert evidence.item is None and evidence.snapshot == snapshot
    assert Concern.objects.get(pk=concern.pk).item is None


def test_leads_read_every_concern_of_their_organisation_and_nobody_else_does(
    org, other_org, members, lead, channel
):
    concern = escalate(org, members["moderator"], make_item(channel, SUMMARY))
    assert list(access.readable_concerns(lead)) == [concern]
    for role in ("manager", "moderator", "author", "reviewer", "viewer"):
        assert not access.can_read(members[role], concern), role
        assert not access.readable_concerns(members[role]).exists(), role
    elsewhere = make_member(other_org, "safeguarding_lead", "lee@elsewhere.example", "Lee Elsewhere")
    give_training(elsewhere, "handle_concerns")
    assert not access.can_read(elsewhere, concern) and not access.readable_concerns(elsewhere).exists()


def test_an_allegation_is_hidden_from_the_member_it_names_whatever_their_role(org, lead, manager):
    other_lead = make_member(org, "safeguarding_lead", "sol@example.org", "Sol Second")
    give_training(other_lead, "handle_concerns")
    give_training(manager, "raise_concerns")
    about_lead = raise_by_hand(
        org, manager, category="allegation", summary="Messaged a young person from a personal account",
        about_member=lead,
    )  # fmt: skip
    assert not access.can_read(lead, about_lead) and about_lead not in access.readable_concerns(lead)
    assert access.can_read(other_lead, about_lead)
    with pytest.raises(ValueError, match="Only an allegation or a low-level concern"):
        raise_by_hand(org, manager, about_member=lead)


def test_opening_is_audited_and_the_first_lead_to_open_it_is_kept(org, moderator, lead, channel):
    concern = escalate(org, moderator, make_item(channel, SUMMARY))
    services.open_concern(concern, by=lead)
    first = Concern.objects.get(pk=concern.pk).first_opened_at
    services.open_concern(concern, by=lead)
    concern.refresh_from_db()
    assert (concern.first_opened_by, concern.first_opened_at) == (lead, first)
    assert (
        AuditEvent.objects.filter(action="safeguarding.concern_viewed", object_id=str(concern.pk)).count()
        == 2
    )


def test_the_record_is_dated_in_the_order_things_happened(org, moderator, lead, channel):
    concern = escalate(org, moderator, make_item(channel, SUMMARY))
    services.add_entry(
        concern, by=lead, version=0, kind="action", text="Rang the young person's youth worker"
    )
    yesterday = timezone.now() - timedelta(days=1)
    services.add_entry(
        concern,
        by=lead,
        version=1,
        kind="discussion",
        text="Talked to the club leader",
        happened_at=yesterday,
    )
    with pytest.raises(ValueError, match="Enter the reason"):
        services.add_entry(concern, by=lead, version=2, kind="decision", text="Refer to social care")
    services.add_entry(
        concern,
        by=lead,
        version=2,
        kind="decision",
        text="Refer to social care",
        reason="Ongoing physical harm",
    )
    with pytest.raises(ValueError, match="cannot be in the future"):
        services.add_entry(
            concern,
            by=lead,
            version=3,
            kind="note",
            text="x",
            happened_at=timezone.now() + timedelta(hours=1),
        )
    assert [e.text for e in concern.entries.all()] == [
        "Talked to the club leader",
        "Rang the young person's youth worker",
        "Refer to social care",
    ]
    with pytest.raises(services.StaleConcern):
        services.add_entry(concern, by=lead, version=1, kind="note", text="written on an old page")


def test_a_concern_closes_only_with_an_outcome_and_a_reason(org, moderator, lead, channel):
    concern = escalate(org, moderator, make_item(channel, SUMMARY))
    with pytest.raises(ValueError, match="Enter the outcome"):
        services.close(concern, by=lead, version=0, outcome="", reason="Because")
    with pytest.raises(ValueError, match="Enter the reason for the outcome"):
        services.close(
            concern,
            by=lead,
            version=0,
            outcome="Referred; social care are working with the family",
            reason=" ",
        )
    services.close(
        concern, by=lead, version=0, outcome="Referred; social care are working with the family",
        reason="Social care accepted the referral and allocated a social worker",
    )  # fmt: skip
    concern.refresh_from_db()
    assert concern.status == Status.CLOSED and concern.closed_by == lead
    assert concern.entries.get().kind == "outcome"
    with pytest.raises(NotAllowed, match="This concern is closed"):
        services.add_entry(concern, by=lead, version=1, kind="note", text="more")
    services.reopen(concern, by=lead, version=1, reason="She has messaged again")
    concern.refresh_from_db()
    assert concern.status == Status.OPEN and concern.outcome == ""
    assert [e.kind for e in concern.entries.all()] == ["outcome", "reopened"]


def test_a_referral_records_where_what_why_and_the_reference(org, other_org, moderator, lead, channel):
    concern = escalate(org, moderator, make_item(channel, SUMMARY))
    front_door = Destination.objects.create(
        organisation=org, kind=DestinationKind.CHILDRENS_SOCIAL_CARE, name="Initial Response Team",
        phone="01332 641172",
    )  # fmt: skip
    theirs = Destination.objects.create(organisation=other_org, kind=DestinationKind.POLICE, name="Police")
    fields = {
        "made_at": timezone.now(),
        "shared": "The message and the young person's first name",
        "lawful_basis": "safeguarding",
        "reason": "Disclosure of physical harm at home",
    }
    with pytest.raises(NotAllowed, match="your organisation's referral contacts"):
        services.record_referral(concern, by=lead, version=0, destination=theirs, **fields)
    with pytest.raises(ValueError, match="lawful basis"):
        services.record_referral(
            concern, by=lead, version=0, destination=front_door, **{**fields, "lawful_basis": "x"}
        )
    referral = services.record_referral(concern, by=lead, version=0, destination=front_door, **fields)
    assert (referral.destination_name, referral.reference) == ("Initial Response Team", "")
    services.add_reference(referral, by=lead, reference="IRT-2026-4411")
    referral.refresh_from_db()
    assert referral.reference == "IRT-2026-4411"
    with pytest.raises(NotAllowed, match="already has its reference"):
        services.add_reference(referral, by=lead, reference="changed")


def test_entries_evidence_and_referrals_are_never_changed_or_deleted(org, moderator, lead, channel):
    concern = escalate(org, moderator, make_item(channel, SUMMARY))
    entry = services.add_entry(concern, by=lead, version=0, kind="note", text="Spoke to mum")
    entry.text = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        Evidence.objects.get(concern=concern).delete()
    assert Entry.objects.get(pk=entry.pk).text == "Spoke to mum"


def test_no_audit_event_carries_what_a_concern_says(org, moderator, lead, channel):
    concern = escalate(org, moderator, make_item(channel, SUMMARY))
    services.open_concern(concern, by=lead)
    services.add_entry(concern, by=lead, version=0, kind="note", text="Spoke to her mum on the phone")
    services.close(concern, by=lead, version=1, outcome="Family support offered", reason="Mum asked for help")
    events = AuditEvent.objects.filter(action__startswith="safeguarding.")
    assert events.count() == 4
    for event in events:
        written = json.dumps([event.object_label, event.detail])
        for said in (SUMMARY, "Spoke to her mum", "Family support", "Mum asked", "disclosure"):
            assert said not in written


def test_a_member_of_another_organisation_cannot_raise_here(org, outsider, channel):
    give_training(outsider, "raise_concerns")
    with pytest.raises(NotAllowed):
        raise_by_hand(org, outsider)
    assert not Concern.objects.exists()
    assert Membership.objects.filter(pk=outsider.pk).exists()
