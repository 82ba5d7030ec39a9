"""The concern pages' forms: raising a concern by hand, a line of its record, closing and reopening it, and
the leads' list filter. Each turns what was typed into values for harbour/safeguarding/services.py, which
checks everything again; a hidden `version` carries the concern as the page showed it, so that a second
lead's change in the meantime is told (services.StaleConcern), not overwritten."""

import datetime

from django import forms
from django.utils import timezone

from harbour.forms import DateField, GovukForm
from harbour.rota.forms import TimeField
from harbour.safeguarding.models import (
    ABOUT_AN_ADULT,
    SUMMARY_LENGTH,
    TEXT_LENGTH,
    Category,
    EntryKind,
    Severity,
    Status,
)

# The kinds of line a lead writes on the record page; outcomes and reopening have their own pages.
WRITTEN_KINDS = [
    (kind.value, kind.label)
    for kind in (EntryKind.ACTION, EntryKind.DISCUSSION, EntryKind.DECISION, EntryKind.NOTE)
]


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(
            min_value=0, error_messages={"required": "Read the concern again, then try again"}, **kwargs
        )


class RaiseForm(GovukForm):
    category = forms.ChoiceField(
        choices=Category.choices,
        widget=forms.RadioSelect,
        label="What is the concern about?",
        error_messages={"required": "Choose what the concern is about"},
    )
    severity = forms.TypedChoiceField(
        choices=Severity.choices,
        coerce=int,
        widget=forms.RadioSelect,
        label="How serious is it?",
        help_text="High or critical: the safeguarding leads are told at once.",
        error_messages={"required": "Choose how serious it is"},
    )
    immediate_danger = forms.BooleanField(
        required=False,
        label="A child or young person is in immediate danger",
        help_text="Call 999 first. Tick this too, so that the leads see it first.",
    )
    summary = forms.CharField(
        max_length=SUMMARY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="What happened, in a few sentences",
        help_text="What you saw or were told, where and when, in the words used where you can. "
        "Do not copy or save any images.",
        error_messages={"required": "Enter a short summary of the concern"},
    )
    about_member = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Which member of staff or volunteer is it about? (optional)",
        help_text="Only for an allegation or a low-level concern about an adult. They will not see it.",
        error_messages={"invalid_choice": "Choose a member of this organisation"},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about_member"].queryset = members
        self.fields["about_member"].label_from_instance = lambda member: member.user.full_name
        self.fields["about_member"].empty_label = "Nobody named"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("about_member") is not None and cleaned.get("category") not in ABOUT_AN_ADULT:
            self.add_error(
                "about_member",
                "Name a member only for an allegation or a low-level concern about an adult",
            )
        return cleaned


class EntryForm(GovukForm):
    kind = forms.ChoiceField(
        choices=WRITTEN_KINDS,
        widget=forms.RadioSelect,
        label="What are you recording?",
        error_messages={"required": "Choose what you are recording"},
    )
    text = forms.CharField(
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="What happened",
        error_messages={"required": "Enter what happened"},
    )
    reason = forms.CharField(
        max_length=TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="The reason",
        help_text="Required for a decision: why it was made.",
    )
    happened_on = DateField(
        label="When it happened",
        help_text="For example, 27 3 2026. Today unless it happened earlier.",
        error_messages={"required": "Enter the date it happened"},
    )
    happened_at = TimeField(
        label="Time",
        help_text="On the 24-hour clock, for example 14:30",
        error_messages={"required": "Enter the time it happened", "invalid": "Enter a time like 14:30"},
    )
    version = VersionField()
    widths = {"happened_at": 5}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == EntryKind.DECISION and not str(cleaned.get("reason") or "").strip():
            self.add_error("reason", "Enter the reason for the decision")
        day, time = cleaned.get("happened_on"), cleaned.get("happened_at")
        if day is not None and time is not None:
            when = timezone.make_aware(datetime.datetime.combine(day, time))
            if when > timezone.now():
                self.add_error("happened_on", "The date and time cannot be in the future")
            cleaned["when"] = when
        return cleaned


class CloseForm(GovukForm):
    outcome = forms.CharField(
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="The outcome",
        help_text="What became of the concern: who is supporting the young person, what was decided.",
        error_messages={"required": "Enter the outcome"},
    )
    reason = forms.CharField(
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why this is the outcome",
        error_messages={"required": "Enter the reason for the outcome"},
    )
    version = VersionField()


class ReopenForm(GovukForm):
    reason = forms.CharField(
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why are you reopening it?",
        error_messages={"required": "Enter why you are reopening it"},
    )
    version = VersionField()


class FilterForm(GovukForm):
    status = forms.ChoiceField(choices=[("", "Any"), *Status.choices], required=False, label="Status")
    category = forms.ChoiceField(choices=[("", "Any"), *Category.choices], required=False, label="Category")
    severity = forms.TypedChoiceField(
        choices=[("", "Any"), *Severity.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label="Severity",
    )
    label_size = "s"
