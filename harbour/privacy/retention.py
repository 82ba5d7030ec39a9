"""How long the consent register's records are kept (docs/privacy.md "Retention"): each organisation's rule
per kind of record, the nightly job that lists what is due (ReviewItem rows) and tells the managers how many,
and the review: keep it (for how long, why) or destroy it. Nothing is ever destroyed automatically.

Safeguarding concerns are not here: they keep their own rule, legal hold and two-lead destruction
(harbour/safeguarding/retention.py, whose year arithmetic this module shares).

What destroying does, kind by kind (`destroy`):
- a consent record: its row is removed. One that records a refusal or a withdrawal is kept while its person is
  on the register (not erased): it is what stops their image or name being used again; it is never listed.
- consent evidence: its files are deleted, and its row too once nothing points at it. Evidence of a consent
  still in force, or of a refusal or withdrawal still honoured, is kept.
- a media asset: its file is deleted, it is archived and its title, alt text and tags cleared; the row stays
  while a post or the ledger points at it. One used in a live post is kept until it is taken down.
- a post: its title, words, each channel's words and the words frozen in its versions are cleared, its images
  unlinked (they are the media library's) and its people tags removed; who wrote, approved and sent it, when
  and where, stay. The proof readers' comments are append-only (harbour/publishing/triggers.py) and stay. A post
  live on a platform is kept.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.access import NotAllowed, require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership, Organisation
from harbour.audit.services import record
from harbour.consent.models import (
    AssetPerson,
    ConsentEvidence,
    ConsentRecord,
    Decision,
    MediaAsset,
    PublishedUse,
    Takedown,
    TakedownState,
)
from harbour.lib.bidi import isolate
from harbour.privacy.models import (
    REASON_LENGTH,
    CountsFrom,
    RecordKind,
    RetentionPolicy,
    ReviewItem,
    ReviewState,
    Unit,
)
from harbour.publishing.models import (
    Post,
    PostImage,
    PostPerson,
    PostVersion,
    Publication,
    PublicationState,
    Variant,
)
from harbour.safeguarding.retention import _add_years

MAX_MONTHS = 100 * 12
KEEP_MORE_MAX_MONTHS = 10 * 12
REFUSAL = "Only a manager handles data protection: retention, subject access and erasure."


AFTER = {
    CountsFrom.CONSENT_ENDED: "the consent ended (its expiry or withdrawal)",
    CountsFrom.RECORDED: "it was recorded",
    CountsFrom.WITH_CONSENT: "the last consent it proves ended",
    CountsFrom.LAST_USE: "its last use in a published post, or its upload if never used",
    CountsFrom.UPLOADED: "it was uploaded",
    CountsFrom.PUBLISHED: "it was published",
}


@dataclass(frozen=True)
class Rule:
    kind: str
    period: int
    unit: str
    counts_from: str
    is_default: bool = False

    @property
    def months(self) -> int:
        return self.period * (12 if self.unit == Unit.YEARS else 1)

    def __str__(self) -> str:
        unit = Unit(self.unit).label.lower()
        if self.period == 1:
            unit = unit[:-1]
        return f"{self.period} {unit} after {AFTER[self.counts_from]}"


# Without a rule: long on purpose (what is destroyed too early cannot come back; what is kept too long is
# reviewed and destroyed then). Six years is the limitation period for a claim (Limitation Act 1980 s.5).
DEFAULTS = {
    RecordKind.CONSENT: Rule(RecordKind.CONSENT, 6, Unit.YEARS, CountsFrom.CONSENT_ENDED, True),
    RecordKind.EVIDENCE: Rule(RecordKind.EVIDENCE, 6, Unit.YEARS, CountsFrom.WITH_CONSENT, True),
    RecordKind.MEDIA: Rule(RecordKind.MEDIA, 3, Unit.YEARS, CountsFrom.LAST_USE, True),
    RecordKind.POST: Rule(RecordKind.POST, 6, Unit.YEARS, CountsFrom.PUBLISHED, True),
}
# What each kind's period may count from.
ALLOWED = {
    RecordKind.CONSENT: (CountsFrom.CONSENT_ENDED, CountsFrom.RECORDED),
    RecordKind.EVIDENCE: (CountsFrom.WITH_CONSENT, CountsFrom.RECORDED),
    RecordKind.MEDIA: (CountsFrom.LAST_USE, CountsFrom.UPLOADED),
    RecordKind.POST: (CountsFrom.PUBLISHED,),
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    years, months = divmod(months, 12)
    day = _add_years(day, years)
    month = day.month + months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def rules_for(organisation_id: int) -> dict[str, Rule]:
    rules = dict(DEFAULTS)
    for row in RetentionPolicy.objects.filter(organisation_id=organisation_id):
        rules[row.kind] = Rule(row.kind, row.period, row.unit, row.counts_from)
    return rules


def may_handle(by: Membership | None) -> bool:
    return by is not None and by.is_active and by.can(Capability.HANDLE_DATA_REQUESTS)


@transaction.atomic(durable=True)
def set_rule(
    organisation: Organisation, *, by: Membership, kind, period, unit, counts_from
) -> RetentionPolicy:
    require(by, Capability.HANDLE_DATA_REQUESTS, organisation.pk, REFUSAL)
    try:
        kind = RecordKind(kind)
    except ValueError:
        raise ValueError("Choose which records the rule is for.") from None
    try:
        unit = Unit(unit)
    except ValueError:
        raise ValueError("Choose months or years.") from None
    try:
        period = int(period)
    except (TypeError, ValueError):
        raise ValueError("Enter how long as a whole number.") from None
    if not 1 <= period * (12 if unit == Unit.YEARS else 1) <= MAX_MONTHS:
        raise ValueError("Enter a period between 1 month and 100 years.")
    if counts_from not in ALLOWED[kind]:
        raise ValueError("Choose what the period counts from, from the list.")
    policy, _ = RetentionPolicy.objects.update_or_create(
        organisation=organisation,
        kind=kind,
        defaults={
            "period": period,
            "unit": unit,
            "counts_from": counts_from,
            "set_by": by,
            "set_at": timezone.now(),
        },
    )
    record(
        "privacy.retention_rule_set",
        by=by.user,
        organisation=organisation,
        obj=policy,
        detail={
            "kind": kind.value,
            "valid_months": period * (12 if unit == Unit.YEARS else 1),
            "basis": counts_from,
        },
    )
    return policy


# When each record is due


def _day(moment) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def consent_ended(consent: ConsentRecord) -> datetime.date | None:
    """When a consent stopped counting: its withdrawal, its expiry, or (a refusal) when it was recorded.
    None while it is given with no end."""
    if consent.withdrawn_at is not None:
        return _day(consent.withdrawn_at)
    if consent.decision == Decision.REFUSED:
        return _day(consent.recorded_at)
    return consent.expires


def protects(consent: ConsentRecord) -> bool:
    """A refusal or withdrawal is kept while its person is on the register: it stops their use again."""
    refused_or_withdrawn = consent.decision == Decision.REFUSED or consent.withdrawn_at is not None
    return refused_or_withdrawn and consent.person.erased_at is None


def in_force(consent: ConsentRecord, today: datetime.date) -> bool:
    return (
        consent.decision == Decision.GIVEN
        and consent.withdrawn_at is None
        and (consent.expires is None or consent.expires >= today)
    )


def proves_a_licence(evidence: ConsentEvidence) -> bool:
    """An owner's permission for an image still in the library (its file not destroyed) goes with the image."""
    return MediaAsset.objects.filter(permission_evidence=evidence).exclude(file="").exists()


def _consent_due(consent: ConsentRecord, rule: Rule) -> datetime.date | None:
    if protects(consent):
        return None
    start = _day(consent.recorded_at) if rule.counts_from == CountsFrom.RECORDED else consent_ended(consent)
    return add_months(start, rule.months) if start else None


def _evidence_due(evidence: ConsentEvidence, rule: Rule, today: datetime.date) -> datetime.date | None:
    if not (evidence.file or evidence.signature or evidence.signed_name):
        return None  # nothing left in it
    records = list(evidence.records.select_related("person"))
    if any(protects(r) or in_force(r, today) for r in records) or proves_a_licence(evidence):
        return None
    if rule.counts_from == CountsFrom.RECORDED:
        start = _day(evidence.recorded_at)
    else:
        ends = [consent_ended(r) for r in records]
        if any(end is None for end in ends):
            return None
        start = max(ends) if ends else _day(evidence.recorded_at)
    return add_months(start, rule.months)


def live_publication_ids(organisation_id: int) -> set[int]:
    taken_down = Takedown.objects.filter(state=TakedownState.DONE).values("publication_id")
    return set(
        Publication.objects.filter(organisation_id=organisation_id, state=PublicationState.PUBLISHED)
        .exclude(pk__in=taken_down)
        .values_list("pk", flat=True)
    )


def _media_due(asset: MediaAsset, rule: Rule, live: set[int]) -> datetime.date | None:
    if not asset.file:
        return None
    uses = PublishedUse.objects.filter(asset=asset)
    if uses.filter(publication_id__in=live).exists():
        return None
    start = _day(asset.added_at)
    if rule.counts_from == CountsFrom.LAST_USE:
        last = uses.aggregate(last=Max("recorded_at"))["last"]
        start = max(start, _day(last)) if last else start
    return add_months(start, rule.months)


def _post_due(post: Post, rule: Rule, live: set[int]) -> datetime.date | None:
    if post.published_at is None:
        return None
    if post.publications.filter(pk__in=live).exists():
        return None
    return add_months(_day(post.published_at), rule.months)


def _candidates(organisation_id: int, rules: dict[str, Rule], today: datetime.date):
    """(kind, object, label, due date) for every record of the organisation that has a due date."""
    live = live_publication_ids(organisation_id)
    for consent in ConsentRecord.objects.filter(organisation_id=organisation_id).select_related("person"):
        yield RecordKind.CONSENT, consent, _consent_due(consent, rules[RecordKind.CONSENT])
    for evidence in ConsentEvidence.objects.filter(organisation_id=organisation_id):
        yield RecordKind.EVIDENCE, evidence, _evidence_due(evidence, rules[RecordKind.EVIDENCE], today)
    for asset in MediaAsset.objects.filter(organisation_id=organisation_id):
        yield RecordKind.MEDIA, asset, _media_due(asset, rules[RecordKind.MEDIA], live)
    for post in Post.objects.filter(organisation_id=organisation_id, published_at__isnull=False):
        yield RecordKind.POST, post, _post_due(post, rules[RecordKind.POST], live)


def find_due(organisation_id: int, today: datetime.date | None = None) -> list[ReviewItem]:
    """List what has come due (a ReviewItem each, once): a record whose date has come, not already listed,
    not destroyed, and not kept past today. Returns the items it added."""
    today = today or timezone.localdate()
    rules = rules_for(organisation_id)
    decided = {}
    for item in ReviewItem.objects.filter(organisation_id=organisation_id).order_by("pk"):
        decided[(item.kind, item.object_id)] = item  # the latest decision about each record wins
    added = []
    for kind, obj, due in _candidates(organisation_id, rules, today):
        if due is None:
            continue
        last = decided.get((kind, obj.pk))
        if last is not None:
            if last.state in (ReviewState.DUE, ReviewState.DESTROYED):
                continue
            due = max(due, last.keep_until)
        if due > today:
            continue
        added.append(
            ReviewItem.objects.create(
                organisation_id=organisation_id,
                kind=kind,
                object_id=obj.pk,
                label=obj.audit_label()[:120],
                due_on=due,
            )
        )
    return added


def due_items(organisation_id: int):
    return ReviewItem.objects.filter(organisation_id=organisation_id, state=ReviewState.DUE)


# The review


def _reason(value, name: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValueError(f"Enter {name}.")
    if len(text) > REASON_LENGTH:
        raise ValueError(f"Keep {name} to {REASON_LENGTH:,} characters or fewer.")
    return text


def _open_item(item: ReviewItem, by: Membership) -> ReviewItem:
    require(by, Capability.HANDLE_DATA_REQUESTS, item.organisation_id, REFUSAL)
    current = ReviewItem.objects.select_for_update().get(pk=item.pk)
    if current.state != ReviewState.DUE:
        raise NotAllowed("This record has already been reviewed.")
    return current


@transaction.atomic(durable=True)
def keep(item: ReviewItem, *, by: Membership, months, reason: str) -> ReviewItem:
    """Reviewed and kept: due again `months` from today."""
    current = _open_item(item, by)
    try:
        months = int(months)
    except (TypeError, ValueError):
        raise ValueError("Enter how many more months to keep it.") from None
    if not 1 <= months <= KEEP_MORE_MAX_MONTHS:
        raise ValueError(f"Keep it for between 1 and {KEEP_MORE_MAX_MONTHS} more months.")
    current.reason = _reason(reason, "why it is kept")
    current.keep_until = add_months(timezone.localdate(), months)
    current.state, current.decided_by, current.decided_at = ReviewState.KEPT, by, timezone.now()
    current.save()
    record(
        "privacy.retention_kept",
        by=by.user,
        obj=current,
        detail={"kind": current.kind, "until": current.keep_until.isoformat()},
    )
    return current


def _delete_files_after_commit(files) -> None:
    names = [(f.storage, f.name) for f in files if f]

    def delete():
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(delete)


def _destroy_consent(consent: ConsentRecord | None) -> str:
    if consent is None:
        return "It had already gone."
    if protects(consent):
        raise NotAllowed(
            "This consent records a refusal or a withdrawal and its person is still on the register: it is kept, "
            "so that their image or name is not used again."
        )
    if in_force(consent, timezone.localdate()):
        raise NotAllowed("This consent is still in force: withdraw it, or wait until it expires.")
    try:
        with transaction.atomic():
            consent.delete()
    except ProtectedError:
        raise NotAllowed(
            "A takedown record refers to this consent: it is kept while the takedown is."
        ) from None
    return "The consent record was removed."


def _destroy_evidence(evidence: ConsentEvidence | None) -> str:
    if evidence is None:
        return "It had already gone."
    today = timezone.localdate()
    records = list(evidence.records.select_related("person"))
    if any(protects(r) for r in records):
        raise NotAllowed("This evidence proves a refusal or a withdrawal that is still honoured: it is kept.")
    if any(in_force(r, today) for r in records):
        raise NotAllowed("This evidence proves a consent that is still in force: it is kept.")
    if proves_a_licence(evidence):
        raise NotAllowed(
            "This is the owner's permission for an image still in the media library: it goes with the image."
        )
    _delete_files_after_commit([evidence.file, evidence.signature])
    ConsentEvidence.objects.filter(pk=evidence.pk).update(
        file="", signature="", signed_name="", original_name=""
    )
    try:
        with transaction.atomic():
            ConsentEvidence.objects.filter(pk=evidence.pk).delete()
    except ProtectedError:
        return (
            "Its files were deleted and the name signed cleared; the row stays, because records point at it."
        )
    return "Its files were deleted and the row removed."


def _destroy_media(asset: MediaAsset | None) -> str:
    if asset is None:
        return "It had already gone."
    if PublishedUse.objects.filter(
        asset=asset, publication_id__in=live_publication_ids(asset.organisation_id)
    ):
        raise NotAllowed("This is in a post that is live on a platform: take the post down first.")
    _delete_files_after_commit([asset.file, asset.incoming])
    AssetPerson.objects.filter(asset=asset).delete()
    MediaAsset.objects.filter(pk=asset.pk).update(
        file="", incoming="", title="Removed after review", alt_text="", original_name="", licence="",
        archived_at=asset.archived_at or timezone.now(),
    )  # fmt: skip
    try:
        with transaction.atomic():
            MediaAsset.objects.filter(pk=asset.pk).delete()
    except ProtectedError:
        return "Its file was deleted, its title, alt text and tags cleared; the row stays for the posts that used it."
    return "Its file was deleted and the row removed."


def _destroy_post(post: Post | None) -> str:
    if post is None:
        return "It had already gone."
    if post.publications.filter(pk__in=live_publication_ids(post.organisation_id)).exists():
        raise NotAllowed("This post is live on a platform: take it down first.")
    PostImage.objects.filter(post=post).delete()  # the images are the media library's, under its own rule
    PostPerson.objects.filter(post=post).delete()
    Post.objects.filter(pk=post.pk).update(title="Removed after review", text="")
    Variant.objects.filter(post=post).update(text="")
    for version in PostVersion.objects.filter(post=post):
        content = dict(version.content)
        content["title"], content["text"] = "Removed after review", ""
        content["channels"] = [{**c, "text": ""} for c in content.get("channels", [])]
        content["images"], content["people"] = [], []
        PostVersion.objects.filter(pk=version.pk).update(content=content)
    return (
        "Its words and images were removed from Harbour; who wrote, approved and sent it, when and where, are kept, "
        "and so are the proof readers' comments, which cannot be changed."
    )


DESTROYERS = {
    RecordKind.CONSENT: (ConsentRecord, _destroy_consent),
    RecordKind.EVIDENCE: (ConsentEvidence, _destroy_evidence),
    RecordKind.MEDIA: (MediaAsset, _destroy_media),
    RecordKind.POST: (Post, _destroy_post),
}


def record_of(item: ReviewItem):
    model, _ = DESTROYERS[item.kind]
    return model.objects.filter(organisation_id=item.organisation_id, pk=item.object_id).first()


@transaction.atomic(durable=True)
def destroy(item: ReviewItem, *, by: Membership, reason: str) -> ReviewItem:
    """Destroy the record (as the data allows: see the module's docstring), after a manager's review."""
    current = _open_item(item, by)
    reason = _reason(reason, "why it can be destroyed")
    model, destroyer = DESTROYERS[current.kind]
    obj = (
        model.objects.select_for_update()
        .filter(organisation_id=current.organisation_id, pk=current.object_id)
        .first()
    )
    current.outcome = destroyer(obj)
    current.reason = reason
    current.state, current.decided_by, current.decided_at = ReviewState.DESTROYED, by, timezone.now()
    current.save()
    record("privacy.retention_destroyed", by=by.user, obj=current, detail={"kind": current.kind})
    return current


# The nightly job


def managers_of(organisation_id: int) -> list[str]:
    members = (
        Membership.objects.filter(organisation_id=organisation_id)
        .active()
        .able_to(Capability.HANDLE_DATA_REQUESTS)
        .select_related("user")
    )
    return sorted({m.user.email for m in members})


def _link(name: str) -> str:
    path = reverse(name)
    origins = settings.CSRF_TRUSTED_ORIGINS
    return f"{origins[0].rstrip('/')}{path}" if origins else path


def find_and_tell(today: datetime.date | None = None) -> dict[int, int]:
    """For each organisation: list what has come due, and tell its managers how many records wait for review
    (a number, never content); audited. Returns {organisation id: records waiting} for those told."""
    told = {}
    for organisation in Organisation.objects.order_by("pk"):
        with transaction.atomic():
            added = find_due(organisation.pk, today)
            waiting = due_items(organisation.pk).count()
            to = managers_of(organisation.pk)
            if not added or not to:
                continue
            noun = "record is" if waiting == 1 else "records are"
            EmailMessage(
                subject=f"Records due for review in {isolate(organisation.name)}",
                body=(
                    f"{waiting} {noun} due for review under {isolate(organisation.name)}'s retention rules "
                    f"({len(added)} new today).\n\nReview them in Harbour: keep each for longer, with a reason, or "
                    f"destroy it. Nothing is deleted until you do.\n{_link('privacy:review')}\n\n"
                    "Only the number is in this e-mail, on purpose.\n"
                ),
                to=to,
            ).send()
            record("privacy.review_due", organisation=organisation, detail={"due": waiting, "sent_to": to})
        told[organisation.pk] = waiting
    return told


@task()
def find_reviews_due() -> int:
    """The scheduler's nightly job (harbour/jobs/scheduler.py PERIODIC), claimed once a day."""
    return len(find_and_tell())
