"""A channel's connector: the channel's settings and decrypted credentials, in the shape its platform's
connector expects. The only place credentials are decrypted for use."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from harbour.channels.credentials import vault
from harbour.channels.models import Channel, Credential, CredentialKind
from harbour.connectors.base import Connector
from harbour.connectors.registry import get_connector, meta_login


def connector_settings(channel: Channel) -> tuple[dict, dict]:
    """The connector's config and credentials for the channel, as its registry entry names them: the
    config keys it reads, every credential stored for the channel by kind (a platform session too), and
    the handle where the platform signs in with it."""
    platform = channel.platform_entry
    config = {
        name: channel.config[key]
        for name, key in platform.config_from.items()
        if channel.config.get(key) not in (None, "")
    }
    credentials = {kind: "" for kind in platform.credential_kinds}
    for credential in channel.credentials.all():
        credentials[credential.kind] = vault().decrypt(credential.ciphertext)
    if platform.handle_credential:
        credentials[platform.handle_credential] = channel.handle.lstrip("@")
    if login := meta_login(channel.platform):
        # Meta's platforms sign each call with the app's secret (appsecret_proof); "" sends none.
        credentials["app_secret"] = meta_app_secret(login.app)
    return config, credentials


def meta_app_secret(app: str) -> str:
    """The secret of the organisation's Meta app or its Threads use case (MetaLogin.app), from settings."""
    return settings.HARBOUR_THREADS_APP_SECRET if app == "threads_login" else settings.HARBOUR_META_APP_SECRET


def connector_for(channel: Channel, **options) -> Connector:
    """The channel's connector, ready to fetch. Raises UnknownPlatform when the platform has no connector
    (its items are sent to Harbour), and DecryptionError when a stored credential cannot be opened."""
    config, credentials = connector_settings(channel)
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
