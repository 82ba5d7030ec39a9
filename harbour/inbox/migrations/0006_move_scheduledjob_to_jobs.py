# ScheduledJob now belongs to the jobs app (harbour/jobs/models.py), which keeps its table
# inbox_scheduledjob and its rows: the inbox only forgets the model; nothing in the database changes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("inbox", "0005_author"),
        ("jobs", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ScheduledJob")],
            database_operations=[],
        ),
    ]
