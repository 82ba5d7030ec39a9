from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from harbour.accounts import two_factor
from harbour.accounts.training import member_training
from harbour.console.panels import panels_for


@require_safe
@login_required
def home(request):
    """The dashboard: who you are here, what you must do before you can work, and each area's panel."""
    membership = request.membership
    context = {
        "authenticator": two_factor.authenticator_for(request.user),
        "backup_codes_left": two_factor.backup_codes_left(request.user),
    }
    if membership is not None:
        context["training"] = member_training(membership)
        context["panels"] = panels_for(request)
    return render(request, "console/home.html", context)
