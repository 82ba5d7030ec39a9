"""The social media accounts an organisation runs, and what the guidance asks of each one."""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from harbour.accounts.models import Membership, Organisation
from harbour.accounts.tenancy import OrganisationQuerySet
from harbour.channels.platforms import Platform
from harbour.connectors import registry
from harbour.connectors.platform import PlatformEntry

# Limits on what people type, each sized to its use (docs/channels.md, "Length limits"). Forms take
# their max_length from these fields, so the character count and the services agree with the model.
SHORT_TEXT = 1_000  # a few sentences: aims, why the platform suits, a reason, a note on a check
COMMENTS = 2_000  # a decision's comments may list several things that must change
DISCLAIMER = 5_000  # the generated text is about 2,000 characters: room to add, still short enough to read
SECRET = 1_000  # app passwords and tokens are under 100 characters; a longer paste is a mistake


def public_slug() -> str:
    return secrets.token_urlsafe(24)


class Status(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired"


STATUS_TAGS = {
    Status.PROPOSED: "govuk-tag--blue",
    Status.APPROVED: "govuk-tag--turquoise",
    Status.REJECTED: "govuk-tag--red",
    Status.ACTIVE: "govuk-tag--green",
    Status.RETIRED: "govuk-tag--grey",
}


class ChannelQuerySet(models.QuerySet):
    def for_org(self, org: Organisation):
        return self.filter(organisation=org)

    def live(self):
        return self.filter(status=Status.ACTIVE)

    def with_review_dates(self):
        """Annotate last_review_at, which privacy_review_due() then uses instead of a query per channel."""
        return self.annotate(last_review_at=models.Max("privacy_reviews__completed_at"))


class Channel(models.Model):
    """One account on one platform, always in the organisation's name (guidance 3.7)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="channels")
    # The public, unguessable identity of a channel: webhook URLs carry it instead of the row id.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    platform = models.CharField(max_length=20, choices=Platform.choices)
    name = models.CharField(max_length=120)
    handle = models.CharField(max_length=200, blank=True)
    display_name = models.CharField(max_length=200)
    in_organisation_name = models.BooleanField(default=False)
    # Platform settings the connector reads (for example a Mastodon server's address); never secrets.
    config = models.JSONField(default=dict, blank=True)

    aims = models.TextField(max_length=SHORT_TEXT)
    platform_minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    suitability = models.TextField(max_length=SHORT_TEXT)
    audience_min_age = models.PositiveSmallIntegerField()
    audience_max_age = models.PositiveSmallIntegerField()

    owners = models.ManyToManyField(Membership, related_name="owned_channels", blank=True)
    moderators = models.ManyToManyField(Membership, related_name="moderated_channels", blank=True)
    response_hours = models.PositiveSmallIntegerField()
    moderation_hours = models.CharField(max_length=300)
    checks_per_day = models.PositiveSmallIntegerField(default=1)
    # Publishing (guidance 4.1, 4.2: regularly updated): how often it should post, 0 for no target, and how
    # many independent proof readers must approve a post before it goes out here.
    posts_per_week = models.PositiveSmallIntegerField(default=2)
    approvals_needed = models.PositiveSmallIntegerField(default=1, choices=[(1, "One"), (2, "Two")])

    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_url = models.URLField(blank=True)

    privacy_review_days = models.PositiveSmallIntegerField(default=90)
    last_privacy_reminder_at = models.DateTimeField(null=True, blank=True)
    last_readiness_reminder_at = models.DateTimeField(null=True, blank=True)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comments = models.TextField(max_length=COMMENTS, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_reason = models.TextField(max_length=SHORT_TEXT, blank=True)
    # Set when the platform refused Harbour's credential: ingest stops until someone reconnects.
    reconnect_needed = models.BooleanField(default=False)

    public_slug = models.CharField(max_length=40, unique=True, default=public_slug, editable=False)
    current_disclaimer = models.ForeignKey(
        "channels.DisclaimerVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(audience_min_age__lte=models.F("audience_max_age")),
                name="audience_ages_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(checks_per_day__gte=1), name="moderated_at_least_daily"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:  # harbour.audit.events.object_label
        return self.name

    @property
    def status_tag(self) -> str:
        return STATUS_TAGS[self.status]

    @property
    def is_editable(self) -> bool:
        return self.status != Status.RETIRED

    @property
    def platform_entry(self) -> PlatformEntry:
        """Everything Harbour knows about the channel's platform (harbour/connectors/registry.py)."""
        return registry.entry(self.platform)

    def can(self, capability: str) -> bool:
        """Whether Harbour can do this on the channel's platform: hide, delete, reply, report,
        direct_messages, publish or publish_images (templates: the `can` filter of `platforms`)."""
        return self.platform_entry.can(capability)

    @property
    def contact_details(self) -> list[str]:
        return [value for value in (self.contact_email, self.contact_phone, self.contact_url) if value]

    def last_completed_review(self):
        return self.privacy_reviews.filter(completed_at__isnull=False).order_by("-completed_at").first()

    def privacy_review_due(self):
        """When the next privacy-settings review is due: now if there has never been one."""
        if hasattr(self, "last_review_at"):
            last = self.last_review_at
        else:
            last = self.privacy_reviews.aggregate(last=models.Max("completed_at"))["last"]
        if last is None:
            return None
        return last + timedelta(days=self.privacy_review_days)

    def privacy_review_overdue(self, now=None) -> bool:
        due = self.privacy_review_due()
        return due is None or due <= (now or timezone.now())

    def open_privacy_problems(self) -> list["PrivacyCheck"]:
        """Settings found wrong that could not be fixed, still open: for each checklist item, the
        latest answer in any review says "cannot be fixed". A later answer (fixed, set, does not
        apply) closes it."""
        latest = {}
        answered = (
            PrivacyCheck.objects.filter(review__channel=self, checked_at__isnull=False)
            .select_related("checked_by", "review")
            .order_by("checked_at", "review__started_at", "pk")
        )
        for check in answered:
            latest[check.item] = check
        return sorted(
            (check for check in latest.values() if check.outcome == Outcome.CANNOT_FIX),
            key=lambda check: check.position,
        )


class CredentialKind(models.TextChoices):
    APP_PASSWORD = "app_password", "App password"
    ACCESS_TOKEN = "access_token", "Access token"
    WEBHOOK_SECRET = "webhook_secret", "Webhook signing secret"
    # A platform session Harbour keeps so it need not sign in on every poll; never entered by a person.
    SESSION = "session", "Signed-in session"


class CredentialQuerySet(models.QuerySet):
    def for_org(self, org: Organisation):
        return self.filter(organisation=org)


class Credential(models.Model):
    """A secret Harbour uses to reach a platform account, encrypted with HARBOUR_CREDENTIALS_KEY.

    The plaintext is never shown again after entry and never leaves through a page, form or log;
    only harbour.channels.credentials decrypts it, for a connector.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="credentials")
    kind = models.CharField(max_length=20, choices=CredentialKind.choices)
    ciphertext = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    rotated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rotated_at = models.DateTimeField(null=True, blank=True)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "kind"], name="one_credential_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.channel}"

    def __repr__(self) -> str:
        return f"<Credential {self.pk} {self.kind} channel={self.channel_id}>"

    @property
    def set_at(self):
        return self.rotated_at or self.created_at

    @property
    def set_by(self):
        return self.rotated_by if self.rotated_at else self.created_by


class PrivacyReview(models.Model):
    """One check of a channel's privacy and safety settings against its platform's checklist (3.4)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="privacy_reviews")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Privacy review of {self.channel} started {self.started_at:%d %B %Y}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class Outcome(models.TextChoices):
    CONFIRMED = "confirmed", "Checked and set as described"
    FIXED = "fixed", "Was wrong, and is now fixed"
    CANNOT_FIX = "cannot_fix", "Wrong, and cannot be fixed"
    NOT_APPLICABLE = "not_applicable", "Does not apply to this account"


# Outcomes that need a note: why an item does not apply, and why a wrong setting cannot be fixed.
NOTE_NEEDED = {
    Outcome.NOT_APPLICABLE: "Say why '{label}' does not apply",
    Outcome.CANNOT_FIX: "Say why '{label}' cannot be fixed",
}


class PrivacyCheck(models.Model):
    """One checklist item of a review: who checked it, when, and what they found."""

    review = models.ForeignKey(PrivacyReview, on_delete=models.CASCADE, related_name="checks")
    item = models.CharField(max_length=60)
    label = models.CharField(max_length=300)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    notes = models.TextField(max_length=SHORT_TEXT, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["review", "item"], name="one_check_per_item")]

    def __str__(self) -> str:
        return self.label


class DisclaimerVersion(models.Model):
    """A published disclaimer (guidance 3.5). Each publish makes a new version; none is ever changed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="disclaimers")
    number = models.PositiveIntegerField()
    text = models.TextField(max_length=DISCLAIMER)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "number"], name="one_disclaimer_per_number")
        ]

    def __str__(self) -> str:
        return f"Disclaimer version {self.number} for {self.channel}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A published disclaimer cannot be changed: publish a new version")
        super().save(*args, **kwargs)


# The connection to a Meta account (Instagram, Facebook Pages, Threads), in its own module.
from harbour.channels.meta_models import MetaConnection  # noqa: F401

# What owners and managers have confirmed on each channel's readiness checklist (harbour/channels/readiness.py).
from harbour.channels.readiness_models import ReadinessConfirmation  # noqa: F401
