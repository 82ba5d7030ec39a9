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
        indexes = [
            models.Index(fields=["organisation", "status", "-received_at"]),
            # The inbox's own order: riskiest first, then oldest first.
            models.Index(fields=["organisation", "-severity", "received_at", "id"], name="inbox_item_riskiest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.platform_id}"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if adding or fields is None or "verdict" in fields:
            ItemCategory.objects.filter(item=self).delete()
            ItemCategory.objects.bulk_create(ItemCategory.rows_for([self]))


CATEGORY_LENGTH = 40


def categories_of(verdict) -> list[str]:
    """The categories of a verdict's findings, each once, in the order found."""
    findings = verdict.get("findings") if isinstance(verdict, dict) else None
    found = [f.get("category") for f in findings if isinstance(f, dict)] if isinstance(findings, list) else []
    return list(dict.fromkeys(c for c in found if isinstance(c, str) and 0 < len(c) <= CATEGORY_LENGTH))


class ItemCategory(models.Model):
    """One category an item's screening found, so the inbox filters by category with an index instead of
    searching the verdict's JSON. Written with the item (Item.save, and ingest for bulk inserts)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField(max_length=CATEGORY_LENGTH)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "category"], name="one_row_per_item_category")]
        indexes = [models.Index(fields=["organisation", "category", "item"], name="inbox_category_lookup")]

    def __str__(self) -> str:
        return self.category

    @staticmethod
    def rows_for(items) -> list["ItemCategory"]:
        return [
            ItemCategory(organisation_id=item.organisation_id, item=item, category=category)
            for item in items
            for category in categories_of(item.verdict)
        ]


class AuthorState(models.Model):
    """The screening engine's running summary of one author (the grooming tracker's memory)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    author_key = models.CharField(max_length=600)  # key_for(channel, author id)
    state = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "author_key"], name="one_state_per_author")
        ]

    def __str__(self) -> str:
        return self.author_key

    @staticmethod
    def key_for(channel: Channel, author_id: str) -> str:
        """The one author key, "<channel's platform>:<author id>", for ingest storing the state and the
        pages reading it. From the channel's platform, not the item's own (a file import's items say
        "import" on a "file_import" channel): Item keeps its channel, so an author is found however
        their items arrived, on every channel of that platform in the organisation."""
        return f"{channel.platform}:{author_id}"


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
    # The current problem, if any: when collecting first failed (cleared by a good poll), and when the
    # managers were last e-mailed about it (once when it began, then at most daily; see ingest.py).
    failing_since = models.DateTimeField(null=True, blank=True)
    alerted_at = models.DateTimeField(null=True, blank=True)
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
