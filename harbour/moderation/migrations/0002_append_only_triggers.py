"""The moderation record append-only in the database too (harbour/moderation/triggers.py), and kept: an
item or organisation with actions can no longer be deleted (PROTECT, as the member who acted already was),
where it used to take its actions with it."""

import django.db.models.deletion
from django.db import migrations, models

from harbour.moderation import triggers


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_text_length_limits"),
        ("inbox", "0010_item_text_trigram_index"),
        ("moderation", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="moderationaction",
            name="item",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="actions", to="inbox.item"
            ),
        ),
        migrations.AlterField(
            model_name="moderationaction",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.organisation"
            ),
        ),
        migrations.RunPython(triggers.TRIGGERS.install, triggers.TRIGGERS.uninstall),
    ]
