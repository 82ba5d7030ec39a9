"""What comes in from the channels: items, each screened as it arrives, and the state ingest keeps.

An item holds the text and references only. Media is never fetched or stored (SAFEGUARDING.md 1A):
`media` keeps each item's URLs and alt text, nothing else.
"""

from django.db import models
from django.utils import timezone

from harbour.accounts.models import Organisation
from harbour.accounts.tenancy import OrganisationQuerySet
from harbour.channels.models import Channel
from harbour.screening.verdict import Action


class ItemKind(models.TextChoices):
    REPLY = "reply", "Reply"
    MENTION = "mention", "Mention"
    DIRECT_MESSAGE = "direct_message", "Direct message"
    COMMENT = "comment", "Comment"


class ItemAction(models.TextChoices):
    ALLOW = Action.ALLOW.value, "Allow"
    REVIEW = Action.REVIEW.value, "Review"
    HIDE = Action.HIDE.value, "Hide"
    ESCALATE = Action.ESCALATE.value, "Escalate"


class ItemStatus(models.TextChoices):
    NEW = "new", "New"
    DONE = "done", "Done"


class ItemQuerySet(models.QuerySet):
    def for_org(self, org: Organisation):
        return self.filter(organisation=org)


class Item(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="items")
    platform_id = models.CharField(max_length=500)
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    text = models.TextField()
    author_id = models.CharField(max_length=500)
    author_handle = models.CharField(max_length=500, blank=True)
    author_display_name = models.CharField(max_length=500, blank=True)
    thread_id = models.CharField(max_length=500, blank=True)
    parent_id = models.CharField(max_length=500, blank=True)
    url = models.TextField(blank=True)
    media = models.JSONField(default=list, blank=True)  # [{"url", "alt_text", "mime_type"}]; never bytes
    received_at = models.DateTimeField()  # when the platform says it was posted
    created_at = models.DateTimeField(default=timezone.now)  # when Harbour stored it
    verdict = models.JSONField(default=dict, blank=True)
    severity = models.PositiveSmallIntegerField(default=0)
    action = models.CharField(max_length=12, choices=ItemAction.choices, default=ItemAction.ALLOW)
    status = models.CharField(max_length=12, choices=ItemStatus.choices, default=ItemStatus.NEW)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "platform_id"], name="one_item_per_platform_id")
        ]
        indexes = [models.Index(fields=["organisation", "status", "-received_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.platform_id}"


class AuthorState(models.Model):
    """The screening engine's running summary of one author (the grooming tracker's memory)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    author_key = models.CharField(max_length=600)  # "<platform>:<author id>"
    state = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "author_key"], name="one_state_per_author")
        ]

    def __str__(self) -> str:
        return self.author_key


class IngestCursor(models.Model):
    """Where ingest has got to on one channel, and when to poll it next."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    channel = models.OneToOneField(Channel, on_delete=models.CASCADE, related_name="ingest")
    cursor = models.TextField(null=True, blank=True)
    next_poll_at = models.DateTimeField(default=timezone.now)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)  # in a row; 0 after a good poll
    last_error = models.TextField(blank=True)
    items_stored = models.PositiveBigIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # the latest skipped items, for the channel's page

    objects = OrganisationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Ingest position of {self.channel}"


class WebhookDelivery(models.Model):
    """One accepted webhook delivery, kept so a replayed delivery id is refused (SECURITY I1)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+")
    delivery_id = models.CharField(max_length=200)
    received_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "delivery_id"], name="one_webhook_delivery_per_id")
        ]


class ScheduledJob(models.Model):
    """When each periodic job was last enqueued; the scheduler claims a run with a conditional update."""

    name = models.CharField(max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
