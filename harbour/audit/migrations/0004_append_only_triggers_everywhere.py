"""Append-only triggers on SQLite as well as PostgreSQL, and the chain head guarded on both (issue 15)."""

from django.db import migrations

from harbour.audit import triggers


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_keyed_chain")]
    operations = [migrations.RunPython(triggers.TRIGGERS.install, triggers.TRIGGERS.uninstall)]
