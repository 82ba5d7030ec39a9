"""Database triggers that keep the audit log append-only, below the model's own refusal.

- audit_auditevent: every UPDATE and DELETE is refused.
- audit_auditchainhead: the one row cannot be deleted, and each update must move it on by exactly one
  event, so the head cannot be wound back to hide events cut from the end.

Installed by migration 0004 on SQLite and PostgreSQL. On SQLite a later migration that rebuilds one of
these tables drops its triggers with it, so they are installed again after every `migrate` too
(apps.AuditConfig.ready). They stop a mistake or an injected statement on Harbour's own connection; the
owner of the database can remove them, which is what the keyed chain and checkpoints are for.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

MESSAGE = "audit events are append-only"

SQLITE_TRIGGERS = {
    "audit_event_no_update": f"""
        CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    "audit_event_no_delete": f"""
        CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_auditevent
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    "audit_head_no_delete": f"""
        CREATE TRIGGER IF NOT EXISTS audit_head_no_delete BEFORE DELETE ON audit_auditchainhead
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    "audit_head_one_step": f"""
        CREATE TRIGGER IF NOT EXISTS audit_head_one_step BEFORE UPDATE ON audit_auditchainhead
        WHEN NEW.sequence <> OLD.sequence + 1 OR NEW.id <> OLD.id
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
}

POSTGRESQL_CREATE = f"""
CREATE OR REPLACE FUNCTION harbour_audit_head_one_step() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.sequence <> OLD.sequence + 1 OR NEW.id <> OLD.id THEN
        RAISE EXCEPTION '{MESSAGE}';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_head_one_step BEFORE UPDATE OR DELETE ON audit_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION harbour_audit_head_one_step();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS audit_head_one_step ON audit_auditchainhead;
DROP FUNCTION IF EXISTS harbour_audit_head_one_step();
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
    if connection.vendor != "sqlite":
        return
    tables = set(connection.introspection.table_names())
    if {"audit_auditevent", "audit_auditchainhead"} <= tables:
        install_sqlite(connection)


def let_tests_flush() -> None:
    """For the test suite only. A transactional test empties every table with DELETE on SQLite, which these
    triggers refuse; drop them for that flush and create them again in the same transaction."""
    from django.db.backends.sqlite3.base import DatabaseOperations  # base first: operations imports it

    original = DatabaseOperations.sql_flush
    if getattr(original, "keeps_audit_triggers", False):
        return

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if not {"audit_auditevent", "audit_auditchainhead"} & set(tables):
            return statements
        return [*sqlite_drop_statements(), *statements, *SQLITE_TRIGGERS.values()]

    sql_flush.keeps_audit_triggers = True
    DatabaseOperations.sql_flush = sql_flush
