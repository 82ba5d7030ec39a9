"""The data protection pages' forms (GOV.UK forms layer, harbour/forms.py)."""

from django import forms

from harbour.consent.models import Person
from harbour.forms import DateField, GovukForm
from harbour.privacy import retention
from harbour.privacy.models import REASON_LENGTH, REQUESTER_LENGTH, Exemption, Unit


def _reason(label: str, required: str) -> forms.CharField:
    return forms.CharField(
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=label,
        error_messages={
            "required": required,
            "max_length": f"Keep it to {REASON_LENGTH:,} characters or fewer",
        },
    )


class RuleForm(GovukForm):
    period = forms.IntegerField(
        min_value=1,
        max_value=retention.MAX_MONTHS,
        label="How long are they kept?",
        error_messages={
            "required": "Enter how long they are kept",
            "invalid": "Enter how long as a whole number",
            "min_value": "Enter 1 or more",
            "max_value": f"Enter {retention.MAX_MONTHS} or fewer",
        },
    )
    unit = forms.ChoiceField(
        choices=Unit.choices,
        widget=forms.RadioSelect,
        label="Months or years",
        error_messages={"required": "Choose months or years"},
    )
    counts_from = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Counted from",
        error_messages={"required": "Choose what the period counts from"},
    )
    widths = {"period": 3}

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counts_from"].choices = [(c.value, c.label) for c in retention.ALLOWED[kind]]


class KeepForm(GovukForm):
    months = forms.IntegerField(
        min_value=1,
        max_value=retention.KEEP_MORE_MAX_MONTHS,
        label="Keep it for how many more months?",
        error_messages={
            "required": "Enter how many more months to keep it",
            "invalid": "Enter the months as a whole number",
            "min_value": "Enter 1 or more",
            "max_value": f"Enter {retention.KEEP_MORE_MAX_MONTHS} or fewer",
        },
    )
    reason = _reason("Why is it kept?", "Enter why it is kept")
    widths = {"months": 3}


class DestroyForm(GovukForm):
    reason = _reason("Why can it be destroyed?", "Enter why it can be destroyed")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, person: Person) -> str:
        return f"{person.full_name} ({person.get_kind_display().split(' (')[0].lower()})"


class RequestForm(GovukForm):
    """Who the request is about, who made it and when it came."""

    person = PersonChoice(
        queryset=Person.objects.none(),
        label="Who is it about?",
        help_text="Someone in the consent register.",
        empty_label="Choose a person",
        error_messages={
            "required": "Choose who it is about",
            "invalid_choice": "Choose a person from the list",
        },
    )
    requester = forms.CharField(
        max_length=REQUESTER_LENGTH,
        label="Who made the request?",
        help_text="For example, \u201cthe young person themself\u201d or \u201ctheir mother\u201d. Check who they are first.",
        error_messages={
            "required": "Enter who made the request",
            "max_length": "Keep it to 200 characters or fewer",
        },
    )
    received_on = DateField(label="When was it received?", help_text="For example, 27 3 2026")

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            organisation=organisation, erased_at__isnull=True
        )


class ErasureForm(RequestForm):
    confirm = forms.BooleanField(
        label="I have checked who is asking and that this cannot be undone",
        error_messages={"required": "Confirm you have checked who is asking"},
    )


class WithholdForm(GovukForm):
    exemption = forms.ChoiceField(
        choices=Exemption.choices,
        widget=forms.RadioSelect,
        label="Which exemption applies?",
        error_messages={"required": "Choose the exemption that applies"},
    )
    note = forms.CharField(
        required=False,
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note (optional)",
        help_text="Why it applies. Only safeguarding leads and managers read this.",
    )


class SentForm(GovukForm):
    sent_on = DateField(label="When was it sent to them?", help_text="For example, 27 3 2026")
