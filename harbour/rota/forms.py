"""The rota's forms: a shift (who, which days, from and to) and the sign-off time."""

from django import forms

from harbour.forms import GovukForm
from harbour.rota.models import Weekday

TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]


class TimeField(forms.TimeField):
    """A time of day typed as 09:00 (or 9.00, 0900), on the 24-hour clock."""

    def __init__(self, **kwargs):
        super().__init__(input_formats=TIME_FORMATS, **kwargs)


class ShiftForm(GovukForm):
    member = forms.ModelChoiceField(
        queryset=None,
        label="Moderator",
        help_text="The channel's moderators and owners whose role lets them moderate.",
        error_messages={
            "required": "Choose who covers these hours",
            "invalid_choice": "Choose who covers these hours",
        },
    )
    days = forms.TypedMultipleChoiceField(
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        label="Days",
        error_messages={"required": "Choose at least one day"},
    )
    starts = TimeField(
        label="From",
        help_text="On the 24-hour clock, for example 09:00",
        error_messages={"required": "Enter the time the shift starts", "invalid": "Enter a time like 09:00"},
    )
    ends = TimeField(
        label="To",
        help_text="For example 17:00. A time before the start means the shift runs past midnight.",
        error_messages={"required": "Enter the time the shift ends", "invalid": "Enter a time like 17:00"},
    )
    widths = {"starts": 5, "ends": 5}

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda member: member.user.full_name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts") is not None and cleaned.get("starts") == cleaned.get("ends"):
            self.add_error("ends", "Enter an end time different from the start time")
        return cleaned


class SignOffTimeForm(GovukForm):
    sign_off_by = TimeField(
        label="Sign off by",
        help_text="If nobody on the rota has signed off the channel's queue by this time on a day the rota "
        "covers, its managers are alerted. For example 20:00",
        error_messages={"required": "Enter a time like 20:00", "invalid": "Enter a time like 20:00"},
    )
    widths = {"sign_off_by": 5}
