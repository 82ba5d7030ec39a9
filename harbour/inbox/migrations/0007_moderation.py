# The moderation fields of an item (harbour/moderation, issue 17): its version for the two-moderators
# check, assignee, done time, deadlines; and the queue indexes. Status keeps its stored values.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_text_length_limits"),
        ("channels", "0004_privacy_check_wrong_outcomes"),
        ("inbox", "0006_move_scheduledjob_to_jobs"),
    ]

    operations = [
        migrations.AddField(
            model_name="item",
            name="assigned_to",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="accounts.membership",
            ),
        ),
        migrations.AddField(
            model_name="item",
            name="done_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="item",
            name="due_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="item",
            name="needs_reply",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="item",
            name="responded_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="item",
            name="version",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="item",
            name="status",
            field=models.CharField(
                choices=[
                    ("new", "Needs action"),
                    ("done", "Done"),
                    ("escalated", "Escalated to safeguarding"),
                ],
                default="new",
                max_length=12,
            ),
        ),
        migrations.AddIndex(
            model_name="item",
            index=models.Index(
                fields=["organisation", "status", "-severity", "received_at"], name="inbox_item_queue"
            ),
        ),
        migrations.AddIndex(
            model_name="item",
            index=models.Index(fields=["organisation", "assigned_to", "status"], name="inbox_item_assigned"),
        ),
        migrations.AddIndex(
            model_name="item",
            index=models.Index(fields=["organisation", "due_at"], name="inbox_item_due"),
        ),
    ]
