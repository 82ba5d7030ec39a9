"""Database triggers that keep the audit log append-only, below the model's own refusal.

- audit_auditevent: every UPDATE and DELETE is refused.
- audit_auditchainhead: the one row cannot be deleted, and each update must move it on by exactly one
  event, so the head cannot be wound back to hide events cut from the end.

Installed by migration 0004 on SQLite and PostgreSQL. On SQLite a later migration that rebuilds one of
these tables drops its triggers with it, so they are installed again after every `migrate` too
(apps.AuditConfig.ready; harbour/lib/append_only.py). They stop a mistake or an injected statement on Harbour's own connection; the
owner of the database can remove them, which is what the keyed chain and checkpoints are for.
"""

from harbour.lib.append_only import AppendOnly

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


TRIGGERS = AppendOnly(
    frozenset({"audit_auditevent", "audit_auditchainhead"}),
    SQLITE_TRIGGERS,
    POSTGRESQL_CREATE,
    POSTGRESQL_DROP,
)
