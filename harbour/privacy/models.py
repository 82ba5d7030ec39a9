"""Data protection (issue 21; docs/privacy.md): how long the consent register's records are kept, the review
of what is due, subject access requests and erasure requests.

- `RetentionPolicy`: per organisation and kind of record (consent records, consent evidence, media, posts),
  a period and what it counts from, set by a manager. Without one, `retention.DEFAULTS` apply.
- `ReviewItem`: one record found due by the nightly job, until a manager keeps it (for how long, why) or
  destroys it. Nothing is destroyed without that decision. Concerns keep their own rule and review
  (harbour/safeguarding/retention.py).
- `SubjectAccessRequest`: a person's request for everything held about them. Opened by a manager; a
  safeguarding lead reviews the safeguarding part (`Withholding`: an item withheld with its exemption)
  before the export is made; closed with the date it was sent.
- `ErasureRequest`: a person's request to be erased, and the statement of what was erased and what was
  kept and why (`statement`, plain JSON) once it was carried out.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from harbour.accounts.models import Membership, Organisation
from harbour.accounts.tenancy import OrganisationQuerySet
from harbour.consent.models import Person

REASON_LENGTH = 2_000
REQUESTER_LENGTH = 200


class RecordKind(models.TextChoices):
    CONSENT = "consent", "Consent records"
    EVIDENCE = "evidence", "Consent evidence"
    MEDIA = "media", "Media library"
    POST = "post", "Published posts"


class CountsFrom(models.TextChoices):
    CONSENT_ENDED = "consent_ended", "When the consent ended (its expiry or withdrawal)"
    RECORDED = "recorded", "When it was recorded"
    WITH_CONSENT = "with_consent", "When the last consent it proves ended"
    LAST_USE = "last_use", "Its last use in a published post, or its upload if never used"
    UPLOADED = "uploaded", "When it was uploaded"
    PUBLISHED = "published", "When it was published"


class Unit(models.TextChoices):
    MONTHS = "months", "Months"
    YEARS = "years", "Years"


class RetentionPolicy(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=RecordKind.choices)
    period = models.PositiveSmallIntegerField()
    unit = models.CharField(max_length=6, choices=Unit.choices)
    counts_from = models.CharField(max_length=14, choices=CountsFrom.choices)
    set_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="privacy_one_policy_per_kind")
        ]

    def audit_label(self) -> str:
        return f"Retention rule #{self.pk}"


class ReviewState(models.TextChoices):
    DUE = "due", "Due for review"
    KEPT = "kept", "Kept"
    DESTROYED = "destroyed", "Destroyed"


class ReviewItem(models.Model):
    """A record due for review under its kind's retention rule. `object_id` is the record's own id (a
    ConsentRecord, ConsentEvidence, MediaAsset or Post); `label` its audit label, never its content."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=RecordKind.choices)
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=120)
    due_on = models.DateField()
    found_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=ReviewState.choices, default=ReviewState.DUE)
    keep_until = models.DateField(null=True, blank=True)
    reason = models.TextField(max_length=REASON_LENGTH, blank=True)
    outcome = models.TextField(blank=True)  # what destroying it did, in words
    decided_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"],
                condition=Q(state="due"),
                name="privacy_one_review_due_per_record",
            )
        ]

    def audit_label(self) -> str:
        return f"Retention review #{self.pk}"


class AccessState(models.TextChoices):
    LEAD_REVIEW = "lead_review", "Waiting for a safeguarding lead's review"
    READY = "ready", "Ready to export"
    SENT = "sent", "Sent"


class SubjectAccessRequest(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    requester = models.CharField(max_length=REQUESTER_LENGTH)  # who asked: "Her mother", "Sam themself"
    received_on = models.DateField()
    state = models.CharField(max_length=12, choices=AccessState.choices)
    opened_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    exported_at = models.DateTimeField(null=True, blank=True)  # the first export
    sent_on = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]

    def audit_label(self) -> str:
        return f"Subject access request #{self.pk}"


class Exemption(models.TextChoices):
    CHILD_ABUSE_DATA = (
        "child_abuse_data",
        "Child abuse data, not in the child's best interests (DPA 2018 Sch 3 Part 5 para 21)",
    )
    SERIOUS_HARM = (
        "serious_harm",
        "Likely to cause serious harm to the physical or mental health of anyone (DPA 2018 Sch 3 Part 5)",
    )
    THIRD_PARTY = "third_party", "Identifies someone else who has not agreed (DPA 2018 Sch 2 Part 3 para 16)"


class Withholding(models.Model):
    """One safeguarding item a lead withheld from a subject access export, with the exemption."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="withheld")
    item = models.CharField(max_length=40)  # "concern:12", "item:40", "young_person:3"
    exemption = models.CharField(max_length=20, choices=Exemption.choices)
    note = models.TextField(max_length=REASON_LENGTH, blank=True)
    by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "item"], name="privacy_withhold_once")]


class ErasureRequest(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    requester = models.CharField(max_length=REQUESTER_LENGTH)
    received_on = models.DateField()
    done_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)
    statement = models.JSONField(default=dict)  # {"erased": [...], "kept": [[what, why], ...]}

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-done_at", "-pk"]

    def audit_label(self) -> str:
        return f"Erasure request #{self.pk}"
