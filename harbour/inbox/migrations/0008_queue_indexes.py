# The inbox's "Done today" queue (issue 17) counts a range of done_at within an organisation's done items.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0007_moderation"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="item",
            index=models.Index(fields=["organisation", "status", "done_at"], name="inbox_item_done"),
        ),
    ]
