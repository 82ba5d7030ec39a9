from django.core.management.base import BaseCommand, CommandError

from harbour.audit.chain import verify_chain


class Command(BaseCommand):
    help = "Audit log tools. `harbour audit verify` checks that no event was altered, removed or reordered."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="check the hash chain of every audit event")

    def handle(self, *args, subcommand, **options):
        if subcommand == "verify":
            report = verify_chain()
            if not report.ok:
                raise CommandError(f"Audit log check FAILED after {report.checked} good events: {report.problem}.")
            self.stdout.write(self.style.SUCCESS(f"Audit log intact: {report.checked} events checked."))
