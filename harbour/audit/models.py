"""The audit log: append-only events, each hash-chained to the one before (harbour.audit.chain).

Rows never change once written: the model refuses updates and deletes, and a database trigger refuses
them too (PostgreSQL and SQLite). References to people and organisations carry no database constraint, so deleting
a user never touches the rows that record what they did.
"""

from django.conf import settings
from django.db import models


class AppendOnlyError(RuntimeError):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted")

    def for_org(self, org):
        return self.filter(organisation=org)


class AuditEvent(models.Model):
    sequence = models.PositiveBigIntegerField(unique=True)
    created_at = models.DateTimeField()
    action = models.CharField(max_length=80, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=254, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # 1: plain SHA-256 (events from before the audit key); 2: HMAC under the key that key_id names.
    version = models.PositiveSmallIntegerField(default=2)
    key_id = models.CharField(max_length=16, blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        indexes = [models.Index(fields=["organisation", "-sequence"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted")


class AuditChainHead(models.Model):
    """One row: the newest sequence and hash. Appends lock it, so the chain stays a line; and
    verify compares it with the newest event, so cutting events off the end is detected too."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)


class RefusalBurst(models.Model):
    """Refusals of one signed-in person, of one kind, in one organisation, close together in time.

    The first refusal of a burst is written to the log as an event; the rest are only counted here, and
    the count is written as one `security.refusals_repeated` event when the burst ends (quiet for a while,
    or long enough). So a probe cannot flood the log, and the log still says how many refusals there were.
    This table is a working count, not the log: its rows change and are removed when written out.
    """

    key = models.CharField(max_length=200, unique=True)  # user:organisation:action
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    action = models.CharField(max_length=80)
    started_at = models.DateTimeField()
    last_at = models.DateTimeField(db_index=True)
    counted = models.PositiveIntegerField(default=0)  # refusals after the first, not written one by one
    paths = models.JSONField(default=list)  # the first few different paths among the counted ones
    addresses = models.JSONField(default=list)  # the first few different client addresses among them
