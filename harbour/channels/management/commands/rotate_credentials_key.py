"""Re-encrypt every stored credential under the first key in HARBOUR_CREDENTIALS_KEY.

To rotate: put the new key first (new,old), run this, then remove the old key.
"""

from django.core.management.base import BaseCommand, CommandError

from harbour.channels.services import reencrypt_credentials
from harbour.lib.crypto import CredentialKeyError, DecryptionError


class Command(BaseCommand):
    help = "Re-encrypt every stored platform credential with the first key in HARBOUR_CREDENTIALS_KEY."

    def handle(self, *args, **options):
        try:
            count = reencrypt_credentials()
        except (CredentialKeyError, DecryptionError) as exc:
            raise CommandError(f"{exc} Nothing was changed.") from None
        self.stdout.write(f"Re-encrypted {count} credential{'s' if count != 1 else ''} with the first key.")
