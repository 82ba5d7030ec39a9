"""The one place that encrypts and decrypts platform credentials."""

from functools import lru_cache

from django.conf import settings

from harbour.lib.crypto import Vault, parse_keys


@lru_cache(maxsize=4)
def _vault_for(raw_keys: str) -> Vault:
    return Vault(parse_keys(raw_keys))


def vault() -> Vault:
    return _vault_for(settings.HARBOUR_CREDENTIALS_KEY)


def secret_for(channel, kind: str) -> str | None:
    """The decrypted secret of one kind for a channel, for handing to its connector; None if not set.

    Raises harbour.lib.crypto.DecryptionError when the stored value has been altered or its key is gone.
    """
    credential = channel.credentials.filter(kind=kind).first()
    if credential is None:
        return None
    return vault().decrypt(credential.ciphertext)
