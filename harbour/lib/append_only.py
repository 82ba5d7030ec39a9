"""Append-only tables kept so by database triggers, the one way for every app that has them.

An app declares its triggers once (`AppendOnly(...)` in its triggers.py: the tables, the SQLite triggers by
name, PostgreSQL's create and drop statements); its migration installs them, its AppConfig.ready connects
`reinstall_after_migrate` to post_migrate (on SQLite a migration that rebuilds a table drops its triggers),
and the test suite calls `let_tests_flush()` once for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper

_DECLARED: list[AppendOnly] = []


@dataclass
class AppendOnly:
    tables: frozenset[str]
    sqlite_triggers: dict[str, str]  # name: CREATE TRIGGER IF NOT EXISTS ...
    postgresql_create: str
    postgresql_drop: str

    def __post_init__(self):
        _DECLARED.append(self)

    def install_sqlite(self, connection: BaseDatabaseWrapper) -> None:
        with connection.cursor() as cursor:
            for sql in self.sqlite_triggers.values():
                cursor.execute(sql)

    def install(self, apps, schema_editor) -> None:
        """A migration's RunPython: create the triggers on SQLite or PostgreSQL."""
        connection = schema_editor.connection
        if connection.vendor == "sqlite":
            self.install_sqlite(connection)
        elif connection.vendor == "postgresql":
            schema_editor.execute(self.postgresql_create)

    def uninstall(self, apps, schema_editor) -> None:
        """The migration's reverse: drop them."""
        connection = schema_editor.connection
        if connection.vendor == "sqlite":
            for sql in self.sqlite_drop_statements():
                schema_editor.execute(sql)
        elif connection.vendor == "postgresql":
            schema_editor.execute(self.postgresql_drop)

    def sqlite_drop_statements(self) -> list[str]:
        return [f"DROP TRIGGER IF EXISTS {name}" for name in self.sqlite_triggers]

    def reinstall_after_migrate(self, using="default", **kwargs) -> None:
        """post_migrate: put the SQLite triggers back if a table rebuild (or a test's flush) removed them."""
        from django.db import connections

        connection = connections[using]
        if connection.vendor == "sqlite" and self.tables <= set(connection.introspection.table_names()):
            self.install_sqlite(connection)


def let_tests_flush() -> None:
    """For the test suite only. A transactional test empties every table with DELETE on SQLite, which these
    triggers refuse: drop the triggers of the tables being emptied for that flush, and create them again in
    the same transaction."""
    from django.db.backends.sqlite3.base import DatabaseOperations  # base first: operations imports it

    original = DatabaseOperations.sql_flush
    if getattr(original, "keeps_append_only_triggers", False):
        return

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        flushed = [t for t in _DECLARED if t.tables & set(tables)]
        drops = [sql for t in flushed for sql in t.sqlite_drop_statements()]
        creates = [sql for t in flushed for sql in t.sqlite_triggers.values()]
        return [*drops, *statements, *creates] if flushed else statements

    sql_flush.keeps_append_only_triggers = True
    DatabaseOperations.sql_flush = sql_flush
