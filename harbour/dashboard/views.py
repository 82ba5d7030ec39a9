"""The manager's dashboard: one page of figures from the organisation's records (figures.py)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from harbour.accounts.access import member_required
from harbour.accounts.capabilities import Capability
from harbour.dashboard.figures import dashboard_for


@require_safe
@member_required(Capability.VIEW_DASHBOARD)
def index(request):
    return render(request, "dashboard/index.html", {"board": dashboard_for(request.membership)})
