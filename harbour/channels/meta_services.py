"""Storing a channel's connection to a Meta account, and auditing a refused connection (docs/connectors.md,
"Connecting a Meta account"). One transaction each, with its audit event; `by` is the acting Membership,
checked here as in every service."""

from datetime import datetime, timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format

from harbour.accounts.access import NotAllowed, require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership, Organisation
from harbour.audit.services import record
from harbour.channels.credentials import vault
from harbour.channels.meta_models import WARN_DAYS, MetaConnection
from harbour.channels.models import SECRET, Channel, Credential, CredentialKind, Status
from harbour.connectors.registry import meta_login
from harbour.lib.bidi import isolate


@transaction.atomic(durable=True)
def connect_meta_account(
    channel: Channel,
    *,
    account_id: str,
    account_name: str,
    page_id: str,
    token: str,
    graph_url: str,
    permissions: list[str],
    declined: list[str],
    expires_at: datetime | None,
    data_access_expires_at: datetime | None,
    by: Membership,
) -> MetaConnection:
    """Keep the token (encrypted, as the channel's access token), the account's ids in the channel's
    config (what the connector reads), and what was granted and until when. Connecting again replaces
    all of it and ends a "reconnect" warning."""
    require(by, Capability.MANAGE_CHANNELS, channel.organisation_id, "Only a manager can connect a channel.")
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    if meta_login(channel.platform) is None:
        raise NotAllowed("This channel is not on one of Meta's platforms.")
    if not channel.is_editable:
        raise NotAllowed("A retired channel cannot be connected.")
    if not account_id.isdigit() or (page_id and not page_id.isdigit()):
        raise NotAllowed("Meta named an account Harbour cannot use. Connect again.")
    if not token or len(token) > SECRET:
        raise NotAllowed("Meta's token for this account cannot be stored. Connect again.")
    now = timezone.now()
    ciphertext = vault().encrypt(token)
    credential = Credential.objects.filter(channel=channel, kind=CredentialKind.ACCESS_TOKEN).first()
    if credential is None:
        Credential.objects.create(
            organisation=channel.organisation,
            channel=channel,
            kind=CredentialKind.ACCESS_TOKEN,
            ciphertext=ciphertext,
            created_by=by.user,
            created_at=now,
        )
    else:
        credential.ciphertext, credential.rotated_by, credential.rotated_at = ciphertext, by.user, now
        credential.save(update_fields=["ciphertext", "rotated_by", "rotated_at"])
    Credential.objects.filter(channel=channel, kind=CredentialKind.SESSION).delete()
    config = {**channel.config, "graph_url": graph_url, "account_id": account_id}
    if page_id:
        config["page_id"] = page_id
    else:
        config.pop("page_id", None)
    channel.config = config
    channel.reconnect_needed = False
    channel.save(update_fields=["config", "reconnect_needed"])
    connection, _ = MetaConnection.objects.update_or_create(
        channel=channel,
        defaults={
            "organisation": channel.organisation,
            "account_id": account_id,
            "account_name": account_name[:300],
            "permissions": sorted(set(permissions)),
            "declined": sorted(set(declined)),
            "expires_at": expires_at,
            "data_access_expires_at": data_access_expires_at,
            "connected_by": by.user,
            "connected_at": now,
        },
    )
    record(
        "channel.meta_connected",
        by=by.user,
        obj=channel,
        detail={
            "platform": channel.platform,
            "account": account_id,
            "permissions": sorted(set(permissions)),
            "expires": connection.ends_at.isoformat() if connection.ends_at else None,
            "kind": "replaced" if credential else "new",
        },
    )
    return connection


@transaction.atomic(durable=True)
def refuse_meta_callback(
    *, organisation: Organisation | None, user, channel: Channel | None, reason: str, request=None
) -> None:
    """A callback that cannot be taken (a state that is wrong, reused, expired or another person's; a
    channel of another organisation): nothing is stored, and the refusal is audited."""
    record(
        "channel.meta_connect_refused",
        organisation=organisation,
        by=user,
        obj=channel,
        request=request,
        detail={"reason": reason},
    )


@transaction.atomic(durable=True)
def remind_meta_connection(connection: MetaConnection, *, now=None) -> list[str]:
    """E-mail the organisation's managers (who can connect a channel) once, WARN_DAYS before a channel's
    connection to Meta stops working, so it does not go quiet. Sent last in the transaction, as the
    privacy review's reminder is: a refused e-mail leaves it unrecorded for the next day's run."""
    now = now or timezone.now()
    connection = MetaConnection.objects.select_for_update().select_related("channel").get(pk=connection.pk)
    channel, ends = connection.channel, connection.ends_at
    if channel.status != Status.ACTIVE or ends is None or ends - now > timedelta(days=WARN_DAYS):
        return []
    if connection.reminded_for == ends:
        return []
    managers = Membership.objects.active().for_org(channel.organisation).able_to(Capability.MANAGE_CHANNELS)
    recipients = sorted({member.user.email for member in managers.select_related("user")})
    if not recipients:
        return []
    when = date_format(timezone.localtime(ends), "j F Y")
    message = EmailMessage(
        subject=f"Connect {isolate(channel.name)} to {channel.get_platform_display()} again before {when}",
        body=(
            f"Harbour's connection to {isolate(connection.account_name)} for {isolate(channel.name)} stops "
            f"working on {when}: Meta stops sharing the account's comments and messages with apps after a "
            "while, until someone who manages the account signs in again.\n\nSign in to Harbour, open "
            f"Channels, choose {isolate(channel.name)} and choose Connect again. It takes a minute; until it "
            "is done after that date, Harbour collects nothing from the account.\n"
        ),
        to=recipients,
    )
    connection.reminded_for = ends
    connection.save(update_fields=["reminded_for"])
    record("channel.meta_reminder_sent", obj=channel, detail={"to": recipients, "expires": ends.isoformat()})
    message.send()
    return recipients


def renew_meta_token(connection: MetaConnection, token: str, expires_at: datetime | None) -> None:
    """Keep a renewed token (a Threads token refreshed before it expires), encrypted in place of the old.

    Not audited, as a renewed platform session is not (harbour/channels/connecting.py store_session): it is
    the platform's housekeeping, not a person's change; the connection's new end date shows on the page."""
    if not token or len(token) > SECRET:
        return
    with transaction.atomic(durable=True):
        Credential.objects.filter(channel_id=connection.channel_id, kind=CredentialKind.ACCESS_TOKEN).update(
            ciphertext=vault().encrypt(token), rotated_at=timezone.now()
        )
        MetaConnection.objects.filter(pk=connection.pk).update(expires_at=expires_at)
