"""Proof reading decisions append-only in the database too (harbour/publishing/triggers.py)."""

from django.db import migrations

from harbour.publishing import triggers


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        triggers.TRIGGERS.install_sqlite(connection)
    elif connection.vendor == "postgresql":
        schema_editor.execute(triggers.POSTGRESQL_CREATE)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        for sql in triggers.TRIGGERS.sqlite_drop_statements():
            schema_editor.execute(sql)
    elif connection.vendor == "postgresql":
        schema_editor.execute(triggers.POSTGRESQL_DROP)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
