from django import forms

from harbour.audit.events import AuditEventType
from harbour.audit.models import AuditEvent
from harbour.forms import GovukForm


class AuditFilterForm(GovukForm):
    """Narrow the log to one kind of event or one person. The events are every declared type; the people
    come from this organisation's own events, so the list never names anyone from another organisation."""

    action = forms.ChoiceField(label="Event", required=False)
    person = forms.TypedChoiceField(label="Person", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        events = AuditEvent.objects.for_org(organisation).order_by()
        self.fields["action"].choices = [("", "All events")] + sorted(
            AuditEventType.choices, key=lambda c: c[1]
        )
        people = dict(events.exclude(actor_id=None).values_list("actor_id", "actor_label").distinct())
        self.fields["person"].choices = [("", "Everyone")] + sorted(
            ((pk, label) for pk, label in people.items()), key=lambda choice: choice[1].lower()
        )
