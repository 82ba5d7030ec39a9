"""People, organisations and what each person may do in each organisation."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    MANAGER = "manager", "Manager"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Safeguarding lead"
    MODERATOR = "moderator", "Moderator"
    AUTHOR = "author", "Author"
    REVIEWER = "reviewer", "Reviewer (proof reader)"
    VIEWER = "viewer", "Viewer"


class HarbourUserManager(UserManager):
    def _create_user_object(self, username, email, password, **extra_fields):
        email = self.normalize_email(email or username)
        return super()._create_user_object(email, email, password, **extra_fields)

    def create_user(self, email=None, password=None, **extra_fields):
        return super().create_user(email, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        return super().create_superuser(email, email, password, **extra_fields)


class User(AbstractUser):
    """One person, one login (guidance 3.3): the email address is the username."""

    email = models.EmailField("email address", unique=True)
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


class Organisation(models.Model):
    """A tenant: a council, youth service, school or charity. Nothing crosses between them."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A manager may switch off the periodic password-change reminder (guidance 3.4).
    password_reminder_days = models.PositiveIntegerField(
        default=90, help_text="Remind members to change their password after this many days; 0 switches it off."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)

    def for_org(self, org: Organisation):
        return self.filter(organisation=org)


class Membership(models.Model):
    """A person's place in one organisation. A person may belong to several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")]
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    def has_role(self, *roles: str) -> bool:
        return self.role in roles
