"""`harbour seed_demo`: the demo organisation, Derby Youth Voice, with one person in each role.

Safe to run again, over anything people have done with the demo since: it adds only what is missing,
and never looks a row up by something that is not unique (a member may have recorded the same course
twice, or a manager changed a course's kind), so `harbour run` always starts. Passwords are random for each installation (a
shared default password would work on every copy of Harbour) and are kept in the data folder, so
each run can print them again. Each person gets backup codes, so they can pass the two-factor step
at once and then set up an authenticator app.

Other apps add their demo data with a `demo.py` module holding `seed(organisation, members)`,
where `members` maps each role to its Membership; it must be safe to run again, like this command, and
make its rows through the app's services with those members as the actors. The modules run after the
people are committed, outside this command's transaction, since each service opens its own.
"""

import datetime
import importlib
import importlib.util
import json
import os
import secrets

from django.apps import apps
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from harbour.accounts.access import COVERED_BY, TRAINING_FOR
from harbour.accounts.capabilities import Role
from harbour.accounts.models import Course, CourseKind, Membership, Organisation, TrainingRecord, User
from harbour.accounts.services import DEFAULT_COURSES, seed_defaults
from harbour.accounts.training import required_permissions

ORGANISATION = ("Derby Youth Voice", "derby-youth-voice")
DOMAIN = "derby-youth-voice.example"
PEOPLE = [
    (Role.MANAGER, "Priya Sharma", "manager"),
    (Role.SAFEGUARDING_LEAD, "Dan Okafor", "safeguarding"),
    (Role.DEPUTY_SAFEGUARDING_LEAD, "Grace Mensah", "deputy.safeguarding"),
    (Role.MODERATOR, "Chloe Walker", "moderator"),
    (Role.AUTHOR, "Amir Hussain", "author"),
    (Role.REVIEWER, "Megan Price", "reviewer"),
    (Role.VIEWER, "Tom Bennett", "viewer"),
]
BACKUP_CODES = 10
CREDENTIALS_FILE = "demo-credentials.json"


def new_password(user: User) -> str:
    while True:
        # Capital, lower case, number and symbol, as guidance 3.4 asks, around 54 random bits.
        password = f"Demo-{secrets.token_urlsafe(9)}-7a!"
        try:
            validate_password(password, user)
            return password
        except ValidationError:
            continue


class Command(BaseCommand):
    help = "Load the demo organisation, Derby Youth Voice, and print how to sign in as each role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="the address printed for signing in"
        )

    def handle(self, *args, url: str, **options):
        path = settings.DATA_DIR / CREDENTIALS_FILE
        stored = self.stored_credentials(path)
        with transaction.atomic():
            organisation, _ = Organisation.objects.get_or_create(
                slug=ORGANISATION[1], defaults={"name": ORGANISATION[0]}
            )
            rows, members = [], {}
            for role, name, mailbox in PEOPLE:
                email = f"{mailbox}@{DOMAIN}"
                user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
                password, hashed = stored.get(email, (None, None))
                if created or password is None:
                    password = new_password(user)
                    user.set_password(password)
                    user.save()
                    stored[email] = (password, user.password)
                elif user.password != hashed:
                    password = "(changed since the demo was loaded)"
                members[role] = Membership.objects.get_or_create(
                    user=user, organisation=organisation, defaults={"role": role}
                )[0]
                rows.append((members[role].get_role_display(), email, password, self.backup_code(user)))
            seed_defaults(organisation)
            self.train(organisation, members)
            self.save(path, stored)
        for module in self.demo_modules():
            module.seed(organisation, members)
        self.print_table(organisation, rows, url)

    def stored_credentials(self, path) -> dict:
        """The passwords printed last time, {email: [password, hash]}; a damaged file starts afresh."""
        try:
            stored = json.loads(path.read_text()) if path.exists() else {}
        except (OSError, ValueError):
            return {}
        if not isinstance(stored, dict):
            return {}
        return {email: pair for email, pair in stored.items() if isinstance(pair, list) and len(pair) == 2}

    def train(self, organisation, members: dict) -> None:
        """Everyone has done the training their role needs two months ago, verified, so the demo works at
        once. A member who already has current verified training of a kind (their own, say) gets no more."""
        done = datetime.date.today() - datetime.timedelta(days=60)
        for membership in members.values():  # the role each has now: a manager may have changed it
            kinds = {
                kind
                for permission in required_permissions(membership.role)
                for kind in TRAINING_FOR[permission].kinds
            }
            # A lead's level 3 course covers the level 1 that raising a concern needs: one record, not two.
            kinds = {kind for kind in kinds if not kinds & (set(COVERED_BY.get(kind, ())) - {kind})}
            for kind in sorted(kinds):
                covering = COVERED_BY.get(kind, (kind,))
                records = TrainingRecord.objects.filter(membership=membership, course__kind__in=covering)
                if records.current().verified().exists():
                    continue
                TrainingRecord.objects.create(
                    organisation=organisation,
                    membership=membership,
                    course=self.course_of_kind(organisation, kind),
                    completed_on=done,
                    verified_at=timezone.now(),  # loaded with the demo, verified by nobody in it
                )

    def course_of_kind(self, organisation, kind: str) -> Course:
        """The oldest course of `kind`, or a new one if a manager has renamed or re-kinded them all."""
        course = Course.objects.filter(organisation=organisation, kind=kind).order_by("pk").first()
        if course is not None:
            return course
        label, months = CourseKind(kind).label, {k: m for _, k, m in DEFAULT_COURSES}.get(kind, 12)
        name, n = label, 1
        while Course.objects.filter(organisation=organisation, name__iexact=name).exists():
            n += 1
            name = f"{label} ({n})"
        return Course.objects.create(organisation=organisation, name=name, kind=kind, valid_months=months)

    def backup_code(self, user: User) -> str:
        # Not get_or_create: (user, name) is not unique, and a second device of that name must not stop the demo.
        device = StaticDevice.objects.filter(user=user, name="Backup codes").order_by("pk").first()
        if device is None:
            device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
        have = device.token_set.count()
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=StaticToken.random_token()) for _ in range(BACKUP_CODES - have)
        )
        return device.token_set.order_by("pk").values_list("token", flat=True).first()

    def demo_modules(self):
        for config in apps.get_app_configs():
            name = f"{config.name}.demo"
            if config.name.startswith("harbour.") and importlib.util.find_spec(name) is not None:
                yield importlib.import_module(name)

    def save(self, path, stored: dict) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
            json.dump(stored, handle, indent=2)

    def print_table(self, organisation, rows, url: str) -> None:
        header = ("Role", "Email", "Password", "Backup code")
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
        line = "  ".join(f"{{:<{w}}}" for w in widths)
        self.stdout.write(f"\nDemo organisation: {organisation.name}. Sign in at {url} as:\n")
        self.stdout.write(line.format(*header))
        for row in rows:
            self.stdout.write(line.format(*row))
        self.stdout.write(
            "\nEach backup code works once; more are in the same list. Passwords are kept in "
            f"{settings.DATA_DIR / CREDENTIALS_FILE}.\n"
        )
