from django import forms

from harbour.channels.models import Channel
from harbour.inbox.models import ItemCategory, ItemStatus
from harbour.inbox.templatetags.inbox import CATEGORY_LABELS

SEVERITY_CHOICES = [
    ("", "Any"),
    ("1", "1 (low) or higher"),
    ("2", "2 (medium) or higher"),
    ("3", "3 (high) or higher"),
    ("4", "4 (severe) only"),
]


class InboxFilterForm(forms.Form):
    """The inbox's filters, read from the query string. An unknown value is ignored, not an error page."""

    channel = forms.ModelChoiceField(queryset=Channel.objects.none(), required=False, empty_label="All channels")
    category = forms.ChoiceField(
        choices=[("", "All categories"), *sorted(CATEGORY_LABELS.items(), key=lambda c: c[1])], required=False
    )
    severity = forms.ChoiceField(label="Severity", choices=SEVERITY_CHOICES, required=False)
    status = forms.ChoiceField(choices=[("", "Any status"), *ItemStatus.choices], required=False)

    def __init__(self, data, *, organisation):
        super().__init__(data)
        self.organisation = organisation
        self.fields["channel"].queryset = Channel.objects.for_org(organisation).order_by("name")
        for name, field in self.fields.items():
            field.widget.attrs.update({"class": "govuk-select", "id": f"filter-{name}"})

    def filter(self, items):
        """items narrowed by every valid filter; invalid ones are dropped."""
        self.is_valid()
        values = getattr(self, "cleaned_data", {})
        if values.get("channel"):
            items = items.filter(channel=values["channel"])
        if values.get("category"):
            # Through the (organisation, category, item) index rather than the verdict's JSON.
            flagged = ItemCategory.objects.for_org(self.organisation).filter(category=values["category"])
            items = items.filter(pk__in=flagged.values("item_id"))
        if values.get("severity"):
            items = items.filter(severity__gte=int(values["severity"]))
        if values.get("status"):
            items = items.filter(status=values["status"])
        return items
