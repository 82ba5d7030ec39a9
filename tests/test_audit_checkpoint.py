"""Signed checkpoints of the audit chain (issue 15 item 3): downloaded by managers, e-mailed daily, and
checked by `harbour audit verify --checkpoint`, which finds a rewrite even by someone holding the key."""

import base64
import json

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from harbour.audit import checkpoint as checkpoints
from harbour.audit.chain import keyed_hash
from harbour.audit.events import AuditEventType
from harbour.audit.keys import Keyring
from harbour.audit.models import AuditEvent
from harbour.audit.services import record
from harbour.audit.tasks import email_checkpoints
from harbour.audit.tests.test_audit_chain import as_owner
from harbour.audit.tests.test_audit_keys import rewrite
from tests.cast import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(org, other_org, manager):
    for i in range(4):
        record(AuditEventType.AUDIT_EXPORTED, organisation=org, detail={"rows": i})
    record(AuditEventType.AUDIT_EXPORTED, organisation=other_org, detail={"file": "Elsewhere"})
    return org


def download(client, member) -> tuple[dict, str]:
    response = sign_in(client, member.user).get(reverse("audit:checkpoint"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-checkpoint-')
    return json.loads(response.content), response.content.decode()


def save(tmp_path, text, name="checkpoint.json"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_a_manager_downloads_a_signed_checkpoint_that_covers_its_own_download(client, log, manager):
    checkpoint, _ = download(client, manager)
    event = AuditEvent.objects.get(action="audit.checkpoint_downloaded")
    assert event.actor == manager.user and event.organisation == log
    assert checkpoint["sequence"] == event.sequence and checkpoint["hash"] == event.hash
    assert checkpoint["organisation"] == log.name and checkpoint["organisation_id"] == log.pk
    checkpoints.verify_signature(checkpoint)  # with only the public key written in it: anyone can
    assert "Elsewhere" not in json.dumps(checkpoint)


def test_the_page_offers_the_checkpoint_to_managers_only(client, log, manager, dsl):
    assert (
        reverse("audit:checkpoint")
        in sign_in(client, manager.user).get(reverse("audit:index")).content.decode()
    )
    client.logout()
    page = sign_in(client, dsl.user).get(reverse("audit:index")).content.decode()
    assert reverse("audit:checkpoint") not in page


@pytest.mark.parametrize("role", ["safeguarding_lead", "moderator", "author", "reviewer", "viewer"])
def test_other_roles_cannot_download_a_checkpoint(client, log, members, role):
    sign_in(client, members[role].user)
    assert client.get(reverse("audit:checkpoint")).status_code == 403
    assert not AuditEvent.objects.filter(action="audit.checkpoint_downloaded").exists()


def test_verify_accepts_a_checkpoint_of_an_intact_log(client, log, manager, tmp_path, capsys):
    _, text = download(client, manager)
    record(AuditEventType.AUDIT_CHAIN_CHECKED, organisation=log)
    call_command("audit", "verify", "--checkpoint", save(tmp_path, text))
    assert "matches 1 checkpoint" in capsys.readouterr().out


def test_a_rewrite_with_the_audit_key_verifies_but_not_against_a_checkpoint(
    client, log, manager, tmp_path, settings
):
    _, text = download(client, manager)
    record(AuditEventType.AUDIT_CHAIN_CHECKED, organisation=log)
    key = Keyring(settings.HARBOUR_AUDIT_KEY).current
    rewrite(2, lambda event, prev: keyed_hash(event, prev, key))  # an insider holding the key
    call_command("audit", "verify")  # the chain alone cannot tell
    with pytest.raises(CommandError, match="rewritten after the checkpoint was issued"):
        call_command("audit", "verify", "--checkpoint", save(tmp_path, text))


def test_a_checkpoint_finds_events_removed_from_the_end(client, log, manager, tmp_path):
    _, text = download(client, manager)
    last = AuditEvent.objects.order_by("-sequence").first().sequence
    as_owner(
        ("DELETE FROM audit_auditevent WHERE sequence = %s", [last]),
        (
            (
                "UPDATE audit_auditchainhead SET sequence = %s, hash = (SELECT hash FROM audit_auditevent "
                "WHERE sequence = %s)"
            ),
            [last - 1, last - 1],
        ),
    )
    call_command("audit", "verify")
    with pytest.raises(CommandError, match="events were removed"):
        call_command("audit", "verify", "--checkpoint", save(tmp_path, text))


def altered(checkpoint: dict, **changes) -> str:
    return json.dumps(checkpoint | changes)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: altered(c, sequence=c["sequence"] - 1), "signature does not match"),
        (lambda c: altered(c, hash="0" * 64), "signature does not match"),
        (lambda c: altered(c, signature=base64.b64encode(b"x" * 64).decode()), "signature does not match"),
        (lambda c: altered(c, signature="not base64!"), "signature does not match"),
        (lambda c: altered(c, key_id="0123456789abcdef"), "not in HARBOUR_AUDIT_KEY"),
        (lambda c: altered(c, public_key=base64.b64encode(b"k" * 32).decode()), "public key"),
        (lambda c: altered(c, sequence="5"), "not a whole number"),
        (lambda c: altered(c, format="something else"), "not a Harbour audit checkpoint"),
        (lambda c: json.dumps({k: v for k, v in c.items() if k != "hash"}), "has no hash"),
        (lambda c: "not json {", "not JSON"),
        (lambda c: "[1, 2]", "not a Harbour audit checkpoint"),
    ],
)
def test_an_altered_or_broken_checkpoint_is_refused_with_a_reason(
    client, log, manager, tmp_path, change, message
):
    checkpoint, _ = download(client, manager)
    with pytest.raises(CommandError, match=message):
        call_command("audit", "verify", "--checkpoint", save(tmp_path, change(checkpoint)))


def test_a_missing_checkpoint_file_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Cannot read the checkpoint"):
        call_command("audit", "verify", "--checkpoint", "/nonexistent/checkpoint.json")


def test_managers_are_emailed_a_checkpoint_every_day(
    log, other_org, manager, dsl, outsider, tmp_path, capsys
):
    assert email_checkpoints.call() == 2  # both organisations have a manager
    ours = next(m for m in mail.outbox if log.name in m.subject)
    assert ours.to == [manager.user.email]  # managers only: not the safeguarding lead
    ((name, content, mimetype),) = ours.attachments
    assert name.startswith("audit-checkpoint-") and mimetype == "application/json"
    sent = AuditEvent.objects.get(action="audit.checkpoint_sent", organisation=log)
    assert sent.detail == {"sent_to": [manager.user.email]}
    assert json.loads(content)["sequence"] >= sent.sequence
    call_command("audit", "verify", "--checkpoint", save(tmp_path, content))
    assert "matches 1 checkpoint" in capsys.readouterr().out


def test_an_organisation_without_a_manager_is_not_emailed(org):
    assert email_checkpoints.call() == 0 and mail.outbox == []


@pytest.mark.parametrize("role", ["safeguarding_lead", "viewer"])
def test_the_service_refuses_anyone_but_a_manager_of_the_organisation(log, other_org, members, manager, role):
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    from harbour.audit.services import issue_checkpoint

    for membership, organisation in ((members[role], log), (manager, other_org)):
        request = RequestFactory().get("/audit/checkpoint.json")
        request.user, request.membership, request.organisation = (
            membership.user,
            membership,
            membership.organisation,
        )
        with pytest.raises(PermissionDenied):
            issue_checkpoint(organisation, request=request)
    assert not AuditEvent.objects.filter(action__startswith="audit.checkpoint").exists()


def test_one_organisations_mail_failing_does_not_stop_the_others(
    log, other_org, manager, outsider, monkeypatch
):
    from django.core.mail import EmailMessage

    send = EmailMessage.send

    def refuse_ours(message, *args, **kwargs):
        if log.name in message.subject:
            raise ConnectionRefusedError("the mail server is down")
        return send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", refuse_ours)
    assert email_checkpoints.call() == 1
    assert [m.to for m in mail.outbox] == [[outsider.user.email]]
    # Nothing recorded for the one that failed: tomorrow's run sends it.
    assert not AuditEvent.objects.filter(action="audit.checkpoint_sent", organisation=log).exists()
