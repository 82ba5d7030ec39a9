from django import forms

from harbour.forms import GovukForm
from harbour.moderation.models import ActionKind
from harbour.moderation.services import BULK_KINDS, NOTE_LENGTH

# What each action that needs words asks for, and what its button says.
ASKS = {
    ActionKind.REPLY: ("text", "Your reply", "Screened before it is sent, then posted as the organisation."),
    ActionKind.NOTE: ("text", "Note", "For the organisation's moderators only: it is never sent."),
    ActionKind.REPORT: ("reason", "Why you are reporting this", "Sent to the platform's moderators."),
    ActionKind.ESCALATE: ("reason", "What worries you (optional)", "For the safeguarding lead."),
}


class ActForm(GovukForm):
    """One action on one item: the kind, the item's version the moderator saw, and what the kind needs."""

    kind = forms.ChoiceField(choices=ActionKind.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    text = forms.CharField(required=False, strip=True, widget=forms.Textarea(attrs={"rows": 5}))
    reason = forms.CharField(
        required=False, strip=True, max_length=NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    to = forms.ChoiceField(label="Assign to", required=False, choices=[])
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [("", "Nobody"), *((str(m.pk), str(m.user)) for m in members)]
        self.fields["kind"].error_messages["invalid_choice"] = "Choose an action Harbour knows."
        self.fields["version"].error_messages["required"] = "Reload the item and try again."

    def label_for(self, kind: str) -> None:
        """Label the box the kind asks for in its own words; only assigning reads `to` (the item page's
        one form sends it with every button, for "Assign to me")."""
        if kind != ActionKind.ASSIGN:
            del self.fields["to"]
        if kind in ASKS:
            name, label, hint = ASKS[ActionKind(kind)]
            self.fields[name].label = label
            self.fields[name].help_text = hint


class BulkForm(GovukForm):
    """A bulk action: the items are read from the request (`items`, each an item id); this is the rest."""

    kind = forms.ChoiceField(
        choices=[*((k.value, k.label) for k in BULK_KINDS), ("assign_me", "Assign to me")]
    )
    to = forms.IntegerField(required=False, min_value=1)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data):
        super().__init__(data)
        self.fields["kind"].error_messages["invalid_choice"] = "Choose mark done, assign or hide."
