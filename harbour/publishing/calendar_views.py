"""The publishing calendar's page: /publishing/calendar/?view=week|month&start=YYYY-MM-DD&channel=<id>
(harbour/publishing/calendar.py builds it). Read-only; anything unknown in the query string is ignored."""

import datetime

from django import forms
from django.shortcuts import render
from django.utils import timezone

from harbour.accounts.access import member_required
from harbour.accounts.capabilities import Capability
from harbour.forms import GovukForm
from harbour.publishing import calendar

# A start outside these (a typed link) would run off the calendar: today instead.
EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(2999, 12, 1)


class CalendarForm(GovukForm):
    """The calendar's choices, read from the query string. An unknown value is dropped (an old link, another
    organisation's channel), so the boxes show what the page really shows."""

    label_size = "s"

    view = forms.ChoiceField(label="View", choices=calendar.VIEWS, required=False)
    channel = forms.ModelChoiceField(
        label="Channel", queryset=calendar.Channel.objects.none(), required=False, empty_label="All channels"
    )
    start = forms.DateField(widget=forms.HiddenInput, required=False, input_formats=["%Y-%m-%d"])

    def __init__(self, data, *, organisation):
        super().__init__(data, auto_id="calendar-%s")
        self.fields["channel"].queryset = calendar.channels_of(organisation)

    def full_clean(self):
        super().full_clean()
        if self.errors:
            data = self.data.copy()
            for name in self.errors:
                data.pop(name, None)
            self.data = data
            super().full_clean()

    def choices(self) -> tuple[str, datetime.date, "calendar.Channel | None"]:
        self.is_valid()
        values = self.cleaned_data
        start = values.get("start")
        if start is None or not EARLIEST <= start <= LATEST:
            start = timezone.localdate()
        return values.get("view") or calendar.WEEK, start, values.get("channel")


@member_required(Capability.VIEW_PUBLISHING)
def calendar_page(request):
    form = CalendarForm(request.GET, organisation=request.organisation)
    view, start, channel = form.choices()
    built = calendar.build(request.organisation, view=view, start=start, channel=channel)
    return render(
        request,
        "publishing/calendar.html",
        {
            "calendar": built,
            "form": form,
            "channel_id": channel.pk if channel else "",
            "today": timezone.localdate(),
        },
    )
