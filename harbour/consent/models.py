"""The consent and media register (issue 21; guidance 3.6, 6.3, 6.4; docs/consent.md).

- `Person`: someone the organisation may name or show: a young person (with a date of birth or an age
  band, and the `Group`s they belong to), a parent or carer (linked to their children by `Guardianship`),
  or another adult. `safeguarding_record` links a young person to their safeguarding record
  (harbour/safeguarding YoungPerson), set only by a lead, so a subject access request can find it.
- `NeverPublish`: a flag that blocks any post naming or showing the person, whatever else is recorded.
  Its reason is seen only by safeguarding leads and managers; everyone else sees "do not publish".
- `ConsentRecord`: one person's decision (given or refused) about one use of one person (photograph,
  video, first name, full name, quote or voice), on some channels or all, from a date, until an optional
  expiry; the decision of the person themselves or of a parent or carer (`given_by`). A withdrawal is
  recorded on it; nothing else changes after it is written. `ConsentEvidence` is what shows it was
  given: a signed form (an image saved again without EXIF and GPS, or a PDF kept private), a signature
  made in the page, or the answer to a `ConsentRequest`.
- `ConsentRequest`: a link sent to a parent or carer (or the young person) to give or refuse consent on
  a public page without an account. Only the SHA-256 of its token is stored.
- `MediaAsset`: an image or video in the organisation's media library (never media from incoming
  items), saved again without metadata, with who appears in it (`AssetPerson`), its source and licence,
  and required alt text.
- `PublishedUse`: the ledger: for each publication that went out, each person it named or showed and
  how (and the asset that showed them), so that a withdrawal finds every live post that used it.
- `Takedown`: taking down one live publication because a consent it relied on ended (withdrawn,
  expired, refused) or the person was flagged never publish; done through the connector where the
  platform allows deleting the organisation's own post, confirmed by hand where not.

Rules about what is valid are in rules.py; every change goes through services.py.
"""

import uuid
from datetime import date
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.utils import timezone

from harbour.accounts.models import Membership, Organisation
from harbour.accounts.tenancy import OrganisationQuerySet
from harbour.channels.models import Channel
from harbour.publishing.models import ALT_TEXT_LENGTH, Shows, Source, licence_recorded

NAME_LENGTH = 100
NOTE_LENGTH = 2_000
ADULT_AGE = 18


class PersonKind(models.TextChoices):
    YOUNG_PERSON = "young_person", "Young person"
    PARENT = "parent", "Parent or carer"
    ADULT = "adult", "Other adult (staff, volunteer, partner, member of the public)"


class AgeBand(models.TextChoices):
    """Where the date of birth is not held. Anything under 18 needs a parent's or carer's consent too."""

    UNDER_13 = "under_13", "Under 13"
    FROM_13_TO_15 = "13_15", "13 to 15"
    FROM_16_TO_17 = "16_17", "16 or 17"
    FROM_18_TO_25 = "18_25", "18 to 25"
    OVER_25 = "over_25", "Over 25"


UNDER_18_BANDS = frozenset({AgeBand.UNDER_13, AgeBand.FROM_13_TO_15, AgeBand.FROM_16_TO_17})


class Group(models.Model):
    """A group or project young people belong to ("Tuesday youth club", "Youth council 2026")."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=NAME_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="consent_group_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return f"Group #{self.pk}"


class Person(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=14, choices=PersonKind.choices)
    first_name = models.CharField(max_length=NAME_LENGTH)
    last_name = models.CharField(max_length=NAME_LENGTH, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    groups = models.ManyToManyField(Group, blank=True, related_name="people")
    role = models.CharField(max_length=NAME_LENGTH, blank=True)  # an adult's: "Youth worker", "Partner"
    email = models.EmailField(blank=True)  # where consent requests go
    phone = models.CharField(max_length=40, blank=True)
    notes = models.TextField(max_length=NOTE_LENGTH, blank=True)
    safeguarding_record = models.ForeignKey(  # set by a safeguarding lead only
        "safeguarding.YoungPerson", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(Membership, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Erasure (harbour/privacy): the name and details are cleared, the row kept for what must be kept.
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["first_name", "last_name", "pk"]
        indexes = [models.Index(fields=["organisation", "kind"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def audit_label(self) -> str:
        return f"Person #{self.pk}"

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def is_under_18(self, day: date) -> bool:
        """Whether a parent's or carer's consent is needed too. A young person whose age is not known is
        treated as under 18: the safe reading."""
        age = self.age_on(day)
        if age is not None:
            return age < ADULT_AGE
        if self.age_band:
            return self.age_band in UNDER_18_BANDS
        return self.kind == PersonKind.YOUNG_PERSON


class Guardianship(models.Model):
    """A parent or carer of a young person: whose consent counts beside the young person's own."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="guardianships")
    guardian = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="wards")
    relationship = models.CharField(max_length=60, blank=True)  # "Mother", "Foster carer", "Grandparent"
    created_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "guardian"], name="consent_guardianship_unique"),
            models.CheckConstraint(
                condition=~Q(child=models.F("guardian")), name="consent_guardian_not_self"
            ),
        ]


class NeverPublishReason(models.TextChoices):
    LOOKED_AFTER = "looked_after", "Looked-after child"
    ADOPTION = "adoption", "Adoption"
    COURT_ORDER = "court_order", "Court order"
    SAFEGUARDING = "safeguarding", "A safeguarding reason"
    OTHER = "other", "Another reason"


class NeverPublish(models.Model):
    """Never name or show this person. Set and lifted by a safeguarding lead or a manager; the reason is
    theirs alone to read. At most one flag in force per person."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="never_publish")
    reason = models.CharField(max_length=14, choices=NeverPublishReason.choices)
    note = models.TextField(max_length=NOTE_LENGTH, blank=True)
    set_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(max_length=NOTE_LENGTH, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-set_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(lifted_at__isnull=True),
                name="consent_one_never_publish_in_force",
            )
        ]

    def audit_label(self) -> str:
        return f"Never-publish flag #{self.pk} on person #{self.person_id}"


class Use(models.TextChoices):
    PHOTO = "photo", "Photographs"
    VIDEO = "video", "Video"
    FIRST_NAME = "first_name", "First name"
    FULL_NAME = "full_name", "Full name"
    QUOTE = "quote", "Quotes or voice"


# A consent to the full name covers the first name alone.
COVERS: dict[str, frozenset[str]] = {
    Use.FIRST_NAME: frozenset({Use.FIRST_NAME, Use.FULL_NAME}),
}


class Decision(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"


class EvidenceKind(models.TextChoices):
    FORM = "form", "A signed form, uploaded"
    SIGNATURE = "signature", "Signed in Harbour"
    REQUEST = "request", "Answered through a consent request link"


def evidence_path(evidence: "ConsentEvidence", filename: str) -> str:
    return (
        f"consent/{evidence.organisation_id}/evidence/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"
    )


class ConsentEvidence(models.Model):
    """What shows a decision was made: kept private, served only through a view that checks access."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    file = models.FileField(upload_to=evidence_path, blank=True)  # a form (JPEG, PNG saved again; PDF)
    original_name = models.CharField(max_length=200, blank=True)
    mime_type = models.CharField(max_length=40, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    signed_name = models.CharField(max_length=200, blank=True)  # the name typed beside a signature
    signature = models.FileField(upload_to=evidence_path, blank=True)  # a PNG drawn in the page
    request = models.ForeignKey(
        "ConsentRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    recorded_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    def audit_label(self) -> str:
        return f"Consent evidence #{self.pk}"


class ConsentRecordQuerySet(OrganisationQuerySet):
    def in_force_on(self, day: date):
        """Started by `day`, not expired before it, not withdrawn."""
        return self.filter(starts__lte=day, withdrawn_at__isnull=True).filter(
            Q(expires__isnull=True) | Q(expires__gte=day)
        )

    def for_channel(self, channel_id: int):
        return self.filter(Q(all_channels=True) | Q(channels__id=channel_id)).distinct()


class ConsentRecord(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")  # who it is about
    given_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents_given")
    use = models.CharField(max_length=12, choices=Use.choices)
    decision = models.CharField(max_length=8, choices=Decision.choices)
    all_channels = models.BooleanField(default=False)
    channels = models.ManyToManyField(Channel, blank=True, related_name="+")
    starts = models.DateField()
    expires = models.DateField(null=True, blank=True)  # the last day it holds
    evidence = models.ForeignKey(ConsentEvidence, on_delete=models.PROTECT, related_name="records")
    recorded_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(  # None: withdrawn by the person through their request link
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_note = models.TextField(max_length=NOTE_LENGTH, blank=True)
    # Set by the nightly job once an expiry has opened its takedowns, so it is done once.
    expiry_handled_at = models.DateTimeField(null=True, blank=True)

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-starts", "-recorded_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "person", "use"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires__isnull=True) | Q(expires__gte=models.F("starts")),
                name="consent_record_expires_after_start",
            )
        ]

    def audit_label(self) -> str:
        return f"Consent #{self.pk} for person #{self.person_id}"


class RequestState(models.TextChoices):
    SENT = "sent", "Waiting for an answer"
    ANSWERED = "answered", "Answered"
    CANCELLED = "cancelled", "Cancelled"


class ConsentRequest(models.Model):
    """A link to give or refuse consent without an account, valid until `expires_at`. The token is in the
    link only; the database keeps its SHA-256."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consent_requests")  # about
    sent_to = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="requests_received")
    email = models.EmailField()  # where it was sent, as it was then
    uses = models.JSONField(default=list)  # [Use, ...] asked about
    all_channels = models.BooleanField(default=True)
    channels = models.ManyToManyField(Channel, blank=True, related_name="+")
    expires_consent = models.DateField(null=True, blank=True)  # the consent's expiry, if given
    message = models.TextField(max_length=NOTE_LENGTH, blank=True)  # what it is for, in the sender's words
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=RequestState.choices, default=RequestState.SENT)
    created_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def audit_label(self) -> str:
        return f"Consent request #{self.pk}"


class MediaKind(models.TextChoices):
    IMAGE = "image", "Image"
    VIDEO = "video", "Video"


class MediaState(models.TextChoices):
    READY = "ready", "Ready"
    PREPARING = (
        "preparing",
        "Being prepared",
    )  # a video waiting to be encoded again (harbour/consent/video.py)
    FAILED = "failed", "Could not be prepared"


def media_path(asset: "MediaAsset", filename: str) -> str:
    return f"consent/{asset.organisation_id}/media/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def incoming_path(asset: "MediaAsset", filename: str) -> str:
    """A video as it was uploaded, metadata and all: never served, deleted once it is prepared."""
    return f"consent/{asset.organisation_id}/incoming/{uuid.uuid4().hex}"


class MediaAsset(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=6, choices=MediaKind.choices, default=MediaKind.IMAGE)
    title = models.CharField(max_length=120)  # for the organisation: "Summer camp, canoeing"
    file = models.FileField(upload_to=media_path, blank=True)  # blank until a video is prepared
    incoming = models.FileField(upload_to=incoming_path, blank=True)  # a video waiting to be prepared
    state = models.CharField(max_length=9, choices=MediaState.choices, default=MediaState.READY)
    problem = models.CharField(max_length=300, blank=True)  # why a video could not be prepared, in words
    original_name = models.CharField(max_length=200, blank=True)
    mime_type = models.CharField(max_length=40)
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)  # a video's length
    alt_text = models.TextField(max_length=ALT_TEXT_LENGTH)
    shows = models.CharField(max_length=14, choices=Shows.choices)
    people = models.ManyToManyField(Person, through="AssetPerson", related_name="assets")
    source = models.CharField(max_length=20, choices=Source.choices, blank=True)  # blank: not recorded
    licence = models.CharField(max_length=300, blank=True)  # the licence, attribution or who gave permission
    permission_evidence = models.ForeignKey(  # the owner's permission, where source is PERMISSION
        ConsentEvidence, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)  # out of the library; kept for the ledger

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-added_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"Media #{self.pk}"

    @property
    def duration_label(self) -> str:
        """'45 seconds', '2 minutes 5 seconds'."""
        minutes, seconds = divmod(round(self.duration_ms / 1000), 60)
        parts = [f"{minutes} minute{'s' if minutes != 1 else ''}"] if minutes else []
        if seconds or not minutes:
            parts.append(f"{seconds} second{'s' if seconds != 1 else ''}")
        return " ".join(parts)

    @property
    def ready(self) -> bool:
        """It can be seen and posted: an image always, a video once it is encoded again."""
        return self.state == MediaState.READY

    @property
    def licence_recorded(self) -> bool:
        """An asset without a recorded licence cannot be posted (guidance 6.3)."""
        return licence_recorded(self.source, self.licence)


class AssetPerson(models.Model):
    """Someone in the register who appears in an asset, tagged by a member."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    asset = models.ForeignKey(MediaAsset, on_delete=models.CASCADE, related_name="tags")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="tags")
    tagged_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    tagged_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["asset", "person"], name="consent_asset_person_unique")
        ]


class PublishedUse(models.Model):
    """The ledger: a person named or shown in a publication that went out (written when it is published)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    publication = models.ForeignKey("publishing.Publication", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="published_uses")
    use = models.CharField(max_length=12, choices=Use.choices)
    asset = models.ForeignKey(MediaAsset, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organisation", "person"])]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "person", "use", "asset"], name="consent_published_use_unique"
            ),
            models.UniqueConstraint(
                fields=["publication", "person", "use"],
                condition=Q(asset__isnull=True),
                name="consent_published_use_unique_in_words",
            ),
        ]


class TakedownReason(models.TextChoices):
    WITHDRAWN = "withdrawn", "Consent withdrawn"
    EXPIRED = "expired", "Consent expired"
    NEVER_PUBLISH = "never_publish", "Must never be published"
    REQUESTED = "requested", "Asked to take it down"


class TakedownState(models.TextChoices):
    OPEN = "open", "To take down"
    DELETING = "deleting", "Being deleted"
    DONE = "done", "Taken down"
    NEEDS_HAND = "needs_hand", "Take down by hand"  # the platform does not let Harbour delete it


class Takedown(models.Model):
    """One live publication to take down. At most one not yet done per publication; a second reason for
    the same publication is added to it (`reasons`)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    publication = models.ForeignKey("publishing.Publication", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="takedowns")
    reason = models.CharField(max_length=14, choices=TakedownReason.choices)
    reasons = models.JSONField(default=list)  # every [reason, person id] that asked for it, first first
    consent = models.ForeignKey(
        ConsentRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=10, choices=TakedownState.choices, default=TakedownState.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    due_by = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    # When Harbour's delete task should run (open, on a platform that deletes): the scheduler enqueues one
    # long overdue, whose task was lost (harbour/consent/tasks.py enqueue_due).
    next_try_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(  # None: deleted by Harbour through the connector
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    how = models.CharField(max_length=20, blank=True)  # "connector" or "by_hand"
    note = models.TextField(max_length=NOTE_LENGTH, blank=True)
    overdue_alert_at = models.DateTimeField(null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["due_by", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication"],
                condition=~Q(state="done"),
                name="consent_one_takedown_open_per_publication",
            )
        ]

    def audit_label(self) -> str:
        return f"Takedown #{self.pk} of publication #{self.publication_id}"
