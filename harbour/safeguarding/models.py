"""Safeguarding concerns: the record KCSIE asks for (docs/safeguarding.md 1B, rule 8), kept apart from the inbox.

A concern is raised from an inbox item (moderation's "escalate"), by the screening engine or the grooming
tracker, or by hand. It keeps an evidence snapshot of what led to it (`Evidence`: text, platform ids, URLs,
author, times, the screening verdict and the thread, never media: docs/safeguarding.md rules 1 to 7), so the
record survives the post being hidden or deleted and the channel being retired. Its record is a list of
dated entries (`Entry`: actions, discussions, decisions with their reasons, and the outcome), in the order
things happened, which may be earlier than when they were written down. Entries, evidence and referrals
are never changed or deleted once written: a correction is a new entry.

Who reads what is decided in harbour/safeguarding/access.py, never here.
"""

from contextvars import ContextVar

from django.db import models
from django.db.models.signals import pre_delete
from django.utils import timezone

from harbour.accounts.models import Membership, Organisation
from harbour.accounts.tenancy import OrganisationQuerySet
from harbour.inbox.models import Author, Item

SUMMARY_LENGTH = 2_000
TEXT_LENGTH = 10_000


class AppendOnlyError(RuntimeError):
    pass


class Category(models.TextChoices):
    GROOMING = "grooming", "Grooming"
    CSE = "cse", "Child sexual exploitation"
    NUDE_IMAGES = "nude_images", "Nude or semi-nude images (shared by a young person)"
    SEXUAL_COMMUNICATION = "sexual_communication", "Sexual communication from an adult"
    BULLYING = "bullying", "Cyber bullying"
    DISCLOSURE = "disclosure", "Disclosure of harm (abuse, neglect, domestic abuse)"
    SELF_HARM = "self_harm", "Self-harm or suicide"
    RADICALISATION = "radicalisation", "Radicalisation"
    ALLEGATION = "allegation", "An allegation about a member of staff or volunteer"
    LOW_LEVEL = "low_level", "A low-level concern about an adult's conduct"
    OTHER = "other", "Something else"


# Concerns about an adult who works with the organisation: hidden from the member they name.
ABOUT_AN_ADULT = frozenset({Category.ALLEGATION, Category.LOW_LEVEL})


class Severity(models.IntegerChoices):
    LOW = 1, "Low"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High"
    CRITICAL = 4, "Critical"


HIGH_SEVERITY = Severity.HIGH  # at or above: the safeguarding leads are told at once


class Source(models.TextChoices):
    ESCALATED = "escalated", "Escalated from the inbox"
    BY_HAND = "by_hand", "Raised by a member"
    SCREENING = "screening", "Raised by screening"
    GROOMING_TRACKER = "grooming_tracker", "Raised by the grooming tracker"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Concern(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=30, choices=Category.choices)
    severity = models.PositiveSmallIntegerField(choices=Severity.choices)
    immediate_danger = models.BooleanField(default=False)  # 999 first, on every page of it
    summary = models.TextField(max_length=SUMMARY_LENGTH)
    source = models.CharField(max_length=20, choices=Source.choices)
    # The item it was raised from, while it exists; the evidence snapshot outlives it.
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    raised_by = models.ForeignKey(  # None: raised by Harbour itself (screening, the grooming tracker)
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    young_person = models.ForeignKey(
        "YoungPerson", null=True, blank=True, on_delete=models.PROTECT, related_name="concerns"
    )
    # An allegation or low-level concern about an adult: the member it names never sees it.
    about_member = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The platform author it is about, where there is one: the grooming tracker raises one open concern per
    # author, and a young person's chronology gathers their authors' concerns.
    author = models.ForeignKey(Author, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # The first time a safeguarding lead opened it: until then, alerts (harbour/safeguarding/alerts.py).
    first_opened_at = models.DateTimeField(null=True, blank=True)
    first_opened_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Alerts (harbour/safeguarding/alerts.py), each sent once: the leads told of a high-severity concern, and
    # the deputies and managers told that no lead has opened it.
    leads_told_at = models.DateTimeField(null=True, blank=True)
    unopened_alert_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.TextField(max_length=TEXT_LENGTH, blank=True)
    outcome_reason = models.TextField(max_length=TEXT_LENGTH, blank=True)
    # Two leads writing at once: the second is told (as moderation's version check).
    version = models.PositiveIntegerField(default=0)
    # Retention (harbour/safeguarding/retention.py): a legal hold, set and lifted by a lead with a reason,
    # means it is never due for review; a review that keeps it moves its review date to `keep_until`; a
    # lead's request to destroy it waits for a second lead's confirmation.
    held_at = models.DateTimeField(null=True, blank=True)
    held_by = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    hold_reason = models.TextField(max_length=TEXT_LENGTH, blank=True)
    keep_until = models.DateField(null=True, blank=True)
    destroy_requested_at = models.DateTimeField(null=True, blank=True)
    destroy_requested_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    destroy_reason = models.TextField(max_length=TEXT_LENGTH, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "status", "-severity", "-raised_at"], name="concern_list"),
            models.Index(fields=["organisation", "raised_by"], name="concern_raised_by"),
            models.Index(fields=["organisation", "first_opened_at", "raised_at"], name="concern_unopened"),
            # The scheduler's look every few seconds for concerns no lead has opened within the hour (alerts.py).
            models.Index(
                fields=["raised_at"],
                name="concern_unopened_due",
                condition=models.Q(
                    status="open", first_opened_at__isnull=True, unopened_alert_at__isnull=True
                ),
            ),
        ]
        constraints = [
            # The grooming tracker raises one open concern per author; later alerts add to it (intake.py).
            models.UniqueConstraint(
                fields=["author"],
                condition=models.Q(status="open", source="grooming_tracker"),
                name="one_open_tracker_concern_per_author",
            ),
        ]

    def __str__(self) -> str:
        return self.audit_label()

    def audit_label(self) -> str:  # never the summary or the category (an allegation's category says a lot)
        return f"Concern #{self.pk}"

    @property
    def about_an_adult(self) -> bool:
        return self.category in ABOUT_AN_ADULT


class AppendOnly(models.Model):
    """A row written once: saving it again or deleting it is refused."""

    objects = OrganisationQuerySet.as_manager()

    FILLED_LATER: tuple[str, ...] = ()  # fields a service may fill in once, later (a referral's reference)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and not set(kwargs.get("update_fields") or ["*"]) <= set(self.FILLED_LATER):
            raise AppendOnlyError(f"{self._meta.verbose_name} rows are never changed: add a new one")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.verbose_name} rows are never deleted")


class Evidence(AppendOnly):
    """What led to the concern, as it was when the concern was raised. `snapshot` is plain JSON (text,
    platform ids, URLs, author, times, verdict, the thread around it, and how many media attachments were
    withheld: never a media URL's content), `sha256` the digest of its canonical form (services.digest)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="evidence")
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    snapshot = models.JSONField()
    sha256 = models.CharField(max_length=64)
    captured_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["captured_at", "pk"]
        verbose_name_plural = "evidence"


class EntryKind(models.TextChoices):
    ACTION = "action", "Action taken"
    DISCUSSION = "discussion", "Discussion"
    DECISION = "decision", "Decision"
    NOTE = "note", "Note"
    OUTCOME = "outcome", "Outcome"
    REOPENED = "reopened", "Reopened"
    MEDIA_OPENED = "media_opened", "Media opened on the platform"  # by a lead, with the reason (rule 7)


class Entry(AppendOnly):
    """One dated line of the concern's record. `happened_at` is when it happened (it may be backdated);
    `recorded_at` when it was written. A decision and an outcome carry their reason."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=12, choices=EntryKind.choices)
    text = models.TextField(max_length=TEXT_LENGTH)
    reason = models.TextField(max_length=TEXT_LENGTH, blank=True)
    happened_at = models.DateTimeField()
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["happened_at", "recorded_at", "pk"]
        verbose_name_plural = "entries"


class YoungPerson(models.Model):
    """A child or young person the organisation holds concerns about: a name or a pseudonym, and the
    platform authors that are them, so that concerns from every channel are read as one chronology."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)  # or a pseudonym
    date_of_birth = models.DateField(null=True, blank=True)
    authors = models.ManyToManyField(Author, blank=True, related_name="+")
    created_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:  # never their name
        return f"Young person #{self.pk}"


class DestinationKind(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care (the front door)"
    PARTNERSHIP = "partnership", "Local safeguarding children partnership"
    POLICE_EMERGENCY = "police_emergency", "Police: 999 (immediate danger)"
    POLICE = "police", "Police: 101"
    CEOP = "ceop", "CEOP (online sexual abuse and grooming)"
    IWF = "iwf", "Internet Watch Foundation (a web address only, never images)"
    REPORT_HARMFUL_CONTENT = "report_harmful_content", "Report Harmful Content"
    PLATFORM = "platform", "The platform's own reporting"
    LADO = "lado", "LADO (allegations about staff)"
    REPORT_REMOVE = "report_remove", "Report Remove (Childline and the IWF)"
    EXPLOITATION_SERVICE = "exploitation_service", "Local child exploitation service"
    OTHER = "other", "Other"


class Destination(models.Model):
    """Where this organisation refers concerns, with its own contact details (docs/safeguarding.md rule 13:
    local arrangements differ, so nothing is hard-coded)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=DestinationKind.choices)
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    notes = models.TextField(max_length=2_000, blank=True)  # hours, what they take and what they do not
    active = models.BooleanField(default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class LawfulBasis(models.TextChoices):
    """Why sharing was lawful (docs/safeguarding.md rules 12 and 30)."""

    SAFEGUARDING = "safeguarding", "Safeguarding of children (DPA 2018 Sch 1 para 18)"
    PUBLIC_TASK = "public_task", "Public task"
    LEGAL_OBLIGATION = "legal_obligation", "Legal obligation"
    VITAL_INTERESTS = "vital_interests", "Vital interests (immediate danger)"
    LEGITIMATE_INTERESTS = "legitimate_interests", "Legitimate interests"
    CONSENT = "consent", "Consent"


class Referral(AppendOnly):
    """A referral made: where to (the destination as it was then), when, what was shared, on what lawful
    basis and why, and the reference the destination gave (which may come later: services.add_reference)."""

    FILLED_LATER = ("reference",)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="referrals")
    destination = models.ForeignKey(Destination, null=True, blank=True, on_delete=models.SET_NULL)
    destination_kind = models.CharField(max_length=30, choices=DestinationKind.choices)
    destination_name = models.CharField(max_length=200)
    made_at = models.DateTimeField()
    shared = models.TextField(max_length=TEXT_LENGTH)
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    reason = models.TextField(max_length=TEXT_LENGTH)
    reference = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["made_at", "pk"]


class RetentionBasis(models.TextChoices):
    BIRTH = "birth", "The young person's date of birth (schools)"
    CLOSED = "closed", "When the concern was closed"


class RetentionRule(models.Model):
    """How long this organisation keeps a closed concern before it is reviewed (docs/safeguarding.md rule
    11): years after the young person's date of birth (the schools' preset: 25), or years after it closed.
    Under the birth basis a concern with no young person's date of birth on record falls back to the
    years after closing. Without a rule, retention.DEFAULT applies. Set by a lead or a manager, audited."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+")
    basis = models.CharField(max_length=10, choices=RetentionBasis.choices)
    years_after_birth = models.PositiveSmallIntegerField(default=25)
    years_after_closing = models.PositiveSmallIntegerField(default=25)
    set_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()


class DestroyedConcern(models.Model):
    """The tombstone of a concern destroyed after review by two leads: its number, category and dates, who
    asked and who confirmed, and why; nothing it said. Its audit events stay (they never held content)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()  # the concern's own number (its pk), as the audit log names it
    category = models.CharField(max_length=30, choices=Category.choices)
    raised_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    reason = models.TextField(max_length=TEXT_LENGTH)
    destroyed_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    destroyed_at = models.DateTimeField(default=timezone.now)
    # The member an allegation named, kept so the audit log still hides its events from them.
    about_member = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-destroyed_at", "-pk"]


# Deleting a concern or any row of its record is refused, however it is asked for (a model's delete(), a
# queryset's delete(), a cascade from the concern or its organisation), except inside confirm_destroy
# (harbour/safeguarding/retention.py), the one deliberate path: after review, two leads, a reason and a
# tombstone (docs/concerns.md "Retention").
DESTROYING: ContextVar[int | None] = ContextVar("destroying_concern", default=None)


def _refuse_deleting_the_record(sender, instance, **kwargs):
    concern_id = instance.pk if sender is Concern else instance.concern_id
    if DESTROYING.get() is None or DESTROYING.get() != concern_id:
        raise AppendOnlyError("Concerns are never deleted: a lead reviews one and two leads destroy it.")


# Connected to these four only: a receiver for every model would stop Django's fast delete everywhere.
for _model in (Concern, Evidence, Entry, Referral):
    pre_delete.connect(
        _refuse_deleting_the_record, sender=_model, dispatch_uid=f"refuse_deleting_{_model.__name__}"
    )
