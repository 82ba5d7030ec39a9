"""The forms of the referral pages: a referral contact, a referral, its reference, opening media with a
reason, and the picker's one question (is an adult involved?)."""

import datetime

from django import forms
from django.utils import timezone

from harbour.forms import DateField, GovukForm, GovukModelForm, limit
from harbour.safeguarding.models import TEXT_LENGTH, Destination, LawfulBasis, Referral

TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]


class DestinationForm(GovukModelForm):
    class Meta:
        model = Destination
        fields = ["kind", "name", "phone", "email", "url", "notes"]
        labels = {
            "kind": "What kind of contact is it?",
            "name": "Name",
            "phone": "Phone number (optional)",
            "email": "E-mail address (optional)",
            "url": "Web address (optional)",
            "notes": "Notes (optional)",
        }
        help_texts = {
            "name": "As your safeguarding leads know it, for example “Initial Response Team”. For a Prevent "
            "contact, put “Prevent” in its name: the picker offers it for radicalisation.",
            "phone": "Leave it empty until you have checked the number with the service.",
            "notes": "Hours, what they take and what they do not, and anything still to confirm.",
        }
        widgets = {"kind": forms.Select, "notes": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "kind": {"required": "Choose what kind of contact it is"},
            "name": {"required": "Enter the contact's name"},
            "email": {"invalid": "Enter an e-mail address like name@example.org"},
            "url": {"invalid": "Enter a web address like https://www.example.org"},
        }

    widths = {"phone": 20}

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in self.Meta.fields}


class AdultInvolvedForm(GovukForm):
    """The picker's question for nude images: it reloads the concern page with the answer (a GET)."""

    adult = forms.ChoiceField(
        label="Is an adult involved, or might one be?",
        help_text="An adult who sent, asked for or is sharing the image. If you do not know, an adult may be.",
        choices=[("unknown", "Not known"), ("yes", "Yes, or possibly"), ("no", "No")],
        widget=forms.RadioSelect,
        required=False,
    )

    def answer(self) -> bool | None:
        value = self.cleaned_data.get("adult") if self.is_valid() else ""
        return {"yes": True, "no": False}.get(value)


class ReferralForm(GovukForm):
    """A referral made: where to, when, what was shared, the lawful basis and why, and the reference."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    destination = forms.ModelChoiceField(
        queryset=Destination.objects.none(),
        label="Who did you refer it to?",
        error_messages={
            "required": "Choose who you referred it to",
            "invalid_choice": "Choose one of your organisation's referral contacts",
        },
    )
    made_on = DateField(
        label="Date you made the referral",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date you made the referral"},
    )
    made_at = forms.TimeField(
        input_formats=TIME_FORMATS,
        label="Time",
        help_text="On the 24-hour clock, for example 14:30",
        error_messages={
            "required": "Enter the time you made the referral",
            "invalid": "Enter a time like 14:30",
        },
    )
    shared = forms.CharField(
        label="What did you share?",
        help_text="Only what they needed: for example, what the young person posted, their first name and age, "
        "and what you have done. Say if you shared the post's web address.",
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what you shared"},
    )
    lawful_basis = forms.ChoiceField(
        label="The lawful basis for sharing",
        help_text="A child's safety comes first: you do not need consent to share where a child is at risk.",
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the lawful basis for sharing"},
    )
    reason = forms.CharField(
        label="Why did you refer it?",
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you referred it"},
    )
    reference = forms.CharField(
        label="Their reference (optional)",
        help_text="The reference number they gave you. You can add it later if it comes later.",
        max_length=limit(Referral, "reference"),
        required=False,
    )
    widths = {"made_at": 5, "reference": 20}

    def __init__(self, *args, destinations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["destination"]
        field.queryset = destinations
        field.label_from_instance = lambda d: f"{d.name} ({d.get_kind_display()})"
        self.fields["version"].error_messages["required"] = "Open the concern again and try again."

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("made_on"), cleaned.get("made_at")
        if day is not None and time is not None:
            when = timezone.make_aware(datetime.datetime.combine(day, time))
            if when > timezone.now():
                self.add_error("made_on", "The date and time of the referral must be in the past")
            cleaned["when"] = when
        return cleaned

    @classmethod
    def now(cls) -> dict:
        here = timezone.localtime()
        return {"made_on": here.date(), "made_at": here.strftime("%H:%M")}


class ReferenceForm(GovukForm):
    reference = forms.CharField(
        label="Their reference",
        help_text="The reference number the service gave for this referral. It cannot be changed once saved.",
        max_length=limit(Referral, "reference"),
        error_messages={"required": "Enter the reference they gave you"},
    )
    widths = {"reference": 20}


class OpenMediaForm(GovukForm):
    reason = forms.CharField(
        label="Why do you need to see it?",
        help_text="This goes into the concern's record with your name and the time, and the opening is audited.",
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you need to see the images or video"},
    )
