"""The consent register's changes, each in one transaction with its audit event (docs/consent.md).

Who may do what: members with MANAGE_CONSENT (managers, safeguarding leads, authors) keep the register;
only SET_NEVER_PUBLISH (safeguarding leads and managers) set or lift a never-publish flag. A withdrawal, a
refusal that replaces a consent and a new never-publish flag open takedowns (takedowns.py) for every live
post that no longer stands, in the same transaction.
"""

import hashlib
from datetime import date

from django.db import transaction
from django.utils import timezone

from harbour.accounts import uploads
from harbour.accounts.access import NotAllowed, require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.audit.services import record
from harbour.channels.models import Channel
from harbour.consent import takedowns
from harbour.consent.models import (
    AgeBand,
    ConsentEvidence,
    ConsentRecord,
    ConsentRequest,
    Decision,
    EvidenceKind,
    Group,
    Guardianship,
    NeverPublish,
    NeverPublishReason,
    Person,
    PersonKind,
    RequestState,
    TakedownReason,
    Use,
)

OLDEST = 120  # years: a date of birth further back is a typing mistake


def _require_keeper(by: Membership, organisation_id: int) -> None:
    require(
        by,
        Capability.MANAGE_CONSENT,
        organisation_id,
        "Only managers, safeguarding leads and authors can change the consent register.",
    )


def _clean_person(person: Person) -> None:
    person.first_name = person.first_name.strip()
    person.last_name = person.last_name.strip()
    if not person.first_name:
        raise NotAllowed("Enter the person's first name.")
    if person.kind not in PersonKind.values:
        raise NotAllowed("Choose whether they are a young person, a parent or carer, or another adult.")
    if person.age_band and person.age_band not in AgeBand.values:
        raise NotAllowed("Choose an age band from the list.")
    if person.date_of_birth is not None:
        today = timezone.localdate()
        if person.date_of_birth > today:
            raise NotAllowed("The date of birth must be in the past.")
        if person.date_of_birth.year < today.year - OLDEST:
            raise NotAllowed(f"Enter a date of birth less than {OLDEST} years ago.")
    if person.kind == PersonKind.YOUNG_PERSON and person.date_of_birth is None and not person.age_band:
        raise NotAllowed("Enter the young person's date of birth, or choose their age band.")


@transaction.atomic(durable=True)
def add_person(organisation, *, by: Membership, groups=(), **fields) -> Person:
    """fields: kind, first_name, last_name, date_of_birth, age_band, role, email, phone, notes."""
    _require_keeper(by, organisation.pk)
    person = Person(organisation=organisation, created_by=by, **fields)
    _clean_person(person)
    person.save()
    _set_groups(person, groups)
    record("consent.person_added", by=by.user, obj=person, detail={"kind": person.kind})
    return person


@transaction.atomic(durable=True)
def change_person(person: Person, *, by: Membership, groups=None, **fields) -> Person:
    _require_keeper(by, person.organisation_id)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at:
        raise NotAllowed("This person's details were erased on request: they cannot be changed.")
    changed = sorted(k for k, v in fields.items() if getattr(person, k) != v)
    for key, value in fields.items():
        setattr(person, key, value)
    _clean_person(person)
    person.save()
    if groups is not None:
        _set_groups(person, groups)
        changed.append("groups")
    record("consent.person_changed", by=by.user, obj=person, detail={"changed": changed})
    return person


def _set_groups(person: Person, groups) -> None:
    groups = list(groups)
    if any(g.organisation_id != person.organisation_id for g in groups):
        raise NotAllowed("Choose groups from your own organisation.")
    person.groups.set(groups)


@transaction.atomic(durable=True)
def add_group(organisation, *, by: Membership, name: str) -> Group:
    _require_keeper(by, organisation.pk)
    name = name.strip()
    if not name:
        raise NotAllowed("Enter the group's name.")
    if Group.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise NotAllowed("There is already a group with that name.")
    group = Group.objects.create(organisation=organisation, name=name)
    record("consent.group_added", by=by.user, obj=group)
    return group


@transaction.atomic(durable=True)
def link_guardian(child: Person, guardian: Person, *, by: Membership, relationship: str = "") -> Guardianship:
    _require_keeper(by, child.organisation_id)
    if guardian.organisation_id != child.organisation_id:
        raise NotAllowed("Choose a parent or carer from your own organisation's register.")
    if child.kind != PersonKind.YOUNG_PERSON:
        raise NotAllowed("Parents and carers are linked to young people.")
    if guardian.kind != PersonKind.PARENT:
        raise NotAllowed("Add them to the register as a parent or carer first.")
    if Guardianship.objects.filter(child=child, guardian=guardian).exists():
        raise NotAllowed("They are already linked.")
    link = Guardianship.objects.create(
        organisation_id=child.organisation_id,
        child=child,
        guardian=guardian,
        relationship=relationship.strip(),
    )
    record("consent.guardian_linked", by=by.user, obj=child, detail={"person": guardian.pk})
    return link


@transaction.atomic(durable=True)
def unlink_guardian(link: Guardianship, *, by: Membership) -> None:
    _require_keeper(by, link.organisation_id)
    record("consent.guardian_unlinked", by=by.user, obj=link.child, detail={"person": link.guardian_id})
    link.delete()


def store_evidence(
    organisation,
    *,
    kind: str,
    by: Membership | None,
    upload=None,
    signature=None,
    signed_name: str = "",
    request=None,
) -> ConsentEvidence:
    """The evidence row, its files checked and saved clean (a form: PDF, PNG or JPEG, images saved again
    without EXIF or GPS; a signature: a PNG drawn in the page). Call inside the service's transaction;
    a refused file raises NotAllowed with the reason and nothing is kept."""
    evidence = ConsentEvidence(
        organisation=organisation,
        kind=kind,
        recorded_by=by,
        signed_name=signed_name.strip()[:200],
        request=request,
    )
    if kind == EvidenceKind.FORM:
        if upload is None:
            raise NotAllowed("Upload the signed consent form.")
        try:
            clean = uploads.check_upload(upload)
        except uploads.BadUpload as error:
            raise NotAllowed(f"{error}.") from None
        data = clean.file.read()
        clean.file.seek(0)
        evidence.sha256 = hashlib.sha256(data).hexdigest()
        evidence.mime_type = clean.mime_type
        evidence.original_name = (upload.name or "")[:200]
        evidence.file.save(f"form.{clean.kind}", clean.file, save=False)
    elif kind == EvidenceKind.SIGNATURE:
        if not evidence.signed_name:
            raise NotAllowed("Type the name of the person signing.")
        if signature is not None:
            try:
                clean = uploads.check_upload(signature, uploads.IMAGES)
            except uploads.BadUpload as error:
                raise NotAllowed(f"The signature could not be read: {error}.") from None
            evidence.signature.save(f"signature.{clean.kind}", clean.file, save=False)
    elif kind != EvidenceKind.REQUEST:
        raise NotAllowed("Choose how consent was given.")
    evidence.save()
    return evidence


def _clean_consent(
    person: Person, given_by: Person, uses, starts: date, expires: date | None, channels
) -> None:
    if given_by.organisation_id != person.organisation_id:
        raise NotAllowed("Choose who gave consent from your own organisation's register.")
    if given_by.pk != person.pk and not Guardianship.objects.filter(child=person, guardian=given_by).exists():
        raise NotAllowed("Consent is given by the person themselves or by a parent or carer linked to them.")
    if not uses:
        raise NotAllowed("Choose what the consent is for.")
    if any(use not in Use.values for use in uses):
        raise NotAllowed("Choose what the consent is for from the list.")
    if expires is not None and expires < starts:
        raise NotAllowed("The expiry date must be on or after the start date.")
    if any(c.organisation_id != person.organisation_id for c in channels):
        raise NotAllowed("Choose channels from your own organisation.")


@transaction.atomic(durable=True)
def record_consent(
    person: Person,
    *,
    by: Membership | None,
    given_by: Person,
    decisions: dict[str, str],
    starts: date,
    expires: date | None = None,
    channels: list[Channel] | None = None,
    evidence_kind: str = EvidenceKind.FORM,
    upload=None,
    signature=None,
    signed_name: str = "",
    request=None,
) -> list[ConsentRecord]:
    """One decision per use (`decisions`: {Use: Decision}), on `channels` (None or empty: every channel),
    sharing one piece of evidence. `by` None only for a request answered through its link (requests.py)."""
    if by is not None:
        _require_keeper(by, person.organisation_id)
    elif request is None:
        raise NotAllowed("Only a member can record consent.")
    channels = list(channels or [])
    _clean_consent(person, given_by, list(decisions), starts, expires, channels)
    if any(d not in Decision.values for d in decisions.values()):
        raise NotAllowed("Say whether consent was given or refused for each use.")
    if person.erased_at:
        raise NotAllowed("This person's details were erased on request.")
    if request is not None:
        _claim_request(request, person, given_by)
    evidence = store_evidence(
        person.organisation,
        kind=evidence_kind,
        by=by,
        upload=upload,
        signature=signature,
        signed_name=signed_name,
        request=request,
    )
    records = []
    for use, decision in decisions.items():
        consent = ConsentRecord.objects.create(
            organisation_id=person.organisation_id,
            person=person,
            given_by=given_by,
            use=use,
            decision=decision,
            all_channels=not channels,
            starts=starts,
            expires=expires,
            evidence=evidence,
            recorded_by=by,
        )
        consent.channels.set(channels)
        records.append(consent)
        record(
            "consent.recorded",
            by=by.user if by else None,
            organisation=person.organisation,
            obj=consent,
            detail={"kind": use, "result": decision, "person": given_by.pk},
        )
    if any(d == Decision.REFUSED for d in decisions.values()):
        takedowns.open_for(person, reason=TakedownReason.WITHDRAWN, consent=records[0])
    if request is not None:
        record(
            "consent.request_answered",
            organisation=person.organisation,
            obj=request,
            detail={"result": sorted(f"{use}:{decision}" for use, decision in decisions.items())},
        )
    return records


def _claim_request(request: ConsentRequest, person: Person, given_by: Person) -> None:
    """A request link answers once: claimed with a conditional UPDATE in the answer's own transaction, so a
    link sent twice at once or reused records one answer."""
    if request.person_id != person.pk or request.sent_to_id != given_by.pk:
        raise NotAllowed("This request is about someone else.")
    claimed = ConsentRequest.objects.filter(
        pk=request.pk, state=RequestState.SENT, expires_at__gt=timezone.now()
    ).update(state=RequestState.ANSWERED, answered_at=timezone.now())
    if not claimed:
        raise NotAllowed("This link has already been answered, was cancelled or has expired.")
    request.refresh_from_db(fields=["state", "answered_at"])


@transaction.atomic(durable=True)
def withdraw_consent(
    consent: ConsentRecord, *, by: Membership | None, note: str = "", request=None
) -> ConsentRecord:
    """Withdrawn from now; every live post that relied on it gets a takedown. `by` None: the person withdrew
    through their request link (`request`)."""
    if by is not None:
        _require_keeper(by, consent.organisation_id)
    elif request is None:
        raise NotAllowed("Only a member can record a withdrawal.")
    consent = ConsentRecord.objects.select_for_update().select_related("evidence").get(pk=consent.pk)
    if by is None and consent.evidence.request_id != request.pk:
        raise NotAllowed("Only consent given through this link can be withdrawn through it.")
    if consent.withdrawn_at is not None:
        raise NotAllowed("This consent has already been withdrawn.")
    if consent.decision != Decision.GIVEN:
        raise NotAllowed("Only consent that was given can be withdrawn.")
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = by
    consent.withdrawal_note = note.strip()
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note"])
    record(
        "consent.withdrawn",
        by=by.user if by else None,
        organisation=consent.organisation,
        obj=consent,
        detail={"kind": consent.use, "method": "link" if by is None else "member"},
    )
    takedowns.open_for(consent.person, reason=TakedownReason.WITHDRAWN, consent=consent)
    return consent


def _require_flagger(by: Membership, organisation_id: int) -> None:
    require(
        by,
        Capability.SET_NEVER_PUBLISH,
        organisation_id,
        "Only safeguarding leads and managers can set or lift a never-publish flag.",
    )


@transaction.atomic(durable=True)
def set_never_publish(person: Person, *, by: Membership, reason: str, note: str = "") -> NeverPublish:
    _require_flagger(by, person.organisation_id)
    if reason not in NeverPublishReason.values:
        raise NotAllowed("Choose the reason.")
    Person.objects.select_for_update().get(pk=person.pk)
    if NeverPublish.objects.filter(person=person, lifted_at__isnull=True).exists():
        raise NotAllowed("This person is already flagged never publish.")
    flag = NeverPublish.objects.create(
        organisation_id=person.organisation_id, person=person, reason=reason, note=note.strip(), set_by=by
    )
    # The reason is for leads and managers only: the event says that a flag was set, not why.
    record("consent.never_publish_set", by=by.user, obj=person)
    takedowns.open_for(person, reason=TakedownReason.NEVER_PUBLISH)
    return flag


@transaction.atomic(durable=True)
def link_safeguarding_record(person: Person, record_to, *, by: Membership) -> Person:
    """A safeguarding lead ties a young person in the register to their safeguarding record (or unties it:
    `record_to` None), so that a subject access request finds it for the lead's review (docs/safeguarding.md
    rule 31). Only leads see the link."""
    require(
        by,
        Capability.HANDLE_CONCERNS,
        person.organisation_id,
        "Only a safeguarding lead can link a person to a safeguarding record.",
    )
    if person.kind != PersonKind.YOUNG_PERSON:
        raise NotAllowed("Only a young person is linked to a safeguarding record.")
    if record_to is not None and record_to.organisation_id != person.organisation_id:
        raise NotAllowed("Choose a record from your own organisation.")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at:
        raise NotAllowed("This person's details were erased on request.")
    person.safeguarding_record = record_to
    person.save(update_fields=["safeguarding_record"])
    record(
        "consent.safeguarding_linked",
        by=by.user,
        obj=person,
        detail={"result": "linked" if record_to else "unlinked"},
    )
    return person


@transaction.atomic(durable=True)
def lift_never_publish(flag: NeverPublish, *, by: Membership, reason: str) -> NeverPublish:
    _require_flagger(by, flag.organisation_id)
    flag = NeverPublish.objects.select_for_update().get(pk=flag.pk)
    if flag.lifted_at is not None:
        raise NotAllowed("This flag has already been lifted.")
    if not reason.strip():
        raise NotAllowed("Say why the flag is lifted.")
    flag.lifted_at, flag.lifted_by, flag.lift_reason = timezone.now(), by, reason.strip()
    flag.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    record("consent.never_publish_lifted", by=by.user, obj=flag.person)
    return flag


def erase_person(person: Person, *, by: Membership) -> dict:
    """Erasure on request (harbour/privacy/services.erase, inside its transaction; docs/privacy.md): the
    person's name and details cleared ("Erased person N"), every consent given by or about them that is in
    force withdrawn (so nothing can use them again, and their live posts get takedowns), open requests
    cancelled and their addresses cleared, evidence files deleted unless they prove a refusal or withdrawal
    still honoured, and media showing them archived with its file deleted unless it is in a live post.
    Returns what was done, as ids, for the statement."""
    from django.db.models import Q

    from harbour.consent.models import ConsentRequest, MediaAsset, MediaState, PublishedUse, RequestState

    require(by, Capability.HANDLE_DATA_REQUESTS, person.organisation_id, "Only a manager can erase a person.")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        raise NotAllowed("This person has already been erased.")
    now = timezone.now()
    consents = ConsentRecord.objects.select_for_update().filter(Q(person=person) | Q(given_by=person))
    honoured = {
        c.evidence_id for c in consents if c.decision == Decision.REFUSED or c.withdrawn_at is not None
    }
    withdrawn = []
    for consent in consents.filter(decision=Decision.GIVEN, withdrawn_at__isnull=True):
        consent.withdrawn_at, consent.withdrawn_by = now, by
        consent.withdrawal_note = "Withdrawn when the person's details were erased on request."
        consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note"])
        record(
            "consent.withdrawn", by=by.user, obj=consent, detail={"kind": consent.use, "method": "erasure"}
        )
        withdrawn.append(consent)
    files, evidence_cleared = [], []
    for evidence in ConsentEvidence.objects.filter(records__in=consents).distinct():
        if evidence.pk in honoured:
            continue
        files += [f for f in (evidence.file, evidence.signature) if f]
        ConsentEvidence.objects.filter(pk=evidence.pk).update(
            file="", signature="", signed_name="", original_name=""
        )
        evidence_cleared.append(evidence.pk)
    requests = ConsentRequest.objects.filter(Q(person=person) | Q(sent_to=person))
    requests.filter(state=RequestState.SENT).update(state=RequestState.CANCELLED)
    requests.update(email="", message="")
    opened = []
    for child in {person, *(c.person for c in withdrawn if c.person_id != person.pk)}:
        opened += takedowns.open_for(child, reason=TakedownReason.REQUESTED)
    live = {t.publication_id for t in opened} | set(
        takedowns.live_publications(person).values_list("pk", flat=True)
    )
    media_archived, media_kept = [], []
    shown = MediaAsset.objects.filter(tags__person=person).values("pk")
    for asset in MediaAsset.objects.select_for_update().filter(pk__in=shown):  # no DISTINCT with FOR UPDATE
        if PublishedUse.objects.filter(asset=asset, publication_id__in=live).exists():
            media_kept.append(asset.pk)
            continue
        files += [f for f in (asset.file, asset.incoming) if f]
        gone = (
            {"state": MediaState.FAILED, "problem": "Removed on an erasure request."}
            if asset.incoming
            else {}
        )
        MediaAsset.objects.filter(pk=asset.pk).update(
            file="", incoming="", archived_at=asset.archived_at or now, **gone
        )
        media_archived.append(asset.pk)
    names = [(f.storage, f.name) for f in files]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])
    person.groups.clear()
    person.first_name, person.last_name = "Erased person", str(person.pk)
    person.date_of_birth, person.age_band = None, ""
    person.role = person.email = person.phone = person.notes = ""
    person.erased_at = now
    person.save()
    record("consent.person_erased", by=by.user, obj=person)
    return {
        "withdrawn": [c.pk for c in withdrawn],
        "evidence_cleared": evidence_cleared,
        "evidence_kept": sorted(honoured),
        "requests": list(requests.values_list("pk", flat=True)),
        "takedowns": sorted({t.pk for t in opened}),
        "media_archived": media_archived,
        "media_kept": media_kept,
    }
