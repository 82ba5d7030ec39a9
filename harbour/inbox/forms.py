from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils.http import urlencode

from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.channels.models import Channel
from harbour.forms import GovukForm
from harbour.inbox.models import Author, ItemCategory, ItemKind, ItemStatus
from harbour.inbox.templatetags.inbox import CATEGORY_LABELS
from harbour.screening.verdict import Category

SEVERITY_CHOICES = [
    ("", "Any"),
    ("1", "1 (low) or higher"),
    ("2", "2 (medium) or higher"),
    ("3", "3 (high) or higher"),
    ("4", "4 (severe) only"),
]

# Found only in the organisation's own drafts (their detectors screen outgoing text only), so never in an
# inbox of incoming messages. tests/inbox/test_inbox_queues.py checks this against the detectors.
OUTGOING_ONLY = frozenset({Category.READABILITY, Category.LEADING_QUESTION, Category.LIBEL_RISK})
INBOX_CATEGORIES = sorted(
    ((key, label) for key, label in CATEGORY_LABELS.items() if key not in OUTGOING_ONLY), key=lambda c: c[1]
)
NOBODY = "nobody"
MAX_SEARCH = 200


class InboxFilterForm(GovukForm):
    """The inbox's filters, read from the query string. An unknown value is ignored, not an error page."""

    label_size = "s"

    q = forms.CharField(label="Text contains", max_length=MAX_SEARCH, required=False, strip=True)
    author = forms.CharField(
        label="Author", help_text="Handle or name", max_length=MAX_SEARCH, required=False, strip=True
    )
    channel = forms.ModelChoiceField(
        queryset=Channel.objects.none(), required=False, empty_label="All channels"
    )
    category = forms.ChoiceField(choices=[("", "All categories"), *INBOX_CATEGORIES], required=False)
    severity = forms.ChoiceField(label="Severity", choices=SEVERITY_CHOICES, required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("", "Any kind"), *ItemKind.choices], required=False)
    status = forms.ChoiceField(choices=[("", "Any status"), *ItemStatus.choices], required=False)
    assignee = forms.ChoiceField(label="Assigned to", choices=[], required=False)

    def __init__(self, data, *, organisation):
        super().__init__(data, auto_id="filter-%s")
        self.organisation = organisation
        self.fields["channel"].queryset = Channel.objects.for_org(organisation).order_by("name")
        # Items are assigned to those who moderate (harbour/moderation), so these are the choices.
        members = (
            Membership.objects.filter(organisation=organisation)
            .active()
            .able_to(Capability.MODERATE)
            .select_related("user")
            .order_by("user__full_name", "user__email")
        )
        self.fields["assignee"].choices = [
            ("", "Anyone or nobody"),
            (NOBODY, "Nobody"),
            *((str(m.pk), str(m.user)) for m in members),
        ]

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

    def narrows(self) -> bool:
        """Whether any valid filter is set."""
        self.is_valid()
        return any(getattr(self, "cleaned_data", {}).values())

    def filter(self, items):
        """items narrowed by every valid filter; invalid ones are dropped."""
        self.is_valid()
        values = getattr(self, "cleaned_data", {})
        if values.get("q"):
            items = items.filter(text__icontains=values["q"])
        if values.get("author"):
            name = values["author"].lstrip("@")
            authors = Author.objects.filter(organisation=self.organisation).filter(
                Q(handle__icontains=name) | Q(display_name__icontains=name)
            )
            items = items.filter(author_id__in=authors.values("pk"))
        if values.get("channel"):
            items = items.filter(channel=values["channel"])
        if values.get("category"):
            # Through the (organisation, category, item) index rather than the verdict's JSON.
            flagged = ItemCategory.objects.for_org(self.organisation).filter(category=values["category"])
            items = items.filter(pk__in=flagged.values("item_id"))
        if values.get("severity"):
            items = items.filter(severity__gte=int(values["severity"]))
        if values.get("kind"):
            items = items.filter(kind=values["kind"])
        if values.get("status"):
            items = items.filter(status=values["status"])
        if values.get("assignee") == NOBODY:
            items = items.filter(assigned_to__isnull=True)
        elif values.get("assignee"):
            items = items.filter(assigned_to_id=int(values["assignee"]))
        return items


# The query string keys the inbox understands: the only ones carried to an item and back.
LIST_KEYS = ("queue", *InboxFilterForm.base_fields, "page")


def list_query(data: QueryDict, *, leave_out=()) -> str:
    """The inbox's own filters from a query string, re-encoded: what goes to an item page and back to
    the list. Anything else (a `next`, a script) is dropped, so the back link can only lead to the list."""
    return urlencode(
        [(key, data[key][:MAX_SEARCH]) for key in LIST_KEYS if key not in leave_out and data.get(key)]
    )


class BulkBarForm(GovukForm):
    """The bulk bar's choice of member, posted with the ticked items to moderation:bulk (whose BulkForm
    reads it): rendered by the layer, never submitted to the inbox."""

    label_size = "s"

    to = forms.ChoiceField(label="Assign to", required=False, choices=[])

    def __init__(self, *, members):
        super().__init__(auto_id="bulk-%s")
        self.fields["to"].choices = members


class ShortcutsForm(GovukForm):
    """The keyboard shortcuts' switch in their help dialog: harbour/static/inbox.js keeps the choice in
    this browser's localStorage, so it is never submitted."""

    on = forms.BooleanField(label="Use keyboard shortcuts in this browser", required=False)

    def __init__(self):
        super().__init__(auto_id="shortcuts-%s")
