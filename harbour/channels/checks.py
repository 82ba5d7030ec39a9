"""System checks: a configured credentials key must be usable before anything is encrypted with it."""

from django.conf import settings
from django.core import checks

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
