"""Forms for signing in, two-factor, passwords, invitations, the team, the code of conduct and training.

Messages say what to do next; they live here, in each form's error_messages.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.encoding import punycode

from harbour.accounts import uploads
from harbour.accounts.capabilities import Role
from harbour.accounts.models import (
    CodeOfConduct,
    Course,
    TrainingRecord,
    User,
    normalise_email,
    validate_visible_email,
)
from harbour.accounts.services import READING_AGES
from harbour.forms import GovukForm, GovukModelForm
from harbour.lib.bidi import isolate

# Limits on what people type (issue 15, item 15). Emails: 254 characters, the most an address can be.
# Passwords: 256, far past any passphrase or password manager's, and short enough to hash cheaply.
EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length
PASSWORD_MAX_LENGTH = 256
EMAIL_TOO_LONG = f"Enter an email address of {EMAIL_MAX_LENGTH} characters or fewer"
PASSWORD_TOO_LONG = f"Enter a password of {PASSWORD_MAX_LENGTH} characters or fewer"
CONDUCT_MAX_LENGTH = CodeOfConduct._meta.get_field("text").max_length


class SignInForm(GovukForm):
    email = forms.EmailField(
        label="Email address",
        max_length=EMAIL_MAX_LENGTH,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": EMAIL_TOO_LONG,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        error_messages={"required": "Enter your password", "max_length": PASSWORD_TOO_LONG},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class CodeForm(GovukForm):
    widths = {"code": 10}

    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        error_messages={
            "required": "Enter the code from your authenticator app or a backup code",
            "max_length": "Enter a code of 20 characters or fewer: 6 digits from your app, or a backup code",
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "inputmode": "text",
            }
        ),
    )


class EnrolForm(GovukForm):
    widths = {"code": 10}

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        help_text="Enter the 6-digit code your app shows for Harbour.",
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "max_length": "Enter the 6-digit code from your authenticator app",
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
    )


class PasswordAndCodeForm(CodeForm):
    """Changing two-factor needs the password and a fresh code (docs/security.md B7)."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        error_messages={"required": "Enter your password", "max_length": PASSWORD_TOO_LONG},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["password", "code"]

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "Your password is not right. Enter your current password", code="wrong"
            )
        return password


class NewPasswordMixin:
    """Two boxes for a new password, checked against every rule in AUTH_PASSWORD_VALIDATORS."""

    def _new_password_fields(self):
        self.fields["new_password"] = forms.CharField(
            label="New password",
            strip=False,
            max_length=PASSWORD_MAX_LENGTH,
            help_text=(
                "At least 8 characters, with a capital letter, a lower case letter, a number and a symbol. "
                "Do not use a password you use anywhere else."
            ),
            error_messages={"required": "Enter a new password", "max_length": PASSWORD_TOO_LONG},
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        )
        self.fields["new_password_again"] = forms.CharField(
            label="Confirm new password",
            strip=False,
            max_length=PASSWORD_MAX_LENGTH,
            error_messages={"required": "Enter the new password again", "max_length": PASSWORD_TOO_LONG},
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        )

    def clean_new_password_again(self):
        first = self.cleaned_data.get("new_password")
        second = self.cleaned_data["new_password_again"]
        if first and first != second:
            raise forms.ValidationError(
                "The passwords do not match. Enter the same password twice", code="mismatch"
            )
        return second

    def _validate_new_password(self, user):
        password = self.cleaned_data.get("new_password")
        if password:
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("new_password", error)


class ChangePasswordForm(NewPasswordMixin, GovukForm):
    current_password = forms.CharField(
        label="Current password",
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        error_messages={"required": "Enter your current password", "max_length": PASSWORD_TOO_LONG},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self._new_password_fields()

    def clean_current_password(self):
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Your current password is not right. Enter it again", code="wrong")
        return password

    def clean(self):
        cleaned = super().clean()
        self._validate_new_password(self.user)
        if cleaned.get("new_password") and cleaned.get("new_password") == cleaned.get("current_password"):
            self.add_error("new_password", "Your new password must be different from your current password")
        return cleaned


class SetPasswordForm(NewPasswordMixin, GovukForm):
    """For a password reset: no current password."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self._new_password_fields()

    def clean(self):
        cleaned = super().clean()
        self._validate_new_password(self.user)
        return cleaned


class PasswordResetRequestForm(GovukForm):
    email = forms.EmailField(
        label="Email address",
        max_length=EMAIL_MAX_LENGTH,
        help_text="We will email you a link to set a new password. The link works once, for 1 hour.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": EMAIL_TOO_LONG,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class AcceptInvitationForm(NewPasswordMixin, GovukForm):
    full_name = forms.CharField(
        label="Your full name",
        max_length=150,
        help_text="As your colleagues know you. It appears in the audit log beside what you do.",
        error_messages={
            "required": "Enter your full name",
            "max_length": "Your name must be 150 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )

    def __init__(self, *args, email, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)
        self._new_password_fields()
        self.fields["new_password"].label = "Create a password"
        self.fields["new_password_again"].label = "Confirm your password"

    def clean(self):
        cleaned = super().clean()
        from harbour.accounts.models import User

        # Unsaved, so the similarity check can compare the password with the name and email.
        self._validate_new_password(User(email=self.email, full_name=cleaned.get("full_name", "")))
        return cleaned


ROLE_HINT = (
    "Managers run the team and settings. Safeguarding leads and their deputies handle concerns, and a deputy "
    "can do everything a lead can. Moderators look after comments. "
    "Authors write posts, reviewers proof read and approve them, and viewers can only look."
)


INVITE_ROLE_ORDER = [(role, Role(role).label) for role in reversed(Role.values)]  # viewer first, manager last


class InviteForm(GovukForm):
    email = forms.EmailField(
        label="Email address",
        max_length=EMAIL_MAX_LENGTH,
        help_text="Their own work email address. Every person needs their own login: never a shared address.",
        validators=[validate_visible_email],
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": EMAIL_TOO_LONG,
        },
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    # Radios with none chosen, least power first: the inviter decides, and a missed choice is an
    # error rather than a default (it used to default to Manager).
    role = forms.ChoiceField(
        label="Role",
        choices=INVITE_ROLE_ORDER,
        help_text=ROLE_HINT,
        error_messages={
            "required": "Choose the role they will have",
            "invalid_choice": "Choose one of the roles in the list",
        },
        widget=forms.RadioSelect,
    )

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        try:
            # Django's check lets through a domain that no mail server can be given (one with a
            # right-to-left override in it, say): sending would fail with a 500, not this error.
            punycode(email.rpartition("@")[2])
        except UnicodeError:
            raise forms.ValidationError(
                "Enter an email address in the correct format, like name@example.org"
            ) from None
        return email


class RoleForm(GovukForm):
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        help_text=ROLE_HINT,
        error_messages={"required": "Choose a role", "invalid_choice": "Choose one of the roles in the list"},
    )


class OrganisationSettingsForm(GovukForm):
    widths = {"password_reminder_days": 4, "reading_age_target": 2}

    password_reminder_days = forms.IntegerField(
        label="Remind people to change their password after this many days",
        min_value=0,
        max_value=3650,
        help_text="Enter 0 to switch the reminder off. It is a reminder only: nobody is locked out.",
        error_messages={
            "required": "Enter a number of days, or 0 to switch the reminder off",
            "invalid": "Enter the number of days as a whole number, like 90",
            "min_value": "Enter 0 or more days",
            "max_value": "Enter 3650 days (10 years) or fewer",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    reading_age_target = forms.IntegerField(
        label="Reading age for posts",
        min_value=READING_AGES[0],
        max_value=READING_AGES[1],
        required=False,  # left blank: unchanged
        help_text="The check panel says when a draft is harder to read than this. 11 suits most young "
        f"people; choose from {READING_AGES[0]} to {READING_AGES[1]}.",
        error_messages={
            "invalid": "Enter the reading age as a whole number, like 11",
            "min_value": f"Enter a reading age of {READING_AGES[0]} or more",
            "max_value": f"Enter a reading age of {READING_AGES[1]} or less",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class CodeOfConductForm(GovukForm):
    text = forms.CharField(
        label="Code of conduct",
        max_length=CONDUCT_MAX_LENGTH,
        help_text="Saving makes a new version. Everyone in the organisation must read and acknowledge it again.",
        error_messages={
            "required": "Enter the text of the code of conduct",
            "max_length": f"The code of conduct must be {CONDUCT_MAX_LENGTH:,} characters or fewer",
        },
        widget=forms.Textarea(attrs={"rows": 20}),
    )


class AcknowledgeForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label="I have read this code of conduct and I will follow it",
        error_messages={"required": "Confirm that you have read the code of conduct and will follow it"},
    )


class CourseForm(GovukModelForm):
    widths = {"valid_months": 4}

    class Meta:
        model = Course
        fields = ["name", "kind", "valid_months"]
        labels = {
            "name": "Course name",
            "kind": "Kind of training",
            "valid_months": "Months a completion stays valid",
        }
        help_texts = {"valid_months": "Enter 0 if it never needs renewing."}
        error_messages = {
            "name": {
                "required": "Enter the name of the course",
                "max_length": "The name must be 200 characters or fewer",
            },
            "kind": {
                "required": "Choose the kind of training",
                "invalid_choice": "Choose one of the kinds in the list",
            },
            "valid_months": {
                "required": "Enter how many months a completion stays valid, or 0",
                "invalid": "Enter the number of months as a whole number, like 12",
                "min_value": "Enter 0 or more months",
            },
        }
        widgets = {
            "valid_months": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = (
            Course.objects.for_org(self.organisation).filter(name__iexact=name).exclude(pk=self.instance.pk)
        )
        if clash.exists():
            raise forms.ValidationError("There is already a course with this name. Choose a different name")
        return name

    def clean_valid_months(self):
        months = self.cleaned_data["valid_months"]
        if months > 120:
            raise forms.ValidationError("Enter 120 months (10 years) or fewer")
        return months


# Day first, as people in the UK write dates; never Django's default month-first formats.
DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class TrainingRecordForm(GovukModelForm):
    widths = {"completed_on": 10}

    member = forms.ModelChoiceField(
        label="Who completed the training",
        queryset=None,
        empty_label=None,
        error_messages={
            "required": "Choose who completed the training",
            "invalid_choice": "Choose a member from the list",
        },
    )

    class Meta:
        model = TrainingRecord
        fields = ["course", "completed_on", "evidence"]
        labels = {
            "course": "Course",
            "completed_on": "Date completed",
            "evidence": "Certificate or other evidence (optional)",
        }
        error_messages = {
            "course": {"required": "Choose the course", "invalid_choice": "Choose a course from the list"},
            "completed_on": {
                "required": "Enter the date the training was completed",
                "invalid": "Enter the date as day, month and year, like 27/03/2026",
            },
        }
        widgets = {
            "completed_on": forms.DateInput(attrs={"autocomplete": "off"}),
            "evidence": forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
        }

    def __init__(self, *args, organisation, members, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["course"].queryset = Course.objects.for_org(organisation)
        self.fields["course"].empty_label = None
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: (
            f"{isolate(m.user.full_name)} ({isolate(m.user.email)})"
        )
        if self.instance.pk:
            self.fields["member"].initial = self.instance.membership_id
        self.fields["completed_on"].input_formats = DATE_FORMATS
        # The stored name is generated (evidence_path), so a long uploaded name is no reason to refuse it;
        # the name is kept, shortened, as evidence_name.
        self.fields["evidence"].max_length = None
        self.fields["completed_on"].help_text = "Enter it as day/month/year, for example 27/03/2026."
        self.fields[
            "evidence"
        ].help_text = f"A PDF, PNG or JPEG file, up to {filesizeformat(settings.HARBOUR_MAX_UPLOAD_BYTES)}."
        if members.count() == 1:
            self.fields["member"].widget = forms.HiddenInput()
            self.fields["member"].initial = members.get().pk
        self.order_fields(["member", "course", "completed_on", "evidence"])

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date completed must be today or in the past")
        if day.year < 1990:
            raise forms.ValidationError("Enter a date after 1990")
        return day

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload or upload == self.instance.evidence:
            return upload
        try:
            return uploads.check_upload(upload).file
        except uploads.BadUpload as error:
            raise forms.ValidationError(str(error)) from None

    def save(self, commit=True):
        record = super().save(commit=False)
        record.membership = self.cleaned_data["member"]
        upload = self.cleaned_data.get("evidence")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the file already saved
            record.evidence_name = upload.name[:200]
        if commit:
            record.save()
        return record
