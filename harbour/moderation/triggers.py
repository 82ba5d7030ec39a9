"""Database triggers that keep the moderation record append-only, below the model's own refusal.

moderation_moderationaction: every DELETE is refused, and so is an UPDATE that changes any column of what
was asked (WHAT_WAS_ASKED); only the outcome of a platform action (models.OUTCOME_FIELDS) may change, which
harbour.jobs.claims.claim does. A column set to the value it already holds is no change.

Built as the audit log's are (harbour/audit/triggers.py): installed by migration 0002 on SQLite and
PostgreSQL, put back after every `migrate` on SQLite (a migration that rebuilds the table drops them), and
dropped for the test suite's flush only. They stop a mistake, a bulk delete or a cascade from another path,
or an injected statement on Harbour's own connection; the owner of the database can switch them off, and
that is how an organisation's history is removed, deliberately, as for the audit log.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

MESSAGE = "moderation actions are append-only"
TABLE = "moderation_moderationaction"

# Every column but the outcome's (tests/moderation/test_append_only_in_the_database.py checks the split).
WHAT_WAS_ASKED = (
    "id",
    "organisation_id",
    "item_id",
    "kind",
    "by_id",
    "created_at",
    "params",
    "item_version",
    "undo_of_id",
)

SQLITE_TRIGGERS = {
    "moderation_action_no_delete": f"""
        CREATE TRIGGER IF NOT EXISTS moderation_action_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    "moderation_action_outcome_only": f"""
        CREATE TRIGGER IF NOT EXISTS moderation_action_outcome_only BEFORE UPDATE ON {TABLE}
        WHEN {" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in WHAT_WAS_ASKED)}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
}

POSTGRESQL_CREATE = f"""
CREATE OR REPLACE FUNCTION harbour_moderation_action_outcome_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR {" OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in WHAT_WAS_ASKED)} THEN
        RAISE EXCEPTION '{MESSAGE}';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER moderation_action_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION harbour_moderation_action_outcome_only();
"""
POSTGRESQL_DROP = f"""
DROP TRIGGER IF EXISTS moderation_action_append_only ON {TABLE};
DROP FUNCTION IF EXISTS harbour_moderation_action_outcome_only();
"""


def install_sqlite(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in SQLITE_TRIGGERS.values():
            cursor.execute(sql)


def sqlite_drop_statements() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]


def reinstall_after_migrate(using="default", **kwargs) -> None:
    """post_migrate: put the SQLite triggers back if a table rebuild (or a test's flush) removed them."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite" and TABLE in connection.introspection.table_names():
        install_sqlite(connection)


def let_tests_flush() -> None:
    """For the test suite only. A transactional test empties every table with DELETE on SQLite, which these
    triggers refuse; drop them for that flush and create them again in the same transaction."""
    from django.db.backends.sqlite3.base import DatabaseOperations  # base first: operations imports it

    original = DatabaseOperations.sql_flush
    if getattr(original, "keeps_moderation_triggers", False):
        return

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if TABLE not in tables:
            return statements
        return [*sqlite_drop_statements(), *statements, *SQLITE_TRIGGERS.values()]

    sql_flush.keeps_moderation_triggers = True
    DatabaseOperations.sql_flush = sql_flush
