"""The chain is keyed (issue 15 item 3): whoever can write the database but lacks HARBOUR_AUDIT_KEY cannot
rewrite the log and recompute it so that `harbour audit verify` says intact."""

import importlib
import json

import pytest
from django.core import checks as django_checks
from django.core.management import CommandError, call_command
from django.utils import timezone

from harbour.audit.chain import GENESIS, KEYED, LEGACY, keyed_hash, legacy_hash, verify_chain
from harbour.audit.checks import audit_key_is_usable
from harbour.audit.events import AuditEventType
from harbour.audit.keys import AuditKey, Keyring, generate_key
from harbour.audit.models import AuditChainHead, AuditEvent
from harbour.audit.services import record
from harbour.audit.tests.test_audit_chain import as_owner

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    return [record(AuditEventType.AUDIT_EXPORTED, detail={"rows": i}) for i in range(5)]


def rewrite(from_sequence: int, hasher, *, version=KEYED, key_id=None):
    """What a forger with write access does: change one event's detail, then recompute its hash and every
    later one with `hasher(event, prev_hash)`, and move the head to match."""
    statements = []
    prev = AuditEvent.objects.get(sequence=from_sequence - 1).hash if from_sequence > 1 else GENESIS
    for event in AuditEvent.objects.filter(sequence__gte=from_sequence).order_by("sequence"):
        if event.sequence == from_sequence:
            event.detail = {"rows": "forged"}
        event.version = version
        event.key_id = event.key_id if key_id is None else key_id
        event.prev_hash = prev
        event.hash = hasher(event, prev)
        statements.append(
            (
                (
                    "UPDATE audit_auditevent SET detail = %s, version = %s, key_id = %s, prev_hash = %s, hash = %s "
                    "WHERE sequence = %s"
                ),
                [
                    json.dumps(event.detail),
                    event.version,
                    event.key_id,
                    event.prev_hash,
                    event.hash,
                    event.sequence,
                ],
            )
        )
        prev = event.hash
    statements.append(("UPDATE audit_auditchainhead SET hash = %s", [prev]))
    as_owner(*statements)


def test_a_new_event_is_keyed_with_the_current_key(events, settings):
    key = Keyring(settings.HARBOUR_AUDIT_KEY).current
    event = AuditEvent.objects.get(sequence=3)
    assert event.version == KEYED and event.key_id == key.id
    assert event.hash == keyed_hash(event, event.prev_hash, key) != legacy_hash(event, event.prev_hash)


def test_a_rewrite_recomputed_with_plain_sha256_is_found(events):
    rewrite(3, legacy_hash, version=LEGACY, key_id="")
    report = verify_chain()
    assert not report.ok
    with pytest.raises(CommandError, match="FAILED"):
        call_command("audit", "verify")


def test_a_rewrite_recomputed_as_keyed_events_with_plain_sha256_is_found(events):
    rewrite(3, legacy_hash)  # claims to be keyed, hashed without the key
    assert verify_chain().first_bad_sequence == 3


@pytest.mark.parametrize("claims_real_key_id", [True, False])
def test_a_rewrite_under_another_key_is_found(events, claims_real_key_id):
    forger = AuditKey(generate_key().encode())
    key_id = None if claims_real_key_id else forger.id
    rewrite(2, lambda event, prev: keyed_hash(event, prev, forger), key_id=key_id)
    report = verify_chain()
    assert report.first_bad_sequence == 2
    assert ("was altered" if claims_real_key_id else "not in HARBOUR_AUDIT_KEY") in report.problem


def test_keys_rotate_and_old_events_still_verify(settings):
    old, new = generate_key(), generate_key()
    settings.HARBOUR_AUDIT_KEY = old
    record(AuditEventType.AUDIT_CHAIN_CHECKED)
    settings.HARBOUR_AUDIT_KEY = f"{new},{old}"
    record(AuditEventType.AUDIT_CHAIN_CHECKED)
    before, after = AuditEvent.objects.order_by("sequence")
    assert before.key_id == AuditKey(old.encode()).id and after.key_id == AuditKey(new.encode()).id
    assert verify_chain().ok
    settings.HARBOUR_AUDIT_KEY = new  # the old key dropped too early: verify says which key it needs
    report = verify_chain()
    assert report.first_bad_sequence == 1 and AuditKey(old.encode()).id in report.problem


def write_legacy_chain(n: int) -> None:
    """Events as Harbour wrote them before the audit key: version 1, plain SHA-256."""
    prev = GENESIS
    for i in range(n):
        event = AuditEvent(
            sequence=i + 1,
            created_at=timezone.now(),
            action=f"old.event{i}",
            detail={"i": i},
            version=LEGACY,
            key_id="",
            prev_hash=prev,
        )
        event.hash = legacy_hash(event, prev)
        event.save()
        prev = event.hash
    AuditChainHead.objects.create(pk=1, sequence=n, hash=prev)


def test_the_migration_keeps_old_events_and_seals_the_chain_with_the_key():
    from django.apps import apps

    write_legacy_chain(4)
    keying = importlib.import_module("harbour.audit.migrations.0003_keyed_chain")
    keying.seal_the_old_chain(apps, None)
    anchor = AuditEvent.objects.get(sequence=5)
    assert anchor.action == "audit.chain_keyed" and anchor.version == KEYED
    assert anchor.detail["unkeyed_events"] == 4
    assert verify_chain().ok
    record(AuditEventType.AUDIT_CHAIN_CHECKED)
    assert verify_chain().ok and verify_chain().checked == 6


def test_an_old_event_forged_with_plain_sha256_after_the_migration_is_found():
    from django.apps import apps

    write_legacy_chain(4)
    importlib.import_module("harbour.audit.migrations.0003_keyed_chain").seal_the_old_chain(apps, None)
    rewrite(2, legacy_hash, version=LEGACY, key_id="")  # every later hash recomputed, the keyed anchor too
    assert not verify_chain().ok


def test_a_new_installation_has_no_unkeyed_events_to_seal():
    from django.apps import apps

    importlib.import_module("harbour.audit.migrations.0003_keyed_chain").seal_the_old_chain(apps, None)
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("raw", ["", "short", f"{'k' * 40},tooshort"])
def test_an_unusable_key_is_a_system_check_error(settings, raw):
    settings.HARBOUR_AUDIT_KEY = raw
    errors = audit_key_is_usable(None)
    assert [error.id for error in errors] == ["harbour.E111"]
    assert errors[0].level == django_checks.ERROR


def test_generate_key_prints_a_usable_key(capsys, settings):
    call_command("audit", "generate-key")
    settings.HARBOUR_AUDIT_KEY = capsys.readouterr().out.strip()
    assert audit_key_is_usable(None) == []
