"""Accepting an invitation: a new person sets their name and password, then two-factor; someone who
already has a Harbour login (from another organisation) accepts by signing in."""

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from harbour.accounts import middleware, services
from harbour.accounts.access import NotAllowed
from harbour.accounts.forms import AcceptInvitationForm
from harbour.accounts.models import User
from harbour.lib.bidi import isolate


@never_cache
@sensitive_post_parameters()
def accept(request, token):
    invitation = services.find_invitation(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    existing = User.objects.filter(email=invitation.email).first()
    signed_in = request.user if request.user.is_authenticated else None
    context = {"invitation": invitation}
    if signed_in is not None and signed_in.email != invitation.email:
        return render(request, "accounts/invitation_wrong_person.html", context, status=403)
    if existing is not None:
        if signed_in is None:
            context["sign_in_url"] = reverse("accounts:login") + "?" + urlencode({"next": request.path})
            return render(request, "accounts/invitation_sign_in.html", context)
        if not signed_in.is_verified():
            return HttpResponseRedirect(
                reverse("accounts:two_factor") + "?" + urlencode({"next": request.path})
            )
        if request.method == "POST":
            try:
                services.accept_invitation_as_existing_user(invitation, user=signed_in, request=request)
            except NotAllowed as refusal:
                messages.error(request, str(refusal))
                return redirect("console:home")
            middleware.switch_organisation(request, invitation.organisation_id)
            messages.success(request, f"You have joined {isolate(invitation.organisation.name)}.")
            return redirect("console:home")
        return render(request, "accounts/invitation_join.html", context)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation_as_new_user(
                invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["new_password"],
                request=request,
            )
        except NotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("accounts:enrol")
    context["form"] = form
    return render(request, "accounts/invitation_accept.html", context)
