"""A channel's connector: the channel's settings and decrypted credentials, in the shape its platform's
connector expects. The only place credentials are decrypted for use."""

from django.db import transaction
from django.utils import timezone

from harbour.channels.credentials import secret_for, vault
from harbour.channels.models import Channel, Credential, CredentialKind
from harbour.connectors.base import Connector
from harbour.connectors.registry import get_connector


def _bluesky(channel: Channel) -> tuple[dict, dict]:
    config = {key: channel.config[key] for key in ("service", "web_url") if channel.config.get(key)}
    credentials = {
        "identifier": channel.handle.lstrip("@"),
        "app_password": secret_for(channel, CredentialKind.APP_PASSWORD) or "",
    }
    session = secret_for(channel, CredentialKind.SESSION)
    if session:
        credentials["session"] = session
    return config, credentials


def _mastodon(channel: Channel) -> tuple[dict, dict]:
    config = {"instance_url": channel.config.get("server_url", "")}
    return config, {"access_token": secret_for(channel, CredentialKind.ACCESS_TOKEN) or ""}


def _demo(channel: Channel) -> tuple[dict, dict]:
    return {key: channel.config[key] for key in ("started_at", "pace_seconds") if key in channel.config}, {}


def _generic(channel: Channel) -> tuple[dict, dict]:
    credentials = {}
    for credential in channel.credentials.all():
        credentials[credential.kind] = vault().decrypt(credential.ciphertext)
    return dict(channel.config), credentials


SETTINGS_FOR = {"bluesky": _bluesky, "mastodon": _mastodon, "demo": _demo}


def connector_for(channel: Channel, **options) -> Connector:
    """The channel's connector, ready to fetch. Raises UnknownPlatform when no connector is registered
    for the platform, and DecryptionError when a stored credential cannot be opened."""
    config, credentials = SETTINGS_FOR.get(channel.platform, _generic)(channel)
    return get_connector(
        channel.platform,
        config,
        credentials,
        on_credentials_change=lambda changed: store_session(channel, changed.get("session")),
        **options,
    )


def store_session(channel: Channel, session: str | None) -> None:
    """Keep a renewed platform session, encrypted like any credential.

    Not audited: sessions renew every few hours, and the audit log records who set the credentials
    a person entered, not the platform's own housekeeping.
    """
    if not session:
        return
    with transaction.atomic():
        Credential.objects.update_or_create(
            channel=channel,
            kind=CredentialKind.SESSION,
            defaults={
                "organisation": channel.organisation,
                "ciphertext": vault().encrypt(session),
                "rotated_at": timezone.now(),
            },
        )
