"""The moderation record is append-only in the database too, not only in the model (migration 0002,
harbour/moderation/triggers.py): raw SQL, a bulk delete or a cascade from another path cannot change what
was asked or remove a row; only the outcome of a platform action moves, through harbour.jobs.claims.claim."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from harbour.accounts.models import Membership, Organisation, TrainingRecord
from harbour.inbox.models import Item
from harbour.jobs.claims import claim
from harbour.moderation import sending, triggers
from harbour.moderation.models import OUTCOME_FIELDS, ActionState, ModerationAction
from harbour.moderation.services import act, undo
from tests.cast import active_channel, give_training, make_item

pytestmark = pytest.mark.django_db

TABLE = "moderation_moderationaction"


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def refused(sql, params=()):
    """Run `sql` in a savepoint and check the database refused it (PostgreSQL aborts the whole transaction
    otherwise)."""
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(sql, params)


@pytest.fixture
def note(channel, mod):
    return act(make_item(channel), "note", by=mod, version=0, text="first")


@pytest.fixture
def hide(channel, mod):
    return act(make_item(channel, thread_id="root-1", parent_id="root-1"), "hide", by=mod, version=0)


def as_it_was(action):
    return ModerationAction.objects.filter(pk=action.pk).values().get()


def test_a_raw_delete_is_refused(note, hide):
    before = as_it_was(note)
    refused(f"DELETE FROM {TABLE} WHERE id = %s", [note.pk])
    refused(f"DELETE FROM {TABLE}")
    assert as_it_was(note) == before and ModerationAction.objects.count() == 2


# Each column of what was asked, and a change to it (given the note, the hide and another member).
WHAT_WAS_ASKED = {
    "id": lambda note, hide, other: note.pk + 1000,
    "organisation_id": lambda note, hide, other: other.organisation_id,
    "item_id": lambda note, hide, other: hide.item_id,
    "kind": lambda note, hide, other: "hide",
    "by_id": lambda note, hide, other: other.pk,
    "created_at": lambda note, hide, other: note.created_at - timedelta(days=1),
    "params": lambda note, hide, other: '{"text": "changed"}',
    "item_version": lambda note, hide, other: note.item_version + 1,
    "undo_of_id": lambda note, hide, other: hide.pk,  # from NULL: the check must not miss a NULL
}


@pytest.mark.parametrize("column", sorted(WHAT_WAS_ASKED))
def test_a_raw_update_of_what_was_asked_is_refused(note, hide, outsider, column):
    before = as_it_was(note)
    value = WHAT_WAS_ASKED[column](note, hide, outsider)
    refused(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [value, note.pk])
    refused(f"UPDATE {TABLE} SET {column} = %s, answer = 'x' WHERE id = %s", [value, note.pk])
    assert as_it_was(note) == before


def test_a_protected_column_back_to_null_is_refused(mod, hide):
    sending.send_action(hide.pk)
    unhide = undo(ModerationAction.objects.get(pk=hide.pk), by=mod)
    assert unhide.undo_of_id == hide.pk
    refused(f"UPDATE {TABLE} SET undo_of_id = NULL WHERE id = %s", [unhide.pk])
    assert ModerationAction.objects.get(pk=unhide.pk).undo_of_id == hide.pk


def test_every_column_is_either_what_was_asked_or_the_outcome():
    """A new column must be placed on one side, or the trigger would let it change unseen."""
    columns = {field.column for field in ModerationAction._meta.concrete_fields}
    outcome = {ModerationAction._meta.get_field(name).column for name in OUTCOME_FIELDS}
    assert set(triggers.WHAT_WAS_ASKED) == columns - outcome == set(WHAT_WAS_ASKED)


def test_the_outcome_may_change_and_a_column_set_to_itself_is_no_change(note):
    raw(f"UPDATE {TABLE} SET answer = 'said so', kind = kind, params = params WHERE id = %s", [note.pk])
    assert ModerationAction.objects.get(pk=note.pk).answer == "said so"


def test_the_outcome_still_moves_through_claim(hide):
    now = timezone.now()
    assert claim(
        ModerationAction,
        hide.pk,
        when={"state": ActionState.PENDING},
        change={"state": ActionState.RUNNING, "attempts": 1, "started_at": now, "next_try_at": None},
    )
    assert not claim(ModerationAction, hide.pk, when={"state": ActionState.PENDING}, change={"attempts": 2})
    hide.refresh_from_db()
    assert (hide.state, hide.attempts, hide.started_at) == (ActionState.RUNNING, 1, now)


def test_sending_an_action_records_its_outcome(hide):
    assert sending.send_action(hide.pk).outcome == "sent"
    hide.refresh_from_db()
    assert (hide.state, hide.attempts, hide.answer) == ("succeeded", 1, "Hidden on test_moderated")
    assert hide.finished_at is not None


def test_deleting_an_item_member_or_organisation_keeps_the_history(note, mod, org):
    item = Item.objects.get(pk=note.item_id)
    for row in (item, Membership.objects.get(pk=mod.pk), mod.user, Organisation.objects.get(pk=org.pk)):
        with pytest.raises(ProtectedError) as refusal, transaction.atomic():
            row.delete()
        assert note in refusal.value.protected_objects
    assert ModerationAction.objects.filter(pk=note.pk).exists()


def test_the_databases_foreign_keys_refuse_a_raw_delete_of_the_item(note):
    """Below the ORM's PROTECT: the foreign keys are checked when the transaction commits (here, at once)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        raw("DELETE FROM inbox_itemcategory WHERE item_id = %s", [note.item_id])
        raw("DELETE FROM inbox_item WHERE id = %s", [note.item_id])
        connection.check_constraints(table_names=[TABLE])
    assert Item.objects.filter(pk=note.item_id).exists()


def test_wiping_an_organisation_is_a_deliberate_act_of_the_databases_owner(note, hide, outsider, org):
    """As for the audit log: Harbour's own connection cannot remove the history; the owner of the database
    switches the triggers off (here inside the test's transaction, so they come back when it ends)."""
    elsewhere = active_channel(outsider.organisation, "test_moderated")
    elsewhere.moderators.add(outsider)
    give_training(outsider, "moderate")
    theirs = act(make_item(elsewhere), "note", by=outsider, version=0, text="someone else's")
    if connection.vendor == "postgresql":
        raw("SET CONSTRAINTS ALL IMMEDIATE")  # this transaction's foreign key checks, due before an ALTER
        raw(f"ALTER TABLE {TABLE} DISABLE TRIGGER moderation_action_append_only")
        raw("SET CONSTRAINTS ALL DEFERRED")
    else:
        for sql in triggers.TRIGGERS.sqlite_drop_statements():
            raw(sql)
    raw(f"DELETE FROM {TABLE} WHERE organisation_id = %s", [org.pk])
    TrainingRecord.objects.filter(organisation=org).delete()  # which protect their courses, as ever
    Organisation.objects.get(pk=org.pk).delete()
    assert list(ModerationAction.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_the_triggers_come_back_after_a_migrate_rebuilds_the_table(note):
    """On SQLite a migration that rebuilds the table drops its triggers; post_migrate puts them back."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps triggers through ALTER TABLE")
    for sql in triggers.TRIGGERS.sqlite_drop_statements():
        raw(sql)
    triggers.TRIGGERS.reinstall_after_migrate(using="default")
    refused(f"DELETE FROM {TABLE}")
    refused(f"UPDATE {TABLE} SET kind = 'hide'")


@pytest.mark.django_db(transaction=True)
def test_a_transactional_tests_flush_still_empties_the_table(channel, mod):
    """The suite's flush (DELETE on SQLite) drops the triggers for itself and puts them back."""
    act(make_item(channel), "done", by=mod, version=0)
    # The flush runs after this test; a refusal there fails it at teardown.
