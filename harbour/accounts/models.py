"""People, organisations and what each person may do in each organisation."""

import calendar
import datetime
import hashlib
import secrets
import unicodedata
import uuid
from pathlib import PurePath

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from harbour.accounts.capabilities import Role, role_can, roles_that_can
from harbour.accounts.tenancy import OrganisationQuerySet


def normalise_email(email: str) -> str:
    """Emails are compared and stored in lower case, so one person cannot hold two logins by case."""
    return (email or "").strip().lower()


def validate_visible_email(value: str) -> None:
    """Django's email check accepts invisible characters: a right-to-left override or a zero-width space
    in a domain shows one address and sends to another. Every address Harbour invites must be all
    visible characters."""
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp"):
            raise ValidationError(
                f"The email address holds an invisible or control character (U+{ord(char):04X}): type it again",
                code="invisible",
            )


class HarbourUserManager(UserManager):
    def _create_user_object(self, username, email, password, **extra_fields):
        email = normalise_email(email or username)
        return super()._create_user_object(email, email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email=normalise_email(username))

    def create_user(self, email=None, password=None, **extra_fields):
        return super().create_user(email, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        return super().create_superuser(email, email, password, **extra_fields)


class User(AbstractUser):
    """One person, one login (guidance 3.3): the email address is the username."""

    email = models.EmailField("email address", unique=True)  # 254 characters at most, as email allows
    # AbstractUser's username is 150 characters; it mirrors the email here, so it must hold as many.
    username = models.CharField(max_length=254, unique=True)
    full_name = models.CharField(max_length=150)
    password_changed_at = models.DateTimeField(default=timezone.now)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    objects = HarbourUserManager()

    def save(self, *args, **kwargs):
        self.username = self.email  # AbstractUser keeps a username column; it mirrors the email
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.full_name or self.email

    def audit_label(self) -> str:  # harbour.audit.events.object_label
        return self.email


class Organisation(models.Model):
    """A tenant: a council, youth service, school or charity. Nothing crosses between them."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A manager may switch off the periodic password-change reminder (guidance 3.4).
    password_reminder_days = models.PositiveIntegerField(
        default=90,
        help_text="Remind members to change their password after this many days; 0 switches it off.",
    )
    # The reading age the organisation's posts aim for (guidance 4.1: plain English, CYP friendly).
    reading_age_target = models.PositiveSmallIntegerField(
        default=11,
        help_text="Posts should be easy to read at this age. 11 suits most young people; 9 to 16.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:  # harbour.audit.events.object_label
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)

    def for_org(self, org: Organisation):
        return self.filter(organisation=org)

    def able_to(self, capability: str):
        """Members whose role has `capability` (harbour/accounts/capabilities.py)."""

        return self.filter(role__in=roles_that_can(capability))


class Membership(models.Model):
    """A person's place in one organisation. A person may belong to several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    def audit_label(self) -> str:  # harbour.audit.events.object_label
        return self.user.email

    def can(self, capability: str) -> bool:
        """Whether this member's role has `capability`: the one question every check asks
        (harbour/accounts/capabilities.py holds the table)."""
        return self.is_active and role_can(self.role, capability)


class Invitation(models.Model):
    """A single-use, expiring invitation to join an organisation. Only the token's hash is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=32, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"

    def audit_label(self) -> str:  # harbour.audit.events.object_label
        return f"Invitation for {self.email}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class CodeOfConduct(models.Model):
    """One version of an organisation's code of conduct (guidance 3.7). Versions are never edited."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="codes_of_conduct")
    version = models.PositiveIntegerField()
    text = models.TextField(max_length=20_000)  # a few pages; the form and publish_code_of_conduct enforce it
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="one_code_per_version")
        ]
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Code of conduct version {self.version}"

    def audit_label(self) -> str:  # harbour.audit.events.object_label
        return f"Code of conduct version {self.version}"


class ConductAcknowledgement(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="acknowledgements")
    code = models.ForeignKey(CodeOfConduct, on_delete=models.CASCADE, related_name="acknowledgements")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "code"], name="one_acknowledgement_per_code")
        ]


class CourseKind(models.TextChoices):
    SOCIAL_MEDIA = "social_media", "Social media good practice"
    SAFEGUARDING_1 = "safeguarding_1", "Safeguarding level 1"
    SAFEGUARDING_2 = "safeguarding_2", "Safeguarding level 2"
    SAFEGUARDING_3 = "safeguarding_3", "Safeguarding level 3 (designated safeguarding lead)"
    OTHER = "other", "Other"


class CourseQuerySet(models.QuerySet):
    def for_org(self, org: Organisation):
        return self.filter(organisation=org)


class Course(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="courses")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=CourseKind.choices)
    valid_months = models.PositiveIntegerField(
        help_text="How many months a completion stays valid; 0 means it does not expire."
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="course_name_unique_in_org")
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:  # harbour.audit.events.object_label
        return self.name

    def expiry_for(self, completed_on: datetime.date) -> datetime.date | None:
        return add_months(completed_on, self.valid_months) if self.valid_months else None


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day if it is shorter (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def evidence_path(record: "TrainingRecord", filename: str) -> str:
    """A generated name: the uploaded name is kept only as text, never used as a path."""
    suffix = PurePath(filename).suffix.lower()
    return f"training/{record.organisation_id}/{uuid.uuid4().hex}{suffix}"


class TrainingRecordQuerySet(models.QuerySet):
    def for_org(self, org: Organisation):
        return self.filter(organisation=org)

    def current(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=today))

    def verified(self):
        """Records verified by someone other than the member they are about: only these pass a training gate.
        A verifier whose account has since gone (verified_by null, verified_at set) still counts."""
        return self.filter(verified_at__isnull=False).exclude(verified_by=models.F("membership__user"))


class TrainingRecord(models.Model):
    """A member's completion of a course, with optional evidence (a certificate)."""

    EXPIRING_DAYS = 30

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="training_records")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="training_records")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    evidence = models.FileField(upload_to=evidence_path, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    verified_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on"]

    def __str__(self) -> str:
        return f"{self.course} completed {self.completed_on:%d %B %Y}"

    def audit_label(self) -> str:  # harbour.audit.events.object_label
        return f"{self.course.name} completed {self.completed_on:%d %B %Y}"

    def save(self, *args, **kwargs):
        self.expires_on = self.course.expiry_for(self.completed_on)
        super().save(*args, **kwargs)

    @property
    def is_verified(self) -> bool:
        """Verified by someone other than the member (see TrainingRecordQuerySet.verified)."""
        return self.verified_at is not None and self.verified_by_id != self.membership.user_id

    def status(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.expires_on is None or self.expires_on - today > datetime.timedelta(days=self.EXPIRING_DAYS):
            return "valid"
        return "expired" if self.expires_on < today else "expiring"


class RateLimitCounter(models.Model):
    """One fixed window of one rate limit (harbour.lib.ratelimit). A table of our own rather than a cache:
    gunicorn's workers are separate processes, so a per-process LocMemCache would multiply every limit,
    and Django's DatabaseCache needs `createcachetable` and has no atomic increment. This works on
    SQLite and PostgreSQL through a migration, with one INSERT … ON CONFLICT per hit."""

    key = models.CharField(max_length=200, unique=True)  # limit name, who, window start
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class UserSession(models.Model):
    """A signed-in session a person can see and end (docs/security.md C5). Django's session row holds the
    data; this holds what people recognise it by. Kept up to date at most once a minute per session."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="user_sessions")
    session_key = models.CharField(max_length=40, db_index=True)
    user_agent = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.user} from {self.ip_address or 'unknown address'}"
