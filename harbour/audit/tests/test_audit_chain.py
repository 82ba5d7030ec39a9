import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from harbour.accounts.models import Organisation, User
from harbour.audit.chain import verify_chain
from harbour.audit.models import AppendOnlyError, AuditEvent
from harbour.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    org = Organisation.objects.create(name="Derby Youth Service", slug="derby-youth")
    user = User.objects.create_user(email="alice@example.org", password=None, full_name="Alice")
    return [record(f"test.event{i}", by=user, organisation=org, detail={"i": i}) for i in range(5)]


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_events_link_into_a_chain(events):
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5]
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(events, events[1:]))
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


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL refuses the raw edit itself; see below")
def test_verify_finds_an_edit_made_with_raw_sql(events):
    raw("UPDATE audit_auditevent SET detail = %s WHERE sequence = 3", ['{"i": 99}'])
    report = verify_chain()
    assert report.first_bad_sequence == 3
    with pytest.raises(CommandError, match="event 3 was altered"):
        call_command("audit", "verify")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL refuses the raw delete itself")
def test_verify_finds_a_removed_event(events):
    raw("DELETE FROM audit_auditevent WHERE sequence = 2")
    assert verify_chain().first_bad_sequence == 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL refuses the raw delete itself")
def test_verify_finds_events_cut_from_the_end(events):
    raw("DELETE FROM audit_auditevent WHERE sequence = 5")
    report = verify_chain()
    assert not report.ok and "removed from the end" in report.problem


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_trigger_refuses_raw_update_and_delete(events):
    from django.db import DatabaseError, transaction

    for sql in ("UPDATE audit_auditevent SET action = 'x' WHERE sequence = 1", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            raw(sql)
    assert verify_chain().ok


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
                record(f"thread{n}.event{i}")
        except Exception as exc:  # surfaced through the assertion below
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
