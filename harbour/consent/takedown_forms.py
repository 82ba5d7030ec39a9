"""The takedowns' one form: confirming by hand that a post is down (harbour/consent/takedown_views.py)."""

from django import forms

from harbour.consent.models import NOTE_LENGTH
from harbour.forms import GovukForm


class ConfirmForm(GovukForm):
    note = forms.CharField(
        label="How and when did you take it down?",
        help_text="For example: 'Deleted in the app at 10:15 on Tuesday', or 'It was already gone when I looked'.",
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say how and when you took the post down."},
    )
