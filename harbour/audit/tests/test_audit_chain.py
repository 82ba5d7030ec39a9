import itertools
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from harbour.accounts.models import Organisation, User
from harbour.audit import triggers
from harbour.audit.chain import verify_chain
from harbour.audit.events import AuditEventType
from harbour.audit.models import AppendOnlyError, AuditEvent
from harbour.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    org = Organisation.objects.create(name="Derby Youth Service", slug="derby-youth")
    user = User.objects.create_user(email="alice@example.org", password=None, full_name="Alice")
    return [
        record(AuditEventType.AUDIT_EXPORTED, by=user, organisation=org, detail={"rows": i}) for i in range(5)
    ]


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_events_link_into_a_chain(events):
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5]
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(events))
    assert verify_chain().ok


def test_model_refuses_update_and_delete(events):
    event = AuditEvent.objects.get(sequence=2)
    event.action = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(sequence=2).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def as_owner(*statements):
    """Raw SQL as the database's owner could run it: with the append-only triggers switched off first
    (inside the test's transaction, so they come back when it ends)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE audit_auditchainhead DISABLE TRIGGER USER")
        else:
            for sql in triggers.TRIGGERS.sqlite_drop_statements():
                cursor.execute(sql)
        for sql, params in statements:
            cursor.execute(sql, params)


def test_verify_finds_an_edit_made_with_raw_sql(events):
    as_owner(("UPDATE audit_auditevent SET detail = %s WHERE sequence = 3", ['{"rows": 99}']))
    report = verify_chain()
    assert report.first_bad_sequence == 3
    with pytest.raises(CommandError, match="event 3 was altered"):
        call_command("audit", "verify")


def test_verify_finds_a_removed_event(events):
    as_owner(("DELETE FROM audit_auditevent WHERE sequence = 2", []))
    assert verify_chain().first_bad_sequence == 2


def test_verify_finds_events_cut_from_the_end(events):
    as_owner(("DELETE FROM audit_auditevent WHERE sequence = 5", []))
    report = verify_chain()
    assert not report.ok and "removed from the end" in report.problem


RAW_CHANGES = [
    "UPDATE audit_auditevent SET action = 'x' WHERE sequence = 1",
    "UPDATE audit_auditevent SET hash = prev_hash WHERE sequence = 5",
    "DELETE FROM audit_auditevent WHERE sequence = 5",
    "DELETE FROM audit_auditevent",
    "DELETE FROM audit_auditchainhead",
    "UPDATE audit_auditchainhead SET sequence = 4",  # winding the head back to hide a cut end
    "UPDATE audit_auditchainhead SET sequence = 5, hash = 'x'",
    "UPDATE audit_auditchainhead SET sequence = 7",
]


@pytest.mark.parametrize("sql", RAW_CHANGES)
def test_the_database_itself_refuses_raw_changes(events, sql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(sql)
    assert verify_chain().ok


def test_the_triggers_come_back_after_a_migrate_rebuilds_the_table(events):
    """On SQLite a migration that rebuilds a table drops its triggers; post_migrate puts them back."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps triggers through ALTER TABLE")
    for sql in triggers.TRIGGERS.sqlite_drop_statements():
        raw(sql)
    triggers.TRIGGERS.reinstall_after_migrate(using="default")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("DELETE FROM audit_auditevent")


def test_audit_rows_survive_deleting_the_user(events):
    User.objects.all().delete()
    assert AuditEvent.objects.count() == 5
    assert AuditEvent.objects.get(sequence=1).actor_label == "alice@example.org"
    assert verify_chain().ok


def test_verify_command_reports_an_intact_chain(events, capsys):
    call_command("audit", "verify")
    assert "5 events checked" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_the_chain_linear():
    errors = []

    def append(n):
        try:
            for i in range(10):
                record(AuditEventType.AUDIT_EXPORTED, detail={"rows": n * 100 + i})
        except Exception as exc:  # noqa: BLE001 -- surfaced through the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEvent.objects.count() == 30
    assert verify_chain().ok
