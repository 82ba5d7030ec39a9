"""The data protection pages (docs/privacy.md): retention rules and the review of what is due, subject access
requests (a lead's review of the safeguarding part, the export) and erasure requests. The work is in
retention.py and services.py; these pages are for managers (HANDLE_DATA_REQUESTS), except the safeguarding
review, which is for leads (HANDLE_CONCERNS). Another organisation's request is a 404."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from harbour.accounts.access import NotAllowed, get_object_for_org, member_required, recent_two_factor
from harbour.accounts.capabilities import Capability
from harbour.privacy import retention, services
from harbour.privacy.forms import (
    DestroyForm,
    ErasureForm,
    KeepForm,
    RequestForm,
    RuleForm,
    SentForm,
    WithholdForm,
)
from harbour.privacy.models import (
    AccessState,
    ErasureRequest,
    RecordKind,
    ReviewItem,
    ReviewState,
    SubjectAccessRequest,
)

REFUSED = (NotAllowed, ValueError)
DATA = Capability.HANDLE_DATA_REQUESTS


@require_safe
@member_required(DATA)
def index(request):
    org = request.organisation
    return render(
        request,
        "privacy/index.html",
        {
            "due": retention.due_items(org.pk).count(),
            "requests": SubjectAccessRequest.objects.filter(organisation=org).select_related("person")[:50],
            "erasures": ErasureRequest.objects.filter(organisation=org).select_related("person")[:50],
        },
    )


@require_safe
@member_required(DATA)
def rules(request):
    current = retention.rules_for(request.organisation.pk)
    return render(request, "privacy/rules.html", {"rules": [(kind, current[kind]) for kind in RecordKind]})


@member_required(DATA)
def rule(request):
    """One kind's rule: the kind comes in the query (?kind=media); it is no organisation's object."""
    kind = request.GET.get("kind", "")
    if not kind:
        return redirect("privacy:rules")
    if kind not in RecordKind.values:
        raise Http404("No such records")
    current = retention.rules_for(request.organisation.pk)[kind]
    initial = {"period": current.period, "unit": current.unit, "counts_from": current.counts_from}
    form = RuleForm(request.POST or None, initial=initial, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            retention.set_rule(request.organisation, by=request.membership, kind=kind, **form.cleaned_data)
        except REFUSED as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"The rule for {RecordKind(kind).label.lower()} is saved.")
            return redirect("privacy:rules")
    return render(request, "privacy/rule.html", {"form": form, "kind": RecordKind(kind), "rule": current})


@require_safe
@member_required(DATA)
def review(request):
    org = request.organisation
    decided = ReviewItem.objects.filter(organisation=org).exclude(state=ReviewState.DUE)
    return render(
        request,
        "privacy/review.html",
        {
            "due": retention.due_items(org.pk),
            "decided": decided.select_related("decided_by__user").order_by("-decided_at")[:50],
        },
    )


@member_required(DATA)
def review_item(request, pk):
    item = get_object_for_org(ReviewItem.objects.all(), request, pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    keep_form = KeepForm(request.POST if action == "keep" else None, prefix="keep")
    destroy_form = DestroyForm(request.POST if action == "destroy" else None, prefix="destroy")
    form = keep_form if action == "keep" else destroy_form
    if action in ("keep", "destroy") and form.is_valid():
        try:
            if action == "keep":
                retention.keep(item, by=request.membership, **form.cleaned_data)
                messages.success(request, f"{item.label} is kept.")
            else:
                done = retention.destroy(item, by=request.membership, **form.cleaned_data)
                messages.success(request, f"{item.label} is destroyed. {done.outcome}")
            return redirect("privacy:review")
        except REFUSED as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "privacy/review_item.html",
        {
            "item": item,
            "record": retention.record_of(item),
            "keep_form": keep_form,
            "destroy_form": destroy_form,
            "form": form,
        },
    )


def _request_form(form_class, request):
    """?person=<id> chooses the person (a link from their page in the register)."""
    initial = {"person": request.GET.get("person", "")}
    return form_class(request.POST or None, initial=initial, organisation=request.organisation)


@member_required(DATA)
def access_new(request):
    form = _request_form(RequestForm, request)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.open_access_request(
                request.organisation, by=request.membership, **form.cleaned_data
            )
        except REFUSED as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The subject access request is opened.")
            return redirect("privacy:access", pk=made.pk)
    return render(request, "privacy/access_new.html", {"form": form})


@member_required(DATA)
@recent_two_factor
def access(request, pk):
    """The request: its state, the downloads once a lead has reviewed it, and closing it."""
    sar = get_object_for_org(
        SubjectAccessRequest.objects.select_related("person", "reviewed_by__user"), request, pk=pk
    )
    form = SentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_access_request(sar, by=request.membership, **form.cleaned_data)
        except REFUSED as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The request is closed.")
            return redirect("privacy:access", pk=sar.pk)
    return render(request, "privacy/access.html", {"sar": sar, "form": form, "states": AccessState})


@require_POST
@member_required(DATA)
def access_download(request, pk, kind):
    sar = get_object_for_org(SubjectAccessRequest.objects.select_related("person"), request, pk=pk)
    try:
        body = services.make_export(sar, by=request.membership, kind=kind)
    except REFUSED as exc:
        messages.error(request, str(exc))
        return redirect("privacy:access", pk=sar.pk)
    types = {"json": "application/json", "pdf": "application/pdf"}
    response = HttpResponse(body, content_type=types[kind])
    response["Content-Disposition"] = f'attachment; filename="subject-access-{sar.pk}.{kind}"'
    return response


@require_safe
@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def lead_reviews(request):
    waiting = SubjectAccessRequest.objects.filter(
        organisation=request.organisation, state=AccessState.LEAD_REVIEW
    )
    return render(request, "privacy/lead_reviews.html", {"waiting": waiting.select_related("person")})


@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def lead_review(request, pk):
    """A safeguarding lead's review: each safeguarding item, withheld (with its exemption) or released."""
    sar = get_object_for_org(SubjectAccessRequest.objects.select_related("person"), request, pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    key = request.POST.get("key", "")
    try:
        items, refusal = services.review_items(sar, by=request.membership), ""
    except NotAllowed as exc:
        items, refusal = [], str(exc)
    form = None
    for n, item in enumerate(items):
        posted = action == "withhold" and key == item["key"]
        item["form"] = WithholdForm(request.POST if posted else None, prefix=f"w{n}")
        form = item["form"] if posted else form
    try:
        if form is not None and form.is_valid():
            services.withhold(sar, by=request.membership, item=key, **form.cleaned_data)
            messages.success(request, "The item is withheld.")
            return redirect("privacy:lead_review", pk=sar.pk)
        if action == "release":
            services.release(sar, by=request.membership, item=key)
            messages.success(request, "The item is no longer withheld.")
            return redirect("privacy:lead_review", pk=sar.pk)
        if action == "finish":
            services.finish_review(sar, by=request.membership)
            messages.success(request, "Your review is done: a manager can now make the export.")
            return redirect("privacy:lead_reviews")
    except REFUSED as exc:
        if form is not None:
            form.add_error(None, str(exc))
        else:
            refusal = str(exc)
    return render(
        request, "privacy/lead_review.html", {"sar": sar, "items": items, "form": form, "refusal": refusal}
    )


@member_required(DATA)
def erasure_new(request):
    """Choose the person, check what erasing them touches, then confirm."""
    form = _request_form(ErasureForm, request)
    checking = request.POST.get("action") == "check"
    if checking:
        form.fields["confirm"].required = False
    preview = None
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "confirm"}
        if checking:
            preview = services.erasure_preview(fields["person"])
        else:
            try:
                done = services.erase(request.organisation, by=request.membership, **fields)
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "The person is erased. Send them the statement below.")
                return redirect("privacy:erasure", pk=done.pk)
    return render(request, "privacy/erasure_new.html", {"form": form, "preview": preview})


@require_safe
@member_required(DATA)
def erasure(request, pk):
    done = get_object_for_org(
        ErasureRequest.objects.select_related("person", "done_by__user"), request, pk=pk
    )
    return render(
        request,
        "privacy/erasure.html",
        {"done": done, "concerns": services.safeguarding_kept(done.person)},
    )
