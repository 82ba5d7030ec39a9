"""Proof reading decisions append-only in the database too (harbour/publishing/triggers.py)."""

from django.db import migrations

from harbour.publishing import triggers


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]

    operations = [migrations.RunPython(triggers.TRIGGERS.install, triggers.TRIGGERS.uninstall)]
