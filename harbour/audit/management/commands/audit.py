from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from harbour.audit import checkpoint as checkpoints
from harbour.audit.chain import verify_chain
from harbour.audit.events import event_types_table
from harbour.audit.keys import AuditKeyError, configured, generate_key


class Command(BaseCommand):
    help = (
        "Audit log tools. `harbour audit verify` checks that no event was altered, removed or reordered; "
        "with --checkpoint FILE, also that the log still matches a checkpoint downloaded or e-mailed earlier."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="check the hash chain of every audit event")
        verify.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="a checkpoint file from the audit log page or the daily e-mail (may be given more than once)",
        )
        sub.add_parser("generate-key", help="print a new key for HARBOUR_AUDIT_KEY")
        sub.add_parser("event-types", help="print the declared event types as docs/audit.md lists them")

    def handle(self, *args, subcommand, **options):
        if subcommand == "generate-key":
            self.stdout.write(generate_key())
            return
        if subcommand == "event-types":
            self.stdout.write(event_types_table(), ending="")
            return
        try:
            keyring = configured()
        except AuditKeyError as exc:
            raise CommandError(f"HARBOUR_AUDIT_KEY cannot be used: {exc}.") from None
        loaded = []
        for name in options["checkpoint"]:
            try:
                checkpoint = checkpoints.load(Path(name).read_text(encoding="utf-8"))
                checkpoints.check_signature(checkpoint, keyring)
            except OSError as exc:
                raise CommandError(f"Cannot read the checkpoint {name}: {exc.strerror}.") from None
            except (UnicodeError, checkpoints.CheckpointError) as exc:
                raise CommandError(f"Checkpoint {name}: {exc}.") from None
            loaded.append((name, checkpoint))
        report = verify_chain(keyring)
        if not report.ok:
            raise CommandError(
                f"Audit log check FAILED after {report.checked} good events: {report.problem}."
            )
        for name, checkpoint in loaded:
            try:
                checkpoints.check_against_chain(checkpoint)
            except checkpoints.CheckpointError as exc:
                raise CommandError(f"Audit log check FAILED against the checkpoint {name}: {exc}.") from None
        matched = f"; it matches {len(loaded)} checkpoint{'s' if len(loaded) != 1 else ''}" if loaded else ""
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {report.checked} events checked{matched}."))
