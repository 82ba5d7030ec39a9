"""Safeguarding concerns: raising one (with its evidence), opening it, its record, referrals and closing.

Every change is checked here as well as in the view (harbour/safeguarding/access.py says who reads what),
runs in one durable transaction and records its audit event there. An audit event about a concern names it
by number only (`Concern.audit_label`): never its summary, category, evidence or any entry's text, so the
audit log can be read by members who may not read the concern.
"""

import hashlib
import json
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from harbour.accounts.access import NotAllowed, missing_training, require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership, Organisation
from harbour.audit.services import record
from harbour.inbox.models import Item
from harbour.safeguarding import access, alerts
from harbour.safeguarding.models import (
    ABOUT_AN_ADULT,
    SUMMARY_LENGTH,
    TEXT_LENGTH,
    Category,
    Concern,
    Destination,
    Entry,
    EntryKind,
    Evidence,
    LawfulBasis,
    Referral,
    Severity,
    Source,
    Status,
    YoungPerson,
)

THREAD_LIMIT = 50  # posts of the thread kept around the item, oldest first
NEEDS_A_REASON = frozenset({EntryKind.DECISION, EntryKind.OUTCOME, EntryKind.REOPENED})


class StaleConcern(Exception):
    """Someone else changed the concern since it was opened here: nothing was done."""

    def __str__(self) -> str:
        return "Someone else added to this concern while you were writing; read it again, then add yours."


# The evidence snapshot


def _author(item: Item) -> dict:
    author = item.author
    return {
        "platform_author_id": author.platform_author_id,
        "handle": author.handle,
        "display_name": author.display_name,
    }


def _post(item: Item) -> dict:
    """One post as evidence: what it said, where, by whom, when and what screening found. Its media is
    counted as withheld and never fetched (docs/safeguarding.md rule 1); the moderator opens the post on the
    platform to see it."""
    return {
        "item_id": item.pk,
        "kind": item.kind,
        "platform_id": item.platform_id,
        "thread_id": item.thread_id,
        "parent_id": item.parent_id,
        "url": item.url,
        "text": item.text,
        "author": _author(item),
        "received_at": item.received_at.isoformat(),
        "stored_at": item.created_at.isoformat(),
        "verdict": item.verdict,
        "media_withheld": len(item.media or []),
    }


def snapshot_of(item: Item) -> dict:
    """The evidence kept with a concern: the item, its channel, and the thread around it."""
    thread = []
    if item.thread_id:
        around = (
            Item.objects.filter(organisation_id=item.organisation_id, thread_id=item.thread_id)
            .exclude(pk=item.pk)
            .select_related("author")
            .order_by("received_at", "pk")[:THREAD_LIMIT]
        )
        thread = [_post(post) for post in around]
    channel = item.channel
    return {
        "item": _post(item),
        "channel": {"id": channel.pk, "name": channel.name, "platform": channel.platform},
        "thread": thread,
    }


def digest(snapshot: dict) -> str:
    """SHA-256 of the snapshot's canonical JSON: anyone holding the JSON can check it is what was kept."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _keep_evidence(concern: Concern, item: Item, noted: dict | None = None) -> Evidence:
    snapshot = {**snapshot_of(item), **({"noted": noted} if noted else {})}
    return Evidence.objects.create(
        organisation_id=concern.organisation_id,
        concern=concern,
        item=item,
        snapshot=snapshot,
        sha256=digest(snapshot),
    )


# Raising


def _clean_text(value, *, name: str, limit: int, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValueError(f"Enter {name}.")
    if len(text) > limit:
        raise ValueError(f"Keep {name} to {limit:,} characters or fewer.")
    return text


@transaction.atomic(durable=True)
def raise_concern(organisation: Organisation, **fields) -> Concern:
    """raise_concern_in(), in a transaction of its own."""
    return raise_concern_in(organisation, **fields)


def raise_concern_in(
    organisation: Organisation,
    *,
    by: Membership | None,
    summary: str,
    category: str,
    severity: int,
    source: str = Source.BY_HAND,
    immediate_danger: bool = False,
    item: Item | None = None,
    related: list[Item] | tuple = (),
    about_member: Membership | None = None,
    author=None,
    noted: dict | None = None,
) -> Concern:
    """Inside the caller's transaction (moderation's escalate, ingest), a new concern with its evidence (the item and any related items, such as the messages that led the
    grooming tracker to its stage). `by` None is Harbour itself (screening, the grooming tracker).

    By hand it needs Capability.RAISE_CONCERNS and its training; escalated from the inbox, the moderation
    service has already checked the moderator. An allegation or low-level concern may name the member it
    is about. Raises NotAllowed or ValueError with a sentence."""
    source = Source(source)
    if by is None:
        if source not in (Source.SCREENING, Source.GROOMING_TRACKER):
            raise NotAllowed("A concern raised by a person needs that person.")
    else:
        capability = Capability.MODERATE if source == Source.ESCALATED else Capability.RAISE_CONCERNS
        require(by, capability, organisation.pk, "You cannot raise a safeguarding concern here.")
        if source == Source.BY_HAND and missing_training(by, Capability.RAISE_CONCERNS):
            raise NotAllowed(
                "Raising a concern in Harbour needs current safeguarding training: tell your safeguarding "
                "lead directly now, and ask a manager to record your training."
            )
    summary = _clean_text(summary, name="a short summary of the concern", limit=SUMMARY_LENGTH)
    try:
        category, severity = Category(category), Severity(int(severity))
    except (TypeError, ValueError):
        raise ValueError("Choose a category and a severity.") from None
    for each in [item, *related]:
        if each is not None and each.organisation_id != organisation.pk:
            raise NotAllowed("You can only raise a concern about your own organisation's items.")
    if about_member is not None:
        if category not in ABOUT_AN_ADULT:
            raise ValueError("Only an allegation or a low-level concern about an adult names a member.")
        if about_member.organisation_id != organisation.pk:
            raise NotAllowed("Name a member of this organisation.")
    concern = Concern.objects.create(
        organisation=organisation,
        category=category,
        severity=severity,
        immediate_danger=bool(immediate_danger),
        summary=summary,
        source=source,
        item=item,
        raised_by=by,
        about_member=about_member,
        author=author if author is not None else (item.author if item is not None else None),
    )
    for each in dict.fromkeys([item, *related]):
        if each is not None:  # `noted`: what Harbour saw beside the item (the grooming tracker's stages)
            _keep_evidence(concern, each, noted if each is item else None)
    record(
        "safeguarding.concern_raised",
        by=by.user if by else None,
        organisation=organisation,
        obj=concern,
        detail={"severity": int(severity)},
    )
    alerts.after_raising(concern)  # the leads e-mailed after the commit, if it is that serious
    return concern


# Reading


def _readable(concern: Concern, by: Membership) -> Concern:
    """The concern as it is now, if `by` may read it; NotAllowed otherwise (the same sentence whether it
    exists or not)."""
    current = Concern.objects.select_for_update().filter(pk=concern.pk).first()
    if current is None or not access.can_read(by, current):
        raise NotAllowed("You cannot read this concern.")
    return current


@transaction.atomic(durable=True)
def open_concern(concern: Concern, *, by: Membership) -> Concern:
    """Record that `by` opened the concern (every view is audited); the first lead to open it stops its
    alerts."""
    current = _readable(concern, by)
    if current.first_opened_at is None:
        now = timezone.now()
        Concern.objects.filter(pk=current.pk, first_opened_at__isnull=True).update(
            first_opened_at=now, first_opened_by=by
        )
        current.first_opened_at, current.first_opened_by = now, by
    record("safeguarding.concern_viewed", by=by.user, organisation=current.organisation, obj=current)
    return current


# The record


def _moved_on(current: Concern, version: int, **changes) -> None:
    moved = Concern.objects.filter(pk=current.pk, version=version).update(version=F("version") + 1, **changes)
    if not moved:
        raise StaleConcern()
    current.version = version + 1
    for name, value in changes.items():
        setattr(current, name, value)


def _write_entry(
    concern: Concern, *, by: Membership, kind: EntryKind, text: str, reason: str = "", happened_at=None
) -> Entry:
    """One line of the concern's record, written now; `happened_at` defaults to now."""
    return Entry.objects.create(
        organisation_id=concern.organisation_id,
        concern=concern,
        kind=kind,
        text=text,
        reason=reason,
        happened_at=happened_at or timezone.now(),
        recorded_by=by,
    )


def _happened_at(value: datetime | None) -> datetime:
    now = timezone.now()
    if value is None:
        return now
    if value > now:
        raise ValueError("An entry records what has happened: its date cannot be in the future.")
    return value


@transaction.atomic(durable=True)
def add_entry(
    concern: Concern,
    *,
    by: Membership,
    version: int,
    kind: str,
    text: str,
    reason: str = "",
    happened_at: datetime | None = None,
) -> Entry:
    """A dated line of the record: an action taken, a discussion, a decision (with its reason) or a note.
    `happened_at` may be earlier than now (the entry sits in date order); never later."""
    current = _readable(concern, by)
    kind = EntryKind(kind)
    if kind not in (EntryKind.ACTION, EntryKind.DISCUSSION, EntryKind.DECISION, EntryKind.NOTE):
        raise ValueError("Close or reopen the concern to record an outcome.")
    if current.status != Status.OPEN:
        raise NotAllowed("This concern is closed: reopen it, with a reason, to add to it.")
    text = _clean_text(text, name="what happened", limit=TEXT_LENGTH)
    reason = _clean_text(reason, name="the reason", limit=TEXT_LENGTH, required=kind in NEEDS_A_REASON)
    when = _happened_at(happened_at)
    _moved_on(current, version)
    entry = _write_entry(current, by=by, kind=kind, text=text, reason=reason, happened_at=when)
    record(
        "safeguarding.entry_added",
        by=by.user,
        organisation=current.organisation,
        obj=current,
        detail={"kind": kind.value, "version": current.version},
    )
    return entry


@transaction.atomic(durable=True)
def close(concern: Concern, *, by: Membership, version: int, outcome: str, reason: str) -> Concern:
    """Close the concern with its outcome and the reason for it (KCSIE: both are required)."""
    current = _readable(concern, by)
    if current.status == Status.CLOSED:
        raise NotAllowed("This concern is already closed.")
    outcome = _clean_text(outcome, name="the outcome", limit=TEXT_LENGTH)
    reason = _clean_text(reason, name="the reason for the outcome", limit=TEXT_LENGTH)
    now = timezone.now()
    _moved_on(
        current,
        version,
        status=Status.CLOSED,
        closed_at=now,
        closed_by=by,
        outcome=outcome,
        outcome_reason=reason,
    )
    _write_entry(current, by=by, kind=EntryKind.OUTCOME, text=outcome, reason=reason, happened_at=now)
    record("safeguarding.concern_closed", by=by.user, organisation=current.organisation, obj=current)
    return current


@transaction.atomic(durable=True)
def reopen(concern: Concern, *, by: Membership, version: int, reason: str) -> Concern:
    """Open a closed concern again, saying why; its outcome stays in the record."""
    current = _readable(concern, by)
    if current.status != Status.CLOSED:
        raise NotAllowed("This concern is open.")
    reason = _clean_text(reason, name="why you are reopening it", limit=TEXT_LENGTH)
    _moved_on(
        current, version, status=Status.OPEN, closed_at=None, closed_by=None, outcome="", outcome_reason=""
    )
    _write_entry(current, by=by, kind=EntryKind.REOPENED, text="Reopened", reason=reason)
    record("safeguarding.concern_reopened", by=by.user, organisation=current.organisation, obj=current)
    return current


# Referrals


@transaction.atomic(durable=True)
def record_referral(
    concern: Concern,
    *,
    by: Membership,
    version: int,
    destination: Destination,
    made_at: datetime,
    shared: str,
    lawful_basis: str,
    reason: str,
    reference: str = "",
) -> Referral:
    """A referral made to `destination` (one of the organisation's): when, what was shared, on what lawful
    basis and why (docs/safeguarding.md rule 12), and the reference it gave, if it gave one yet."""
    current = _readable(concern, by)
    if destination.organisation_id != current.organisation_id:
        raise NotAllowed("Choose one of your organisation's referral contacts.")
    try:
        lawful_basis = LawfulBasis(lawful_basis)
    except ValueError:
        raise ValueError("Choose the lawful basis for sharing.") from None
    shared = _clean_text(shared, name="what was shared", limit=TEXT_LENGTH)
    reason = _clean_text(reason, name="why it was shared", limit=TEXT_LENGTH)
    reference = _clean_text(reference, name="the reference", limit=200, required=False)
    made_at = _happened_at(made_at)
    _moved_on(current, version)
    referral = Referral.objects.create(
        organisation_id=current.organisation_id,
        concern=current,
        destination=destination,
        destination_kind=destination.kind,
        destination_name=destination.name,
        made_at=made_at,
        shared=shared,
        lawful_basis=lawful_basis,
        reason=reason,
        reference=reference,
        recorded_by=by,
    )
    record(
        "safeguarding.referral_recorded",
        by=by.user,
        organisation=current.organisation,
        obj=current,
        detail={"version": current.version},
    )
    return referral


@transaction.atomic(durable=True)
def add_reference(referral: Referral, *, by: Membership, reference: str) -> Referral:
    """The reference a destination gave after the referral was recorded: filled in once."""
    current = _readable(referral.concern, by)
    referral = Referral.objects.select_for_update().get(pk=referral.pk, concern=current)
    if referral.reference:
        raise NotAllowed("This referral already has its reference; add a note to the record if it changed.")
    referral.reference = _clean_text(reference, name="the reference", limit=200)
    referral.save(update_fields=["reference"])
    record(
        "safeguarding.referral_reference_added", by=by.user, organisation=current.organisation, obj=current
    )
    return referral


# Opening media on the platform (referrals18: the page is harbour/safeguarding/referral_views.py)


def withheld_media(evidence: Evidence) -> int:
    """How many attachments of the evidence's post were withheld (never fetched, never kept)."""
    try:
        return int((evidence.snapshot.get("item") or {}).get("media_withheld") or 0)
    except (AttributeError, TypeError, ValueError):
        return 0


@transaction.atomic(durable=True)
def record_media_opened(evidence: Evidence, *, by: Membership, reason: str) -> Entry:
    """A safeguarding lead's decision to see a post's withheld media on the platform, with the reason
    (docs/safeguarding.md rule 7): an entry in the concern's record, and an audit event naming the concern
    and the evidence by number only. Harbour fetches, proxies and copies nothing: the caller then shows the
    post's own link on the platform. NotAllowed for anyone who may not read the concern; ValueError without
    a reason, or for a post with no media withheld."""
    current = _readable(evidence.concern, by)
    evidence = Evidence.objects.filter(pk=evidence.pk, concern=current).first()
    if evidence is None:
        raise NotAllowed("You cannot read this concern.")
    if not withheld_media(evidence):
        raise ValueError("This post had no images or video: there is nothing to open.")
    reason = _clean_text(reason, name="why you need to see it", limit=TEXT_LENGTH)
    entry = _write_entry(
        current,
        by=by,
        kind=EntryKind.MEDIA_OPENED,
        text=f"Opened the withheld images or video of evidence #{evidence.pk} on the platform",
        reason=reason,
    )
    record(
        "safeguarding.media_opened",
        by=by.user,
        organisation=current.organisation,
        obj=current,
        detail={"evidence": evidence.pk},
    )
    return entry


# Young people (people18: their records, chronology and the LADO timer are in harbour/safeguarding/people.py)


@transaction.atomic(durable=True)
def link_young_person(concern: Concern, *, by: Membership, young_person: YoungPerson | None) -> Concern:
    """Say which young person the concern is about (None: about nobody on record), so it is read in their
    chronology. Open or closed, a concern may be linked; the record is not changed, so no version check."""
    current = _readable(concern, by)
    if young_person is not None and young_person.organisation_id != current.organisation_id:
        raise NotAllowed("Choose one of your organisation's young people.")
    if current.young_person_id != (young_person.pk if young_person else None):
        Concern.objects.filter(pk=current.pk).update(young_person=young_person)
        current.young_person = young_person
        record(
            "safeguarding.concern_young_person_linked",
            by=by.user,
            organisation=current.organisation,
            obj=current,
            detail={"young_person": young_person.audit_label() if young_person else ""},
        )
    return current


# Concerns that arrive by themselves (intake18: harbour/safeguarding/intake.py raises them at ingest)


def add_tracker_evidence_in(
    concern: Concern, *, item: Item, related=(), noted: dict | None = None, severity: int | None = None
) -> Concern:
    """Inside ingest's transaction: a later stage alert of the grooming tracker about the author of an open
    tracker concern adds to that concern (the item with the stages seen, and the author's messages not
    kept yet) instead of raising a second one. Its severity rises with the alert's, never falls, and the
    leads are told if it has become that serious. Harbour itself adds it: there is no actor."""
    current = Concern.objects.select_for_update().filter(pk=concern.pk).first()
    if current is None or current.source != Source.GROOMING_TRACKER or current.status != Status.OPEN:
        raise NotAllowed("Only an open concern from the grooming tracker takes its later alerts.")
    if any(each.organisation_id != current.organisation_id for each in [item, *related]):
        raise NotAllowed("A concern keeps only its own organisation's items.")
    kept = set(Evidence.objects.filter(concern=current).values_list("item_id", flat=True))
    added = 0
    for each in dict.fromkeys([item, *related]):
        if each is item or each.pk not in kept:
            _keep_evidence(current, each, noted if each is item else None)
            added += 1
    changes = {"version": F("version") + 1}
    if severity is not None and int(severity) > current.severity:
        changes["severity"] = Severity(int(severity))
    Concern.objects.filter(pk=current.pk).update(**changes)
    current.refresh_from_db()
    record(
        "safeguarding.evidence_added",
        organisation=current.organisation,
        obj=current,
        detail={"items": added, "severity": int(current.severity)},
    )
    alerts.after_raising(current)
    return current


def escalate_in(
    item: Item,
    *,
    by: Membership,
    summary: str,
    category: str,
    severity: int,
    immediate_danger: bool = False,
) -> Concern:
    """Inside moderation's transaction: a moderator hands `item` over to safeguarding. A new concern (source
    ESCALATED, the item and its thread as evidence), unless Harbour already raised an open one from this
    item at ingest: then the moderator's summary joins that concern's record as their note (its severity
    and immediate danger only rise), so the leads read one concern, not two."""
    require(by, Capability.MODERATE, item.organisation_id, "You cannot raise a safeguarding concern here.")
    current = (
        Concern.objects.select_for_update()
        .filter(
            organisation_id=item.organisation_id,
            item=item,
            status=Status.OPEN,
            source__in=(Source.SCREENING, Source.GROOMING_TRACKER),
        )
        .order_by("pk")
        .first()
    )
    if current is None:
        return raise_concern_in(
            item.organisation,
            by=by,
            source=Source.ESCALATED,
            item=item,
            summary=summary,
            category=category,
            severity=severity,
            immediate_danger=immediate_danger,
        )
    summary = _clean_text(summary, name="a short summary of the concern", limit=SUMMARY_LENGTH)
    try:
        severity = Severity(int(severity))
    except (TypeError, ValueError):
        raise ValueError("Choose a category and a severity.") from None
    changes = {"version": F("version") + 1}
    if severity > current.severity:
        changes["severity"] = severity
    if immediate_danger and not current.immediate_danger:
        changes["immediate_danger"] = True
    Concern.objects.filter(pk=current.pk).update(**changes)
    current.refresh_from_db()
    _write_entry(current, by=by, kind=EntryKind.NOTE, text=summary)
    record(
        "safeguarding.entry_added",
        by=by.user,
        organisation=current.organisation,
        obj=current,
        detail={"kind": EntryKind.NOTE.value, "version": current.version},
    )
    alerts.after_raising(current, always=True)  # a person's hand-over is always told, as a new one is
    return current
