# ScheduledJob moves here from the inbox app. Its table stays as it is, rows and all: this migration only
# tells Django's state that the jobs app now holds the model (inbox 0006 drops it from the inbox's state).

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("inbox", "0001_initial"),  # created the table inbox_scheduledjob
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ScheduledJob",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=100, unique=True)),
                        ("last_enqueued_at", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={"db_table": "inbox_scheduledjob"},
                ),
            ],
            database_operations=[],
        ),
    ]
