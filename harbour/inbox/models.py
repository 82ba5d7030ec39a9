"""What comes in from the channels: items, each screened as it arrives, and the state ingest keeps.

An item holds the text and references only. Media is never fetched or stored (docs/safeguarding.md rule 1):
`media` keeps each item's URLs and alt text, nothing else.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import models
from django.utils import timezone

from harbour.accounts.models import Membership, Organisation
from harbour.accounts.tenancy import OrganisationQuerySet
from harbour.channels.models import Channel
from harbour.inbox.screened import CATEGORY_LENGTH, ScreenedText, categories_of


class ItemKind(models.TextChoices):
    REPLY = "reply", "Reply"
    MENTION = "mention", "Mention"
    DIRECT_MESSAGE = "direct_message", "Direct message"
    COMMENT = "comment", "Comment"


class ItemStatus(models.TextChoices):
    # One name per state everywhere in the console. The stored value "new" predates the name.
    NEEDS_ACTION = "new", "Needs action"
    DONE = "done", "Done"
    ESCALATED = "escalated", "Escalated to safeguarding"


class AuthorQuerySet(OrganisationQuerySet):
    def of_channel(self, channel: Channel):
        """The authors as `channel` knows them. The one place an author's identity is built: the
        channel's organisation and platform (not the item's own: a file import's items say "import" on
        a "file_import" channel), so a person is one Author on every channel of that platform in the
        organisation, however their items arrived."""
        return self.filter(organisation_id=channel.organisation_id, platform=channel.platform)


class AuthorManager(models.Manager.from_queryset(AuthorQuerySet)):
    def for_incoming(self, channel: Channel, items: Iterable, *, seen_at: datetime) -> dict[str, "Author"]:
        """The Author of each incoming item (by its platform author id), created when new, with the
        latest handle and display name the items give and `seen_at` as last seen. Call it inside the
        transaction that stores the items: the authors are returned locked (SELECT ... FOR UPDATE), so
        two deliveries with one author, on two channels, write the author's running state one after
        the other. Race-safe: a new author is inserted with ON CONFLICT DO NOTHING (on PostgreSQL a
        concurrent insert of the same author waits for the other transaction, then finds its row), then
        every author is read back; rows are inserted and locked in one order, so two batches cannot
        deadlock."""
        latest: dict[str, tuple[str, str]] = {}
        for item in items:
            handle, name = latest.get(item.author_id, ("", ""))
            # A platform that sends no profile this time (Bluesky's chat log) keeps the name known.
            latest[item.author_id] = (item.author_handle or handle, item.author_display_name or name)
        if not latest:
            return {}
        ids = sorted(latest)
        self.bulk_create(
            [
                Author(
                    organisation_id=channel.organisation_id,
                    platform=channel.platform,
                    platform_author_id=author_id,
                    handle=latest[author_id][0],
                    display_name=latest[author_id][1],
                    first_seen=seen_at,
                    last_seen=seen_at,
                )
                for author_id in ids
            ],
            ignore_conflicts=True,
        )
        authors = {
            author.platform_author_id: author
            for author in self.of_channel(channel)
            .filter(platform_author_id__in=ids)
            .select_for_update()
            .order_by("pk")
        }
        changed = []
        for author_id, author in authors.items():
            handle, name = latest[author_id]
            seen = max(author.last_seen, seen_at)
            handle, name = handle or author.handle, name or author.display_name
            if (handle, name, seen) != (author.handle, author.display_name, author.last_seen):
                author.handle, author.display_name, author.last_seen = handle, name, seen
                changed.append(author)
        self.bulk_update(changed, ["handle", "display_name", "last_seen"])
        return authors


class Author(models.Model):
    """One person on one platform, as one organisation's channels see them: items and the screening
    engine's running summary (AuthorState) point here. Handle and display name are the latest seen."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    platform = models.CharField(max_length=20)  # the channel's platform (AuthorQuerySet.of_channel)
    platform_author_id = models.CharField(max_length=500)  # stable on the platform (a DID, an account id)
    handle = models.CharField(max_length=500, blank=True)
    display_name = models.CharField(max_length=500, blank=True)
    first_seen = models.DateTimeField(default=timezone.now)  # when Harbour first stored an item of theirs
    last_seen = models.DateTimeField(default=timezone.now)

    objects = AuthorManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "platform", "platform_author_id"], name="one_author_per_platform_id"
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.handle or self.platform_author_id


def overdue(now: datetime) -> models.Q:
    """The one definition of an overdue item, for the inbox's Overdue queue, the response-times page and
    the rota's alert: its reply deadline has passed, it still needs action (done or escalated, it has left
    the moderators' queue) and no reply has been sent from the console."""
    return models.Q(status=ItemStatus.NEEDS_ACTION, due_at__lt=now, responded_at__isnull=True)


class ItemQuerySet(models.QuerySet):
    def for_org(self, org: Organisation):
        return self.filter(organisation=org)


class Item(ScreenedText):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="items")
    platform_id = models.CharField(max_length=500)
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    text = models.TextField()
    # RESTRICT: an author goes only with their organisation, never taking a child's messages with them.
    author = models.ForeignKey(Author, on_delete=models.RESTRICT, related_name="items")
    thread_id = models.CharField(max_length=500, blank=True)
    parent_id = models.CharField(max_length=500, blank=True)
    url = models.TextField(blank=True)
    media = models.JSONField(default=list, blank=True)  # [{"url", "alt_text", "mime_type"}]; never bytes
    received_at = models.DateTimeField()  # when the platform says it was posted
    created_at = models.DateTimeField(default=timezone.now)  # when Harbour stored it
    status = models.CharField(max_length=12, choices=ItemStatus.choices, default=ItemStatus.NEEDS_ACTION)
    # It arrived hidden: the platform had hidden it, or (a post on Harbour's own pages) screening held it for
    # a moderator. moderation.services.is_hidden reads this until a moderator hides or shows it.
    hidden_on_arrival = models.BooleanField(default=False)
    # Moderation (harbour/moderation): every action bumps `version`, so a second moderator acting on what
    # they saw before the first one's change is told instead of overwriting it.
    version = models.PositiveIntegerField(default=0)
    assigned_to = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    # Deadlines: set at ingest where the item needs a reply (harbour/inbox/ingest.py); responded_at when a
    # reply from the console reached the platform.
    needs_reply = models.BooleanField(default=False)
    due_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "platform_id"], name="one_item_per_platform_id")
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "-received_at"]),
            # The inbox's own order: riskiest first, then oldest first.
            models.Index(
                fields=["organisation", "-severity", "received_at", "id"], name="inbox_item_riskiest_first"
            ),
            # The moderation queues: a status riskiest first, "assigned to me", and overdue.
            models.Index(
                fields=["organisation", "status", "-severity", "received_at"], name="inbox_item_queue"
            ),
            models.Index(fields=["organisation", "assigned_to", "status"], name="inbox_item_assigned"),
            models.Index(fields=["organisation", "due_at"], name="inbox_item_due"),
            # The item page's thread (harbour/inbox/pages.py): without it, a scan of the organisation's items.
            models.Index(fields=["organisation", "thread_id"], name="inbox_item_thread"),
            # "Done today" (harbour/inbox/pages.py): a range of done_at, not a pass over every done item.
            models.Index(fields=["organisation", "status", "done_at"], name="inbox_item_done"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.platform_id}"

    def audit_label(self) -> str:  # harbour.audit.events.object_label: never the text, nor an imported id
        return f"{self.get_kind_display()} #{self.pk}"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if adding or fields is None or "verdict" in fields:
            ItemCategory.objects.filter(item=self).delete()
            ItemCategory.objects.bulk_create(ItemCategory.rows_for([self]))


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

    author = models.OneToOneField(Author, on_delete=models.CASCADE, related_name="screening_state")
    state = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Screening state of {self.author}"


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
    """One accepted webhook delivery, kept so a replayed delivery id is refused (docs/security.md I1)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+")
    delivery_id = models.CharField(max_length=200)
    received_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "delivery_id"], name="one_webhook_delivery_per_id")
        ]
