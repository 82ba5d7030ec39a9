"""The retention pages (harbour/safeguarding/retention.py does the work): the leads' review of what is due,
the organisation's rule (a lead or a manager sets it), a concern's review (keep it, or destroy it: two leads)
and its legal hold.

As on the other concern pages, a concern this member may not read is a 404 whatever the reason, and the
pages that name concerns need a recent two-factor check. The review page shows a concern's number, category
and dates, never what it says: the lead reads the concern itself (linked) before deciding.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from harbour.accounts.access import NotAllowed, get_object_for_org, member_required, recent_two_factor
from harbour.accounts.capabilities import Capability
from harbour.forms import GovukForm
from harbour.safeguarding import access, retention
from harbour.safeguarding.models import TEXT_LENGTH, Concern, DestroyedConcern, RetentionBasis

REFUSED = (NotAllowed, ValueError)


def _reason(label: str, required: str) -> forms.CharField:
    return forms.CharField(
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=label,
        error_messages={"required": required},
    )


class RuleForm(GovukForm):
    basis = forms.ChoiceField(
        choices=RetentionBasis.choices,
        widget=forms.RadioSelect,
        label="What does the retention period count from?",
        help_text="Schools keep child protection files until the young person is 25. Other organisations "
        "usually count from when the concern was closed.",
        error_messages={"required": "Choose what the retention period counts from"},
    )
    years_after_birth = forms.IntegerField(
        min_value=1,
        max_value=retention.MAX_YEARS,
        label="Years after the young person's date of birth",
        error_messages={"required": "Enter the years after the date of birth"},
    )
    years_after_closing = forms.IntegerField(
        min_value=1,
        max_value=retention.MAX_YEARS,
        label="Years after the concern was closed",
        help_text="Also used where no date of birth is on record.",
        error_messages={"required": "Enter the years after closing"},
    )
    widths = {"years_after_birth": 3, "years_after_closing": 3}


class KeepForm(GovukForm):
    years = forms.IntegerField(
        min_value=1,
        max_value=retention.KEEP_MORE_MAX,
        label="Keep it for how many more years?",
        error_messages={"required": "Enter how many more years to keep it"},
    )
    reason = _reason("Why is it kept?", "Enter why it is kept")
    widths = {"years": 3}


class DestroyForm(GovukForm):
    reason = _reason("Why can it be destroyed?", "Enter why it can be destroyed")


class HoldForm(GovukForm):
    reason = _reason("Why?", "Enter the reason")


def _concern(request, pk) -> Concern:
    concern = get_object_for_org(Concern.objects.select_related("young_person"), request, pk=pk)
    if not access.can_read(request.membership, concern):
        raise Http404("No concern here")
    return concern


@require_safe
@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def index(request):
    """What is due for review, what is on hold, and what was destroyed (the tombstones)."""
    membership = request.membership
    due = [c for c in retention.due_for_review(request.organisation.pk) if access.can_read(membership, c)]
    held = access.readable_concerns(membership).filter(held_at__isnull=False).order_by("held_at", "pk")
    destroyed = DestroyedConcern.objects.filter(organisation=request.organisation).select_related(
        "requested_by__user", "destroyed_by__user"
    )
    return render(
        request,
        "safeguarding/retention.html",
        {
            "rule": retention.rule_for(request.organisation.pk),
            "may_set_rule": retention.may_set_rule(membership),
            "due": due,
            "held": held.select_related("held_by__user"),
            "destroyed": destroyed[:50],
        },
    )


@member_required(Capability.COUNT_CONCERNS)
def rule(request):
    """The organisation's rule, set by a safeguarding lead or a manager."""
    if not retention.may_set_rule(request.membership):
        raise Http404("Not here")
    current = retention.rule_for(request.organisation.pk)
    initial = {
        "basis": current.basis,
        "years_after_birth": current.years_after_birth,
        "years_after_closing": current.years_after_closing,
    }
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            retention.set_rule(request.organisation, by=request.membership, **form.cleaned_data)
        except REFUSED as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The retention rule is saved.")
            return redirect("safeguarding:retention_rule")
    return render(request, "safeguarding/retention_rule.html", {"form": form, "rule": current})


@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def review(request, pk):
    """Keep the concern for N more years, or ask to destroy it; a second lead confirms destroying it."""
    concern = _concern(request, pk)
    due_on = retention.review_date(concern, retention.rule_for(concern.organisation_id))
    action = request.POST.get("action") if request.method == "POST" else None
    keep_form = KeepForm(request.POST if action == "keep" else None, prefix="keep")
    destroy_form = DestroyForm(request.POST if action == "destroy" else None, prefix="destroy")
    if action in ("keep", "destroy", "confirm"):
        try:
            if action == "keep" and keep_form.is_valid():
                retention.keep(concern, by=request.membership, **keep_form.cleaned_data)
                messages.success(request, f"{concern.audit_label()} is kept.")
                return redirect("safeguarding:retention")
            if action == "destroy" and destroy_form.is_valid():
                retention.request_destroy(concern, by=request.membership, **destroy_form.cleaned_data)
                messages.success(request, "Asked: a second safeguarding lead must confirm destroying it.")
                return redirect("safeguarding:retention_review", pk=concern.pk)
            if action == "confirm":
                retention.confirm_destroy(concern, by=request.membership)
                messages.success(request, f"{concern.audit_label()} is destroyed; its tombstone is kept.")
                return redirect("safeguarding:retention")
        except REFUSED as exc:
            if action == "confirm":
                messages.error(request, str(exc))
            else:
                (destroy_form if action == "destroy" else keep_form).add_error(None, str(exc))
    concern.refresh_from_db()
    return render(
        request,
        "safeguarding/retention_review.html",
        {
            "concern": concern,
            "due_on": due_on,
            "keep_form": keep_form,
            "destroy_form": destroy_form,
            "form": keep_form if action == "keep" else destroy_form,  # for the error summary
            "asked_by_me": concern.destroy_requested_by_id == request.membership.pk,
            "is_due": due_on is not None and due_on <= timezone.localdate(),
        },
    )


@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def hold(request, pk):
    """Put the concern on legal hold, or lift the hold, with the reason."""
    concern = _concern(request, pk)
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        change = retention.lift_hold if concern.held_at else retention.set_hold
        try:
            change(concern, by=request.membership, reason=form.cleaned_data["reason"])
        except REFUSED as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"{concern.audit_label()} is {'no longer' if concern.held_at else 'now'} on legal hold.",
            )
            return redirect("safeguarding:retention")
    return render(request, "safeguarding/retention_hold.html", {"concern": concern, "form": form})
