"""Who moderates each channel when (guidance section 2: "identify a moderator and moderate daily"), the
daily sign-off that the day's queue was reviewed, and the alerts raised when it was not.

Times are wall-clock times in the organisation's time zone (settings.TIME_ZONE), so "Monday 09:00 to
17:00" stays 09:00 to 17:00 across the clocks changing.
"""

import datetime

from django.db import models
from django.utils import timezone

from harbour.accounts.models import Membership, Organisation
from harbour.channels.models import Channel

DEFAULT_SIGN_OFF_BY = datetime.time(20, 0)


class Weekday(models.IntegerChoices):
    # Python's date.weekday() numbers.
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class RotaQuerySet(models.QuerySet):
    def for_org(self, org: Organisation):
        return self.filter(organisation=org)


class Rota(models.Model):
    """A channel's rota: its shifts, and the time by which the day's queue must be signed off."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    channel = models.OneToOneField(Channel, on_delete=models.CASCADE, related_name="rota")
    sign_off_by = models.TimeField(default=DEFAULT_SIGN_OFF_BY)
    # The local day each kind of alert was last raised: the scheduler claims a day by moving these on
    # (harbour/jobs/claims.py), so however many schedulers run, managers are told once a day per reason.
    sign_off_alerted_on = models.DateField(null=True, blank=True)
    overdue_alerted_on = models.DateField(null=True, blank=True)

    objects = RotaQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Rota of {self.channel}"

    def audit_label(self) -> str:  # harbour.audit.events.object_label
        return f"Rota of {self.channel.name}"


class Shift(models.Model):
    """One moderator covering one channel on one day of the week, from `starts` to `ends`. A shift whose
    end is at or before its start runs past midnight into the next day (22:00 to 02:00)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    rota = models.ForeignKey(Rota, on_delete=models.CASCADE, related_name="shifts")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="shifts")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts = models.TimeField()
    ends = models.TimeField()

    objects = RotaQuerySet.as_manager()

    class Meta:
        ordering = ["weekday", "starts", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="rota_shift_weekday"),
            models.CheckConstraint(condition=~models.Q(starts=models.F("ends")), name="rota_shift_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M} to {self.ends:%H:%M}"

    @property
    def overnight(self) -> bool:
        return self.ends < self.starts

    def covers(self, local: datetime.datetime) -> bool:
        """Whether this shift covers the local (wall-clock) time `local`."""
        day, time = local.weekday(), local.time()
        if not self.overnight:
            return day == self.weekday and self.starts <= time < self.ends
        return (day == self.weekday and time >= self.starts) or (
            day == (self.weekday + 1) % 7 and time < self.ends
        )


class SignOff(models.Model):
    """A moderator on the rota confirming that a channel's queue was reviewed that day; what still
    needed action at that moment is kept with it, since signing off with items left is allowed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="sign_offs")
    day = models.DateField()  # the local day
    signed_off_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField(default=timezone.now)
    needs_action = models.PositiveIntegerField()

    objects = RotaQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["channel", "day"], name="rota_one_sign_off_a_day")]


class AlertReason(models.TextChoices):
    NO_SIGN_OFF = "no_sign_off", "Not signed off"
    OVERDUE = "overdue", "Items past their deadline"


class Alert(models.Model):
    """Managers told that a channel was not signed off by its time, or has items past their deadline:
    at most one per channel, day and reason (the constraint backs the scheduler's claim)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="rota_alerts")
    day = models.DateField()  # the local day
    reason = models.CharField(max_length=20, choices=AlertReason.choices)
    count = models.PositiveIntegerField()  # items needing action, or past their deadline
    raised_at = models.DateTimeField(default=timezone.now)
    emailed_to = models.JSONField(default=list, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = RotaQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "day", "reason"], name="rota_one_alert_a_day")
        ]
