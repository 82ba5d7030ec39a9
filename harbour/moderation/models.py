"""Every moderation action is a row here: who asked for what, on which item, and what the platform said.

The table is append-only for what was asked: once written, the item, kind, actor, time, parameters and
what it undoes never change, and no row is deleted (the model refuses, and so do database triggers:
harbour/moderation/triggers.py; the audit log holds the same facts in its hash chain). Nor can what a
row points at be deleted from under it: an item, member or organisation with actions is kept (PROTECT, and
the database's foreign keys); removing an organisation's history is the database owner's deliberate act,
as for the audit log. What changes is the outcome of a platform action, which a task sends after the
request commits: `state` moves pending -> running -> succeeded or failed, with its attempts, the platform's
answer and any error. Those fields change only by a conditional UPDATE through
`harbour.jobs.claims.claim` (the queryset's update() refuses any other field), so that of two workers
exactly one sends an action, and a finished action is never sent again.

`params` holds only what the moderator typed or chose (a reply's text, a note, a reason, an assignee's
id): never the young person's message, which stays on the item.
"""

from django.db import models
from django.utils import timezone

from harbour.accounts.models import Membership, Organisation
from harbour.connectors.platform import PlatformCapability
from harbour.inbox.models import Item


class AppendOnlyError(RuntimeError):
    pass


class ActionKind(models.TextChoices):
    HIDE = "hide", "Hide"
    UNHIDE = "unhide", "Show again"
    REPLY = "reply", "Reply"
    REPORT = "report", "Report to the platform"
    BLOCK = "block", "Block the author"
    MUTE = "mute", "Mute the author"
    DELETE = "delete", "Delete"
    DONE = "done", "Mark done"
    REOPEN = "reopen", "Reopen"
    ASSIGN = "assign", "Assign"
    NOTE = "note", "Add a note"
    ESCALATE = "escalate", "Escalate"


# The actions that reach the platform, each with the registry capability that says the platform allows it.
PLATFORM_CAPABILITY = {
    ActionKind.HIDE: PlatformCapability.HIDE,
    ActionKind.UNHIDE: PlatformCapability.UNHIDE,
    ActionKind.REPLY: PlatformCapability.REPLY,
    ActionKind.REPORT: PlatformCapability.REPORT,
    ActionKind.BLOCK: PlatformCapability.BLOCK,
    ActionKind.MUTE: PlatformCapability.MUTE,
    ActionKind.DELETE: PlatformCapability.DELETE,
}
PLATFORM_KINDS = frozenset(PLATFORM_CAPABILITY)


class ActionState(models.TextChoices):
    DONE = "done", "Done"  # a local action: it happened when it was recorded
    PENDING = "pending", "Waiting to be sent"
    RUNNING = "running", "Sending"
    SUCCEEDED = "succeeded", "Done on the platform"
    FAILED = "failed", "Failed"


# The only fields that change after a row is written, and only through claims.claim.
OUTCOME_FIELDS = frozenset(
    {
        "state",
        "attempts",
        "next_try_at",
        "started_at",
        "finished_at",
        "reference",
        "answer",
        "error",
        "what_to_do",
    }
)


class ModerationActionQuerySet(models.QuerySet):
    def for_org(self, org):
        return self.filter(organisation=org)

    def update(self, **kwargs):
        changed = sorted(set(kwargs) - OUTCOME_FIELDS)
        if changed:
            raise AppendOnlyError(f"Moderation actions are append-only: {', '.join(changed)} cannot change")
        return super().update(**kwargs)

    def delete(self):
        raise AppendOnlyError("Moderation actions cannot be deleted")


class ModerationAction(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=12, choices=ActionKind.choices)
    by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    params = models.JSONField(default=dict, blank=True)
    # The item's version this action moved it to (Item.version), for "Sam hid this 2 minutes ago".
    item_version = models.PositiveIntegerField()
    undo_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="undone_by"
    )

    # The outcome (see the module's docstring).
    state = models.CharField(max_length=10, choices=ActionState.choices)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)  # of the current attempt
    finished_at = models.DateTimeField(null=True, blank=True)
    reference = models.CharField(max_length=500, blank=True)  # the platform's id for a reply or report
    answer = models.CharField(max_length=500, blank=True)  # what the platform said, in words
    error = models.TextField(blank=True)
    what_to_do = models.TextField(blank=True)  # after a permanent failure: how to do it another way

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["item", "-created_at"], name="moderation_item_history"),
            models.Index(fields=["state", "next_try_at"], name="moderation_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on item #{self.item_id}"

    def audit_label(self) -> str:  # harbour.audit.events.object_label: never a reply's or note's text
        return f"{self.get_kind_display()} on item #{self.item_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Moderation actions are append-only: record a new action instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Moderation actions cannot be deleted")

    @property
    def on_platform(self) -> bool:
        return self.kind in PLATFORM_KINDS

    @property
    def finished(self) -> bool:
        return self.state in (ActionState.DONE, ActionState.SUCCEEDED, ActionState.FAILED)
