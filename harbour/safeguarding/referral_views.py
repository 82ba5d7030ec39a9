"""The referral pages, for safeguarding leads: the organisation's referral contacts (list, add, change,
retire, and the Derby and Derbyshire starter set), recording a referral from the picker and its reference,
and opening a post's withheld media on the platform with a reason.

The concern is looked up as the concern pages do (views._concern: a 404 for one the member may not read,
whatever the reason). Pages that show what a concern says need a recent two-factor check. The services
(services.record_referral, add_reference, record_media_opened; destinations.py) check everything again.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from harbour.accounts.access import NotAllowed, get_object_for_org, member_required, recent_two_factor
from harbour.accounts.capabilities import Capability
from harbour.inbox.templatetags.inbox import web_link
from harbour.lib.bidi import isolate
from harbour.safeguarding import destinations as contacts
from harbour.safeguarding import services
from harbour.safeguarding.models import Destination, DestinationKind, Evidence, Referral
from harbour.safeguarding.referral_forms import (
    DestinationForm,
    OpenMediaForm,
    ReferenceForm,
    ReferralForm,
)
from harbour.safeguarding.views import REFUSED, _concern, _stale

# The referral contacts


@member_required(Capability.HANDLE_CONCERNS)
def destinations(request):
    everyone = list(Destination.objects.for_org(request.organisation))
    return render(
        request,
        "safeguarding/destinations.html",
        {
            "active": [d for d in everyone if d.active],
            "retired": [d for d in everyone if not d.active],
            "starters": contacts.missing_starters(request.organisation.pk),
        },
    )


@member_required(Capability.HANDLE_CONCERNS)
def destination_form(request, pk=None):
    destination = get_object_for_org(Destination.objects.all(), request, pk=pk) if pk else None
    initial = {}
    if destination is None and request.GET.get("kind") in DestinationKind.values:
        initial["kind"] = request.GET["kind"]  # from the picker's "add one" link
    form = DestinationForm(request.POST or None, instance=destination, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if destination is None:
                saved = contacts.add_destination(request.organisation, by=request.membership, **form.values())
            else:
                saved = contacts.change_destination(destination, by=request.membership, **form.values())
        except (NotAllowed, ValueError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{isolate(saved.name)} is saved.")
            return redirect("safeguarding:destinations")
    return render(
        request,
        "safeguarding/destinations_form.html",
        {"form": form, "destination": destination},
        status=400 if form.errors else 200,
    )


@require_POST
@member_required(Capability.HANDLE_CONCERNS)
def destination_active(request, pk):
    destination = get_object_for_org(Destination.objects.all(), request, pk=pk)
    active = request.POST.get("active") == "1"
    contacts.set_destination_active(destination, active, by=request.membership)
    if active:
        messages.success(request, f"{isolate(destination.name)} is offered for referrals again.")
    else:
        messages.success(
            request, f"{isolate(destination.name)} is retired: referrals already made to it keep its name."
        )
    return redirect("safeguarding:destinations")


@require_POST
@member_required(Capability.HANDLE_CONCERNS)
def destination_starters(request):
    added = contacts.add_derby_and_derbyshire(request.organisation, by=request.membership)
    if added:
        messages.success(
            request,
            f"{added} Derby and Derbyshire contacts have been added. Check each one, and confirm the numbers "
            "marked “to confirm”, before you rely on them.",
        )
    return redirect("safeguarding:destinations")


# Recording a referral


@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def refer(request, pk):
    concern = _concern(request, pk)
    offered = contacts.active_destinations(concern.organisation_id)
    chosen = request.GET.get("destination", "")
    initial = {**ReferralForm.now(), "version": concern.version, "lawful_basis": "safeguarding"}
    if chosen.isdigit() and offered.filter(pk=chosen).exists():
        initial["destination"] = int(chosen)
    form = ReferralForm(request.POST or None, initial=initial, destinations=offered)
    form.concern_pk = concern.pk
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.record_referral(
                concern,
                by=request.membership,
                version=data["version"],
                destination=data["destination"],
                made_at=data["when"],
                shared=data["shared"],
                lawful_basis=data["lawful_basis"],
                reason=data["reason"],
                reference=data["reference"],
            )
        except REFUSED as exc:
            _stale(form, exc)
        else:
            messages.success(request, f"The referral to {isolate(referral.destination_name)} is recorded.")
            return redirect(f"{_concern_url(concern.pk)}#referrals")
    return render(
        request,
        "safeguarding/referral_form.html",
        {"concern": concern, "form": form, "has_destinations": offered.exists()},
        status=400 if form.errors else 200,
    )


def _concern_url(pk: int) -> str:
    return reverse("safeguarding:concern", kwargs={"pk": pk})


@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def add_reference(request, pk, referral_pk):
    concern = _concern(request, pk)
    referral = Referral.objects.filter(pk=referral_pk, concern=concern).first()
    if referral is None:
        raise Http404("No referral here")
    form = ReferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_reference(referral, by=request.membership, reference=form.cleaned_data["reference"])
        except REFUSED as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"The reference from {isolate(referral.destination_name)} is saved.")
            return redirect(f"{_concern_url(concern.pk)}#referrals")
    return render(
        request,
        "safeguarding/referral_form.html",
        {"concern": concern, "referral": referral, "form": form, "adding_reference": True},
        status=400 if form.errors else 200,
    )


# Opening media on the platform


@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def open_media(request, pk, evidence_pk):
    """Only a lead, with a reason recorded first (docs/safeguarding.md rule 7); then the post's own link on
    the platform. Harbour never fetches, proxies or copies the media: the lead's browser opens the platform."""
    concern = _concern(request, pk)
    evidence = Evidence.objects.filter(pk=evidence_pk, concern=concern).first()
    if evidence is None or not services.withheld_media(evidence):
        raise Http404("No media here")
    post = evidence.snapshot.get("item") or {}
    form = OpenMediaForm(request.POST or None)
    opened = None
    if request.method == "POST" and form.is_valid():
        try:
            opened = services.record_media_opened(
                evidence, by=request.membership, reason=form.cleaned_data["reason"]
            )
        except REFUSED as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "safeguarding/media.html",
        {
            "concern": concern,
            "evidence": evidence,
            "withheld": services.withheld_media(evidence),
            "post_url": web_link(post.get("url")),
            "form": form,
            "opened": opened,
        },
        status=400 if form.errors else 200,
    )
