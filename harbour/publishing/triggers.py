"""Database triggers that keep proof reading decisions append-only, below the model's own refusal.

A review (an approval or a rejection) records which exact version of a post a person read and what they
decided: the governance record of guidance 4.1's independent proof reading. Nothing may change or delete
one, so an approval can never be moved onto other words. Declared as the moderation record's are
(harbour/lib/append_only.py).
"""

from harbour.lib.append_only import AppendOnly

MESSAGE = "proof reading decisions are append-only"
TABLES = ("publishing_review", "publishing_reviewcomment")

SQLITE_TRIGGERS = {
    f"{table}_{op}": f"""
        CREATE TRIGGER IF NOT EXISTS {table}_{op} BEFORE {op.upper()} ON {table}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
    for table in TABLES
    for op in ("update", "delete")
}

POSTGRESQL_CREATE = f"""
CREATE OR REPLACE FUNCTION harbour_publishing_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}';
END;
$$ LANGUAGE plpgsql;
""" + "".join(
    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
    "FOR EACH ROW EXECUTE FUNCTION harbour_publishing_append_only();\n"
    for table in TABLES
)
POSTGRESQL_DROP = (
    "".join(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};\n" for table in TABLES)
    + "DROP FUNCTION IF EXISTS harbour_publishing_append_only();\n"
)

TRIGGERS = AppendOnly(frozenset(TABLES), SQLITE_TRIGGERS, POSTGRESQL_CREATE, POSTGRESQL_DROP)
