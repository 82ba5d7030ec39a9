import logging

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.channels import checks, services
from harbour.channels.credentials import secret_for
from harbour.channels.models import Credential
from harbour.lib.crypto import DecryptionError, generate_key
from tests.cast import propose

SECRET = "xq7k-9fzt-w2lm-p4rb"


@pytest.fixture
def channel(org, author):
    return propose(org, author)


def raw_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM channels_credential")
        return cursor.fetchall()


def test_the_database_never_holds_the_plaintext(channel, manager):
    services.set_credential(channel, "app_password", SECRET, by=manager)
    rows = raw_rows()
    assert len(rows) == 1
    assert SECRET not in repr(rows)
    assert secret_for(channel, "app_password") == SECRET


def test_a_flipped_byte_is_a_clear_error(channel, manager):
    credential = services.set_credential(channel, "app_password", SECRET, by=manager)
    token = credential.ciphertext
    middle = len(token) // 2
    flipped = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
    Credential.objects.filter(pk=credential.pk).update(ciphertext=flipped)
    with pytest.raises(DecryptionError, match="has been altered"):
        secret_for(channel, "app_password")


def test_rotation_reencrypts_everything_with_the_first_key(channel, manager, settings):
    old, new = generate_key(), generate_key()
    settings.HARBOUR_CREDENTIALS_KEY = old
    services.set_credential(channel, "app_password", SECRET, by=manager)
    before = Credential.objects.get().ciphertext
    settings.HARBOUR_CREDENTIALS_KEY = f"{new},{old}"
    call_command("rotate_credentials_key")
    assert Credential.objects.get().ciphertext != before
    settings.HARBOUR_CREDENTIALS_KEY = new
    assert secret_for(channel, "app_password") == SECRET
    settings.HARBOUR_CREDENTIALS_KEY = old
    with pytest.raises(DecryptionError):
        secret_for(channel, "app_password")
    assert AuditEvent.objects.get(action="credentials.key_rotated").detail == {"credentials": 1}


def test_rotation_without_the_old_key_changes_nothing(channel, manager, settings):
    settings.HARBOUR_CREDENTIALS_KEY = generate_key()
    services.set_credential(channel, "app_password", SECRET, by=manager)
    before = Credential.objects.get().ciphertext
    settings.HARBOUR_CREDENTIALS_KEY = generate_key()
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("rotate_credentials_key")
    assert Credential.objects.get().ciphertext == before


def test_a_malformed_key_is_a_system_check_error(settings):
    settings.HARBOUR_CREDENTIALS_KEY = f"{generate_key()},not-a-key"
    settings.HARBOUR_CREDENTIALS_KEY_GENERATED = False
    errors = checks.credentials_key_is_usable(None)
    assert [e.id for e in errors] == ["harbour.E101"]
    assert "key 2 of 2 is not a Fernet key" in errors[0].msg
    settings.HARBOUR_CREDENTIALS_KEY = generate_key()
    assert checks.credentials_key_is_usable(None) == []


def test_the_secret_never_appears_in_pages_forms_audit_or_logs(client_for, channel, manager, caplog):
    caplog.set_level(logging.DEBUG)
    client = client_for(manager)
    set_url = reverse("channels:set_credential", args=[channel.pk, "app_password"])
    response = client.post(set_url, {"secret": SECRET})
    assert response.status_code == 302
    response = client.post(set_url, {"secret": SECRET + "-new"})  # a replacement
    pages = [
        client.get(reverse(name, args=[channel.pk])).content.decode()
        for name in ("channels:detail", "channels:edit", "channels:credentials")
    ]
    pages.append(client.get(set_url).content.decode())
    pages.append(client.post(set_url, {"secret": ""}).content.decode())  # an invalid form does not echo
    for page in pages:
        assert SECRET not in page
    assert "Set on" in pages[2] and "Maya Manager" in pages[2] and "Replace" in pages[2]
    credential = Credential.objects.get()
    assert SECRET not in repr(credential) and SECRET not in str(credential)
    assert SECRET not in caplog.text
    assert all(SECRET not in repr(e.detail) for e in AuditEvent.objects.all())


def test_replacing_records_who_and_when(channel, manager):
    services.set_credential(channel, "app_password", SECRET, by=manager)
    credential = services.set_credential(channel, "app_password", "other-secret", by=manager)
    assert credential.rotated_by == manager.user and credential.rotated_at is not None
    assert [
        e.action
        for e in AuditEvent.objects.filter(action__startswith="channel.credential").order_by("sequence")
    ] == [
        "channel.credential_set",
        "channel.credential_replaced",
    ]
    assert secret_for(channel, "app_password") == "other-secret"


def test_only_managers_handle_credentials(client_for, channel, moderator, author):
    assert client_for(moderator).get(reverse("channels:credentials", args=[channel.pk])).status_code == 403
    url = reverse("channels:set_credential", args=[channel.pk, "app_password"])
    assert client_for(author).post(url, {"secret": SECRET}).status_code == 403
    assert not Credential.objects.exists()


def test_a_kind_the_platform_does_not_use_is_404(client_for, channel, manager):
    url = reverse("channels:set_credential", args=[channel.pk, "webhook_secret"])
    assert client_for(manager).get(url).status_code == 404
    with pytest.raises(NotAllowed):
        services.set_credential(channel, "webhook_secret", SECRET, by=manager)
