"""Authenticated encryption for stored secrets (docs/security.md H1): Fernet tokens under a list of keys.

The first key encrypts; every key decrypts, so keys can be rotated: add the new key in front,
re-encrypt everything (`harbour rotate_credentials_key`), then drop the old one.
No Django import here.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class CredentialKeyError(ValueError):
    """A configured key cannot be used."""


class DecryptionError(ValueError):
    """A stored secret could not be decrypted: it was altered, or its key is no longer configured."""


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


def parse_keys(raw: str) -> list[str]:
    """Comma-separated keys, first one current. Raises CredentialKeyError naming the bad key's position."""
    keys = [part.strip() for part in raw.split(",") if part.strip()]
    if not keys:
        raise CredentialKeyError("no key given")
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise CredentialKeyError(
                f"key {position} of {len(keys)} is not a Fernet key (44 characters of URL-safe base64 "
                "encoding 32 bytes); make one with `harbour generate_credentials_key`"
            ) from None
    return keys


class Vault:
    def __init__(self, keys: list[str]):
        if not keys:
            raise CredentialKeyError("no key given")
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            raise DecryptionError(
                "A stored credential could not be decrypted: it has been altered, or it was encrypted "
                "with a key that is no longer in HARBOUR_CREDENTIALS_KEY. Enter the credential again."
            ) from None

    def rotate(self, token: str) -> str:
        """The same secret re-encrypted under the first key."""
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeError):
            raise DecryptionError(
                "A stored credential could not be re-encrypted: none of the configured keys opens it."
            ) from None
