from django.db import migrations, models
from django.utils import timezone

PUSHED = ("file_import", "webhook")  # a copy of channels.platforms.PUSHED, as migrations must not change


def settle_existing(apps, schema_editor):
    """Push-only channels were polled and recorded as failing: clear that. A polled channel failing
    now has already e-mailed its managers (many times): count that as the alert, so no new one."""
    IngestCursor = apps.get_model("inbox", "IngestCursor")
    IngestCursor.objects.filter(channel__platform__in=PUSHED).update(
        failures=0, last_error="", next_poll_at=timezone.now()
    )
    now = timezone.now()
    IngestCursor.objects.exclude(channel__platform__in=PUSHED).filter(failures__gt=0).update(
        failing_since=models.F("last_polled_at"), alerted_at=now
    )
    IngestCursor.objects.filter(failures__gt=0, failing_since__isnull=True).update(failing_since=now)


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0002_item_categories"),
    ]

    operations = [
        migrations.AddField(
            model_name="ingestcursor",
            name="failing_since",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="ingestcursor",
            name="alerted_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(settle_existing, migrations.RunPython.noop),
    ]
