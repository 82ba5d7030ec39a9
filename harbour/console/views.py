from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from harbour.accounts.models import Role
from harbour.channels.services import overdue_privacy_reviews


@login_required
def home(request):
    context = {}
    membership = getattr(request, "membership", None)
    if membership is not None and membership.role == Role.MANAGER:
        context["overdue_privacy_reviews"] = overdue_privacy_reviews(request.organisation)
    return render(request, "console/home.html", context)
