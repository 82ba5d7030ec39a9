"""On PostgreSQL, a trigram index for the inbox's text search (an icontains, which Django writes as
UPPER(text) LIKE UPPER('%word%')): without it a search reads every item of the organisation. pg_trgm
ships with PostgreSQL and is a trusted extension (13 and later), so the database's owner can create it.
SQLite has no such index and needs none at the sizes it serves (docs/architecture.md, "Inbox")."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS inbox_item_text_trgm ON inbox_item USING gin (UPPER(text) gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS inbox_item_text_trgm"]  # the extension may serve others: it stays


class OnPostgreSQL(migrations.RunSQL):
    """RunSQL that runs only on PostgreSQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("inbox", "0009_item_thread_index")]

    operations = [OnPostgreSQL(FORWARD, BACKWARD)]
