"""System checks: a configured credentials key must be usable before anything is encrypted with it, and
every platform in the registry must ask only for credentials a Credential can hold."""

from django.conf import settings
from django.core import checks

from harbour.channels.models import CredentialKind
from harbour.connectors import registry
from harbour.lib.crypto import CredentialKeyError, parse_keys


@checks.register(checks.Tags.security)
def credentials_key_is_usable(app_configs, **kwargs):
    try:
        parse_keys(settings.HARBOUR_CREDENTIALS_KEY)
    except CredentialKeyError as exc:
        source = (
            "the generated file in HARBOUR_DATA_DIR"
            if settings.HARBOUR_CREDENTIALS_KEY_GENERATED
            else ("HARBOUR_CREDENTIALS_KEY")
        )
        return [checks.Error(f"The credentials key in {source} cannot be used: {exc}.", id="harbour.E101")]
    return []


@checks.register()
def platform_credentials_are_known(app_configs, **kwargs):
    """A new platform's credential kind needs its CredentialKind (and migration) before a channel can store it."""
    return [
        checks.Error(
            f"The {key} platform asks for a {kind} credential, which CredentialKind does not have.",
            hint="Add it to CredentialKind in harbour/channels/models.py, with its migration.",
            id="harbour.E102",
        )
        for key, platform in registry.PLATFORMS.items()
        for kind in platform.credential_kinds
        if kind not in CredentialKind.values or kind == CredentialKind.SESSION
    ]
