"""The response-times page: per channel the member reads, per week, how quickly messages that needed a
reply were answered, and how many are overdue now (harbour/responses/times.py)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from harbour.accounts.access import member_required
from harbour.accounts.capabilities import Capability
from harbour.responses.chart import chart
from harbour.responses.times import WEEKS, describe, response_times


@require_safe
@member_required(Capability.VIEW_INBOX)
def index(request):
    rows = []
    for times in response_times(request.membership):
        rows.append(
            {
                "times": times,
                "chart": chart(times),
                "promised": describe(times.promised),
                "median": describe(times.median),
                "p90": describe(times.p90),
                "weeks": [
                    {"week": week, "median": describe(week.median), "p90": describe(week.p90)}
                    for week in reversed(times.weeks)  # the table reads newest first
                ],
            }
        )
    return render(request, "responses/index.html", {"rows": rows, "weeks": WEEKS})
