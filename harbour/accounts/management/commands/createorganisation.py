"""harbour createorganisation "Name" --slug x --manager-email a@b: a new organisation and an invitation
for its first manager, whose link is printed (and emailed)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email, validate_slug

from harbour.accounts import services
from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.accounts.models import normalise_email, validate_visible_email


class Command(BaseCommand):
    help = "Create an organisation and invite its first manager (the invitation link is printed)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The organisation's name, as people know it")
        parser.add_argument(
            "--slug", required=True, help="A short name for addresses: letters, numbers and hyphens"
        )
        parser.add_argument("--manager-email", required=True, help="The email address of its first manager")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where people reach Harbour, for the link (default http://127.0.0.1:8000)",
        )

    def handle(self, *args, name, slug, manager_email, base_url, **options):
        name = name.strip()
        if not name or len(name) > 200:
            raise CommandError("Give the organisation a name of 1 to 200 characters.")
        try:
            validate_slug(slug)
        except ValidationError:
            raise CommandError(
                f"--slug {slug!r} can use only letters, numbers, hyphens and underscores."
            ) from None
        if len(slug) > 60:
            raise CommandError("--slug must be 60 characters or fewer.")
        email = normalise_email(manager_email)
        try:
            validate_email(email)
            validate_visible_email(email)
        except ValidationError:
            raise CommandError(
                f"--manager-email {manager_email!a} is not a valid email address, or holds an invisible "
                "character (shown escaped here)."
            ) from None
        if not base_url.startswith(("http://", "https://")):
            raise CommandError("--base-url must start with http:// or https://")
        try:
            org = services.create_organisation(name, slug)
        except NotAllowed as refusal:
            raise CommandError(str(refusal)) from None
        try:
            invitation, link = services.invite_member(org, email, Role.MANAGER, by=None, base_url=base_url)
        except services.EmailNotSent as failure:
            self.stderr.write(
                f"Created {org.name}, but the invitation email could not be sent. Give its manager this link:"
            )
            self.stdout.write(failure.link)
            raise CommandError(str(failure)) from None
        self.stdout.write(f"Created {org.name} ({org.slug}).")
        self.stdout.write(
            f"Invitation for its first manager, {invitation.email}, valid until {invitation.expires_at:%d %B %Y %H:%M}:"
        )
        self.stdout.write(link)
