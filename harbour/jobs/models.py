from django.db import models


class ScheduledJob(models.Model):
    """When each periodic job was last enqueued; the scheduler claims a run with a conditional update.

    Global, not an organisation's: one row per job in harbour/jobs/scheduler.py's PERIODIC. The table keeps
    the name it had in the inbox app, where this model began (migrations inbox 0006 and jobs 0001)."""

    name = models.CharField(max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "inbox_scheduledjob"

    def __str__(self) -> str:
        return self.name
