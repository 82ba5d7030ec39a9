"""The code of conduct (guidance 3.7): every member acknowledges the current version; managers change it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from harbour.accounts import conduct, services
from harbour.accounts.access import NotAllowed, member_required
from harbour.accounts.capabilities import Capability
from harbour.accounts.forms import AcknowledgeForm, CodeOfConductForm
from harbour.accounts.models import CodeOfConduct, ConductAcknowledgement
from harbour.accounts.views.sign_in import safe_next
from harbour.lib.bidi import isolate


@member_required()
@never_cache
def acknowledge(request):
    membership = request.membership
    code = conduct.current_code(request.organisation)
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if code.pk and ConductAcknowledgement.objects.filter(membership=membership, code=code).exists():
        return redirect(next_url or "console:home")
    form = AcknowledgeForm(request.POST or None, initial={"version": code.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.acknowledge_code_of_conduct(membership, form.cleaned_data["version"], request=request)
        except NotAllowed as refusal:
            messages.info(request, str(refusal))
            return redirect(request.get_full_path())
        return redirect(next_url or "console:home")
    changed = ConductAcknowledgement.objects.filter(membership=membership).exists()
    context = {"form": form, "code": code, "changed": changed, "next": next_url}
    return render(request, "accounts/conduct_acknowledge.html", context)


@member_required()
def read(request):
    code = conduct.current_code(request.organisation)
    history = CodeOfConduct.objects.filter(organisation=request.organisation).select_related("created_by")
    return render(request, "accounts/conduct.html", {"code": code, "history": history})


@member_required(Capability.EDIT_ORGANISATION)
def edit(request):
    code = conduct.current_code(request.organisation)
    form = CodeOfConductForm(request.POST or None, initial={"text": code.text})
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"].strip()
        if text == code.text.strip():
            form.add_error("text", "The text has not changed. Change it, or go back without saving")
        else:
            new = services.publish_code_of_conduct(
                request.organisation, text, by=request.membership, request=request
            )
            messages.success(
                request,
                f"Version {new.version} is published. Everyone must acknowledge it before using {isolate(request.organisation.name)} again.",
            )
            return redirect("accounts:conduct")
    next_version = code.version + 1 if code.pk else 1
    return render(
        request, "accounts/conduct_edit.html", {"form": form, "code": code, "next_version": next_version}
    )
