"""Planning (guidance section 2 and 3.2): the organisation's engagement plan and one per channel (aims,
objectives, audience, resources, how success is measured, review date), and the organisation's policies
that its social media work cross-references, each a link or an uploaded document with a review date."""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone

from harbour.accounts.models import Organisation
from harbour.accounts.tenancy import OrganisationQuerySet
from harbour.channels.models import Channel

SHORT_TEXT = 1_000  # aims, the audience, how success is measured: a few sentences each
OBJECTIVES = 2_000  # several objectives, one a line
DUE_SOON = timedelta(days=30)  # a review date within this is shown as "due soon"


def review_state(review_date, today=None) -> str:
    """'overdue', 'due_soon' or 'current'."""
    today = today or timezone.localdate()
    if review_date < today:
        return "overdue"
    if review_date <= today + DUE_SOON:
        return "due_soon"
    return "current"


REVIEW_TAGS = {
    "overdue": ("Overdue", "govuk-tag--red"),
    "due_soon": ("Due soon", "govuk-tag--yellow"),
    "current": ("Current", "govuk-tag--green"),
}


class Reviewed(models.Model):
    review_date = models.DateField()

    class Meta:
        abstract = True

    @property
    def review_state(self) -> str:
        return review_state(self.review_date)

    @property
    def review_tag(self) -> tuple[str, str]:
        return REVIEW_TAGS[self.review_state]


class EngagementPlan(Reviewed):
    """The organisation's plan (channel empty) or one channel's."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    channel = models.OneToOneField(
        Channel, null=True, blank=True, on_delete=models.CASCADE, related_name="engagement_plan"
    )
    aims = models.TextField(max_length=SHORT_TEXT)
    objectives = models.TextField(max_length=OBJECTIVES)
    audience = models.TextField(max_length=SHORT_TEXT)
    success_measures = models.TextField(max_length=SHORT_TEXT)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(channel__isnull=True),
                name="one_organisation_plan",
            )
        ]

    def __str__(self) -> str:
        return f"Engagement plan for {self.channel or self.organisation}"

    @property
    def objective_lines(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    @property
    def hours_per_week(self):
        return sum((resource.hours_per_week for resource in self.resources.all()), 0)


class Resource(models.Model):
    """Who works on the plan, and for how many hours a week (guidance: "How will you resource...")."""

    plan = models.ForeignKey(EngagementPlan, on_delete=models.CASCADE, related_name="resources")
    who = models.CharField(max_length=200)
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gt=0, hours_per_week__lte=168), name="hours_in_a_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.who}: {self.hours_per_week} hours a week"


class PolicyKind(models.TextChoices):
    # The five the guidance names (section 2, "Policies and Procedures"), then others.
    CODE_OF_CONDUCT = "code_of_conduct", "Code of conduct"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    COMMUNICATIONS = "communications", "Communications"
    IT_NETWORK = "it_network", "IT and network"
    INTERNET_EMAIL = "internet_email", "Internet and email use"
    SOCIAL_MEDIA = "social_media", "Social media"
    # For consultation boards: the Online Safety Act scope decision, risk assessment and terms (docs/safeguarding.md,
    # rules 24 and 25), kept and reviewed like any policy.
    ONLINE_SAFETY = "online_safety", "Online Safety Act risk assessment and terms"
    OTHER = "other", "Other"


NAMED_BY_GUIDANCE = (
    PolicyKind.CODE_OF_CONDUCT,
    PolicyKind.SAFEGUARDING,
    PolicyKind.COMMUNICATIONS,
    PolicyKind.IT_NETWORK,
    PolicyKind.INTERNET_EMAIL,
)


def document_path(policy: "Policy", filename: str) -> str:
    """A generated name: the uploaded name is kept only as text, never used as a path."""
    suffix = PurePath(filename).suffix.lower()
    return f"policies/{policy.organisation_id}/{uuid.uuid4().hex}{suffix}"


class Policy(Reviewed):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=PolicyKind.choices)
    title = models.CharField(max_length=200)
    url = models.URLField(max_length=500, blank=True)
    document = models.FileField(upload_to=document_path, blank=True, max_length=200)
    document_name = models.CharField(max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title"]
        verbose_name_plural = "policies"
        constraints = [
            # a link or a document, never both and never neither
            models.CheckConstraint(
                condition=(models.Q(url="") & ~models.Q(document=""))
                | (~models.Q(url="") & models.Q(document="")),
                name="policy_link_or_document",
            )
        ]

    def __str__(self) -> str:
        return self.title
