from django import forms

from harbour.audit.models import AuditEvent


class AuditFilterForm(forms.Form):
    """Narrow the log to one kind of event or one person. The choices come from this organisation's
    own events, so the lists never name anyone or anything from another organisation."""

    action = forms.ChoiceField(label="Event", required=False)
    person = forms.TypedChoiceField(label="Person", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        events = AuditEvent.objects.for_org(organisation).order_by()
        actions = sorted(events.values_list("action", flat=True).distinct())
        self.fields["action"].choices = [("", "All events")] + [(a, describe(a)) for a in actions]
        people = dict(events.exclude(actor_id=None).values_list("actor_id", "actor_label").distinct())
        self.fields["person"].choices = [("", "Everyone")] + sorted(
            ((pk, label) for pk, label in people.items()), key=lambda choice: choice[1].lower()
        )
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"


def describe(action: str) -> str:
    """'channel.approved' -> 'Channel approved': readable enough, and the exact name is in the export."""
    words = action.replace(".", " ").replace("_", " ")
    return words[:1].upper() + words[1:]
