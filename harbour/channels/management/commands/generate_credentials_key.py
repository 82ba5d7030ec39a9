from django.core.management.base import BaseCommand

from harbour.lib.crypto import generate_key


class Command(BaseCommand):
    help = "Print a new key for HARBOUR_CREDENTIALS_KEY."

    def handle(self, *args, **options):
        self.stdout.write(generate_key())
