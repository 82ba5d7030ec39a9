"""What an owner or manager has confirmed on a channel's readiness checklist (harbour/channels/readiness.py):
one row per point, with a short note of where it is written down, who confirmed it and when."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from harbour.accounts.models import Organisation
from harbour.accounts.tenancy import OrganisationQuerySet

WHERE_WRITTEN = 500  # "Safeguarding policy, section 4 (reviewed March 2026)": a pointer, never the policy


class ReadinessConfirmation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey("channels.Channel", on_delete=models.CASCADE, related_name="readiness")
    point = models.CharField(max_length=40)
    note = models.TextField(max_length=WHERE_WRITTEN)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "point"], name="one_confirmation_per_point")
        ]

    def __str__(self) -> str:
        return f"{self.point} confirmed for {self.channel_id}"
