"""The planning pages' forms (the GOV.UK forms layer, harbour/forms.py). They check what a person typed;
the services check everything again."""

import datetime

from django import forms

from harbour.forms import DateField, GovukForm, limit
from harbour.planning.models import EngagementPlan, Policy, PolicyKind, Resource


def _text(name, label, hint, rows=3, words=None):
    most = limit(EngagementPlan, name)
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=most,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter {words or label.lower()}",
            "max_length": f"{label} must be {most:,} characters or fewer",
        },
    )


def _review_date(hint):
    return DateField(
        label="Review date",
        help_text=hint,
        error_messages={"required": "Enter the review date"},
    )


class PlanForm(GovukForm):
    aims = _text("aims", "Aims", "What you want to achieve, in a sentence or two.", words="the aims")
    objectives = _text(
        "objectives", "Objectives", "One a line: what will have happened, and by when.", 5, "the objectives"
    )
    audience = _text(
        "audience",
        "Who it is for",
        "The young people you want to reach: ages, places, groups.",
        words="who it is for",
    )
    success_measures = _text(
        "success_measures",
        "How success is measured",
        "What you will count or ask, and how often you look at it.",
        words="how success is measured",
    )
    review_date = _review_date("When the plan will be looked at again, for example 6 3 2027.")

    def clean_review_date(self):
        value = self.cleaned_data["review_date"]
        if value and value < datetime.date.today():
            raise forms.ValidationError("The review date must be today or in the future")
        return value


class ResourceForm(GovukForm):
    widths = {"hours_per_week": 4}

    who = forms.CharField(
        label="Who",
        help_text="A person or a role, for example 'Youth worker (Priya)'.",
        max_length=limit(Resource, "who"),
        error_messages={
            "required": "Enter who will do the work",
            "max_length": f"Who must be {limit(Resource, 'who'):,} characters or fewer",
        },
    )
    hours_per_week = forms.DecimalField(
        label="Hours a week",
        help_text="For example 6 or 2.5.",
        min_value=0.1,
        max_value=168,
        decimal_places=1,
        error_messages={
            "required": "Enter the hours a week",
            "invalid": "Enter the hours a week as a number, like 6 or 2.5",
            "min_value": "The hours a week must be more than 0",
            "max_value": "The hours a week must be 168 or fewer",
            "max_decimal_places": "Give the hours to one decimal place, like 2.5",
        },
    )


class PolicyForm(GovukForm):
    kind = forms.ChoiceField(
        label="Which policy is it?",
        choices=[("", "Choose a policy"), *PolicyKind.choices],
        error_messages={"required": "Choose which policy this is"},
    )
    title = forms.CharField(
        label="Title",
        help_text="As the document calls itself, for example 'Safeguarding children and young people policy'.",
        max_length=limit(Policy, "title"),
        error_messages={
            "required": "Enter the policy's title",
            "max_length": f"The title must be {limit(Policy, 'title'):,} characters or fewer",
        },
    )
    url = forms.URLField(
        label="Link to the policy",
        help_text="Where staff read it, starting with https://. Leave empty if you upload the document.",
        required=False,
        assume_scheme="https",
        max_length=limit(Policy, "url"),
        widget=forms.URLInput(attrs={"spellcheck": "false"}),
        error_messages={
            "invalid": "Enter the address in full, like https://www.example.org/safeguarding",
            "max_length": f"The address must be {limit(Policy, 'url'):,} characters or fewer",
        },
    )
    document = forms.FileField(
        label="Or upload the document",
        help_text="A PDF or a Word document (.docx), up to 10 MB. It is kept private to your organisation.",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    review_date = _review_date("When the policy is next due for review, for example 1 4 2027.")

    def __init__(self, *args, has_document=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_document = has_document
        self.fields["document"].max_length = None  # the stored name is generated; a long name is kept as text
        if has_document:
            self.fields["document"].label = "Replace the document"
            self.fields[
                "document"
            ].help_text = (
                "Leave empty to keep the current document. A PDF or a Word document (.docx), up to 10 MB."
            )

    def clean_url(self):
        url = self.cleaned_data["url"]
        if url and not url.lower().startswith("https://"):
            raise forms.ValidationError("Enter an address starting with https://")
        return url

    def clean(self):
        data = super().clean()
        url, document = data.get("url"), data.get("document")
        if "url" in self.errors or "document" in self.errors:
            return data
        if url and document:
            self.add_error("url", "Give a link or upload the document, not both")
        elif not url and not document and not self.has_document:
            self.add_error("url", "Give a link to the policy or upload the document")
        return data
