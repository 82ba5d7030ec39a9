"""Database triggers that keep the moderation record append-only, below the model's own refusal.

moderation_moderationaction: every DELETE is refused, and so is an UPDATE that changes any column of what
was asked (WHAT_WAS_ASKED); only the outcome of a platform action (models.OUTCOME_FIELDS) may change, which
harbour.jobs.claims.claim does. A column set to the value it already holds is no change.

Declared as the audit log's are (harbour/lib/append_only.py): installed by migration 0002 on SQLite and
PostgreSQL, put back after every `migrate` on SQLite (a migration that rebuilds the table drops them), and
dropped for the test suite's flush only. They stop a mistake, a bulk delete or a cascade from another path,
or an injected statement on Harbour's own connection; the owner of the database can switch them off, and
that is how an organisation's history is removed, deliberately, as for the audit log.
"""

from harbour.lib.append_only import AppendOnly

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


TRIGGERS = AppendOnly(frozenset({TABLE}), SQLITE_TRIGGERS, POSTGRESQL_CREATE, POSTGRESQL_DROP)
