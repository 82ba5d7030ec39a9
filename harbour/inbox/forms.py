from django import forms

from harbour.channels.models import Channel
from harbour.forms import GovukForm
from harbour.inbox.models import ItemCategory, ItemStatus
from harbour.inbox.templatetags.inbox import CATEGORY_LABELS

SEVERITY_CHOICES = [
    ("", "Any"),
    ("1", "1 (low) or higher"),
    ("2", "2 (medium) or higher"),
    ("3", "3 (high) or higher"),
    ("4", "4 (severe) only"),
]


class InboxFilterForm(GovukForm):
    """The inbox's filters, read from the query string. An unknown value is ignored, not an error page."""

    label_size = "s"

    channel = forms.ModelChoiceField(
        queryset=Channel.objects.none(), required=False, empty_label="All channels"
    )
    category = forms.ChoiceField(
        choices=[("", "All categories"), *sorted(CATEGORY_LABELS.items(), key=lambda c: c[1])], required=False
    )
    severity = forms.ChoiceField(label="Severity", choices=SEVERITY_CHOICES, required=False)
    status = forms.ChoiceField(choices=[("", "Any status"), *ItemStatus.choices], required=False)

    def __init__(self, data, *, organisation):
        super().__init__(data, auto_id="filter-%s")
        self.organisation = organisation
        self.fields["channel"].queryset = Channel.objects.for_org(organisation).order_by("name")

    def full_clean(self):
        # An unknown value (an old link, a channel no longer readable) is dropped rather than shown as an
        # error, so each box shows what the list is really filtered by.
        super().full_clean()
        if self.errors:
            data = self.data.copy()
            for name in self.errors:
                data.pop(name, None)
            self.data = data
            super().full_clean()

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
