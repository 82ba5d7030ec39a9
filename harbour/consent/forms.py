"""The consent register's forms (GOV.UK forms layer, harbour/forms.py). They check what a person typed and
say what is wrong in plain words; the services (services.py, requests.py) check everything again."""

import base64
import binascii

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from harbour.consent.models import (
    NAME_LENGTH,
    NOTE_LENGTH,
    AgeBand,
    Decision,
    EvidenceKind,
    Guardianship,
    NeverPublishReason,
    Person,
    PersonKind,
    Use,
)
from harbour.forms import DateField, GovukForm, limit

NOT_RECORDED = ""
SIGNATURE_PREFIX = "data:image/png;base64,"
SIGNATURE_LIMIT = 400_000  # characters of base64: a drawn signature is a few tens of kilobytes
ALL, SOME = "all", "some"
SCOPE_CHOICES = [(ALL, "Every channel, now and later"), (SOME, "Only the channels I choose")]


def use_field_name(use: str) -> str:
    return f"use_{use}"


class PersonForm(GovukForm):
    kind = forms.ChoiceField(
        label="Who are they?",
        choices=PersonKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether they are a young person, a parent or carer, or another adult"
        },
    )
    first_name = forms.CharField(
        max_length=NAME_LENGTH,
        label="First name",
        error_messages={"required": "Enter their first name"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    last_name = forms.CharField(
        max_length=NAME_LENGTH,
        required=False,
        label="Last name (optional)",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    date_of_birth = DateField(
        required=False,
        label="Date of birth",
        help_text="For a young person: their date of birth, or leave it blank and choose an age band. "
        "For example, 27 3 2012.",
    )
    age_band = forms.ChoiceField(
        required=False,
        label="Age band, if you do not know the date of birth",
        choices=[("", "Not known"), *AgeBand.choices],
    )
    groups = forms.MultipleChoiceField(
        required=False, label="Groups or projects", widget=forms.CheckboxSelectMultiple
    )
    role = forms.CharField(
        max_length=NAME_LENGTH,
        required=False,
        label="Role (optional)",
        help_text="For an adult: for example, Youth worker, Volunteer or Partner.",
    )
    email = forms.EmailField(
        max_length=limit(Person, "email"),
        required=False,
        label="Email address (optional)",
        help_text="Consent requests are sent here.",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        max_length=limit(Person, "phone"), required=False, label="Phone number (optional)"
    )
    notes = forms.CharField(
        max_length=NOTE_LENGTH,
        required=False,
        label="Notes (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    widths = {"first_name": 20, "last_name": 20, "phone": 20, "role": 20}

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups_by_pk = {str(group.pk): group for group in groups}
        self.fields["groups"].choices = [(pk, group.name) for pk, group in self.groups_by_pk.items()]
        if not self.groups_by_pk:
            del self.fields["groups"]

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born is not None and born > timezone.localdate():
            raise forms.ValidationError("The date of birth must be in the past")
        return born

    def clean(self):
        data = super().clean()
        if (
            data.get("kind") == PersonKind.YOUNG_PERSON
            and data.get("date_of_birth") is None
            and not data.get("age_band")
            and "date_of_birth" not in self.errors
        ):
            self.add_error(
                "date_of_birth", "Enter the young person's date of birth, or choose their age band"
            )
        return data

    def person_fields(self) -> dict:
        data = self.cleaned_data
        return {
            key: data[key]
            for key in (
                "kind",
                "first_name",
                "last_name",
                "date_of_birth",
                "age_band",
                "role",
                "email",
                "phone",
                "notes",
            )
        }

    def chosen_groups(self) -> list:
        return [self.groups_by_pk[pk] for pk in self.cleaned_data.get("groups", [])]

    @staticmethod
    def initial_for(person: Person) -> dict:
        return {
            "kind": person.kind,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "date_of_birth": person.date_of_birth,
            "age_band": person.age_band,
            "groups": [str(pk) for pk in person.groups.values_list("pk", flat=True)],
            "role": person.role,
            "email": person.email,
            "phone": person.phone,
            "notes": person.notes,
        }


class FilterForm(GovukForm):
    q = forms.CharField(required=False, max_length=NAME_LENGTH, label="Search by name")
    kind = forms.ChoiceField(required=False, label="Who", choices=[("", "Everyone"), *PersonKind.choices])
    group = forms.ChoiceField(required=False, label="Group")
    label_size = "s"

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "All groups"), *((str(g.pk), g.name) for g in groups)]


class GroupForm(GovukForm):
    name = forms.CharField(
        max_length=NAME_LENGTH,
        label="Name of the group or project",
        help_text="For example, Tuesday youth club.",
        error_messages={"required": "Enter the group's name"},
    )


RELATIONSHIP = {
    "max_length": limit(Guardianship, "relationship"),
    "required": False,
    "label": "Relationship (optional)",
    "help_text": "For example, Mother, Foster carer or Grandparent.",
}


class PickGuardianForm(GovukForm):
    guardian = forms.ChoiceField(
        label="Parent or carer from the register",
        error_messages={"required": "Choose a parent or carer"},
    )
    relationship = forms.CharField(**RELATIONSHIP)
    widths = {"relationship": 20}

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guardian"].choices = [("", "Choose a parent or carer"), *choices]


class NewGuardianForm(GovukForm):
    first_name = forms.CharField(
        max_length=NAME_LENGTH, label="First name", error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(max_length=NAME_LENGTH, required=False, label="Last name (optional)")
    email = forms.EmailField(
        max_length=limit(Person, "email"),
        required=False,
        label="Email address (optional)",
        help_text="Consent requests are sent here.",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    phone = forms.CharField(
        max_length=limit(Person, "phone"), required=False, label="Phone number (optional)"
    )
    relationship = forms.CharField(**RELATIONSHIP)
    widths = {"first_name": 20, "last_name": 20, "phone": 20, "relationship": 20}


class ChannelsMixin:
    """A choice between every channel and some, with the organisation's channels as checkboxes."""

    def add_channel_fields(self, channels):
        """No choice to make while the organisation has no channels: every channel, now and later."""
        self.channels_by_pk = {str(channel.pk): channel for channel in channels}
        if not self.channels_by_pk:
            return
        self.fields["scope"] = forms.ChoiceField(
            label="Which channels?",
            choices=SCOPE_CHOICES,
            initial=ALL,
            widget=forms.RadioSelect,
            error_messages={"required": "Choose every channel or some"},
        )
        self.fields["channels"] = forms.MultipleChoiceField(
            required=False,
            label="The channels, if only some",
            choices=[(pk, channel.display_name) for pk, channel in self.channels_by_pk.items()],
            widget=forms.CheckboxSelectMultiple,
        )

    def clean_channels_choice(self, data):
        if data.get("scope") == SOME and not data.get("channels"):
            self.add_error("channels", "Choose at least one channel, or choose every channel")

    def chosen_channels(self) -> list:
        if self.cleaned_data.get("scope") != SOME:
            return []
        return [self.channels_by_pk[pk] for pk in self.cleaned_data.get("channels", [])]


class ConsentForm(ChannelsMixin, GovukForm):
    given_by = forms.ChoiceField(
        label="Who gave or refused consent?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who gave or refused consent"},
    )
    starts = DateField(
        label="Starts",
        help_text="For example, 1 9 2026.",
        error_messages={"required": "Enter the date it starts"},
    )
    expires = DateField(
        required=False,
        label="Ends (optional)",
        help_text="The last day it holds. Leave it blank if it does not end.",
    )
    evidence_kind = forms.ChoiceField(
        label="How was it given?",
        choices=[
            (EvidenceKind.FORM, "A signed form: upload it"),
            (EvidenceKind.SIGNATURE, "Signed here, now"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how consent was given"},
    )
    upload = forms.FileField(
        required=False,
        label="The signed form",
        help_text="A PDF, PNG or JPEG file. Photos are saved again without their location or camera details.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    signed_name = forms.CharField(
        max_length=200,
        required=False,
        label="Full name of the person signing",
        help_text="They type their name. Where the page allows it, they can also sign in the box below.",
    )
    signature = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, givers, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.givers = {str(person.pk): person for person, _ in givers}
        self.fields["given_by"].choices = [(str(person.pk), label) for person, label in givers]
        for use in Use:
            self.fields[use_field_name(use)] = forms.ChoiceField(
                required=False,
                label=use.label,
                choices=[
                    (Decision.GIVEN, "Given"),
                    (Decision.REFUSED, "Refused"),
                    (NOT_RECORDED, "Not asked"),
                ],
                initial=NOT_RECORDED,
                widget=forms.RadioSelect,
            )
        self.add_channel_fields(channels)

    def use_fields(self):
        return [self[use_field_name(use)] for use in Use]

    def clean_signature(self):
        data = self.cleaned_data.get("signature", "").strip()
        if not data:
            return None
        if not data.startswith(SIGNATURE_PREFIX) or len(data) > SIGNATURE_LIMIT:
            raise forms.ValidationError("The signature could not be read. Clear it and sign again")
        try:
            png = base64.b64decode(data[len(SIGNATURE_PREFIX) :], validate=True)
        except (binascii.Error, ValueError):
            raise forms.ValidationError("The signature could not be read. Clear it and sign again") from None
        return SimpleUploadedFile("signature.png", png, content_type="image/png")

    def clean(self):
        data = super().clean()
        if not self.decisions():
            self.add_error(
                use_field_name(Use.PHOTO), "Say whether consent was given or refused for at least one use"
            )
        starts, expires = data.get("starts"), data.get("expires")
        if starts and expires and expires < starts:
            self.add_error("expires", "The end date must be on or after the start date")
        kind = data.get("evidence_kind")
        if kind == EvidenceKind.FORM and not data.get("upload") and "upload" not in self.errors:
            self.add_error("upload", "Upload the signed consent form")
        if kind == EvidenceKind.SIGNATURE and not data.get("signed_name", "").strip():
            self.add_error("signed_name", "Type the full name of the person signing")
        self.clean_channels_choice(data)
        return data

    def decisions(self) -> dict[str, str]:
        data = self.cleaned_data
        return {use.value: data[use_field_name(use)] for use in Use if data.get(use_field_name(use))}


class WithdrawForm(GovukForm):
    note = forms.CharField(
        max_length=NOTE_LENGTH,
        required=False,
        label="Note (optional)",
        help_text="For example, who told you and how.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SafeguardingRecordForm(GovukForm):
    record = forms.ChoiceField(
        label="Their safeguarding record",
        help_text="Only safeguarding leads see this link. A subject access request about them then comes to a "
        "lead for review before anything is released.",
        required=False,
    )

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [("", "Not linked"), *((str(r.pk), r.name) for r in records)]
        self.fields["record"].error_messages["invalid_choice"] = "Choose a record from the list"


class NeverPublishForm(GovukForm):
    reason = forms.ChoiceField(
        label="Why must they never be published?",
        choices=NeverPublishReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the reason"},
    )
    note = forms.CharField(
        max_length=NOTE_LENGTH,
        required=False,
        label="Note (optional)",
        help_text="Only safeguarding leads and managers can read the reason and this note.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LiftForm(GovukForm):
    reason = forms.CharField(
        max_length=NOTE_LENGTH,
        label="Why is the flag lifted?",
        error_messages={"required": "Say why the flag is lifted"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RequestForm(ChannelsMixin, GovukForm):
    sent_to = forms.ChoiceField(
        label="Who should we ask?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who to send the request to"},
    )
    uses = forms.MultipleChoiceField(
        label="What are you asking for?",
        choices=Use.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose what you are asking consent for"},
    )
    expires_consent = DateField(
        required=False,
        label="Until when? (optional)",
        help_text="The last day the consent would hold. Leave it blank if it does not end.",
    )
    message = forms.CharField(
        max_length=NOTE_LENGTH,
        required=False,
        label="Why are you asking? (optional)",
        help_text="In plain words, for example: photos of the summer trip for our Instagram.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, recipients, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.recipients = {str(person.pk): person for person, _ in recipients}
        self.fields["sent_to"].choices = [(str(person.pk), label) for person, label in recipients]
        self.add_channel_fields(channels)

    def clean_expires_consent(self):
        day = self.cleaned_data.get("expires_consent")
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError("The date must be in the future")
        return day

    def clean(self):
        data = super().clean()
        self.clean_channels_choice(data)
        return data


class AnswerForm(GovukForm):
    """The public page's form: Yes or No for each use asked about, and the name typed as a signature."""

    signed_name = forms.CharField(
        max_length=200,
        label="Your full name",
        help_text="Typing your name is how you sign your answer.",
        error_messages={"required": "Type your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )

    def __init__(self, *args, questions, **kwargs):
        """questions: [(use, question in plain words)]."""
        super().__init__(*args, **kwargs)
        fields = {}
        for use, question in questions:
            fields[use_field_name(use)] = forms.ChoiceField(
                label=question,
                choices=[(Decision.GIVEN, "Yes"), (Decision.REFUSED, "No")],
                widget=forms.RadioSelect,
                error_messages={"required": "Choose yes or no"},
            )
        fields["signed_name"] = self.fields.pop("signed_name")
        self.fields = fields
        self.uses = [use for use, _ in questions]

    def decisions(self) -> dict[str, str]:
        return {use: self.cleaned_data[use_field_name(use)] for use in self.uses}


class PublicWithdrawForm(GovukForm):
    note = forms.CharField(
        max_length=NOTE_LENGTH,
        required=False,
        label="Anything you want to tell us? (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
