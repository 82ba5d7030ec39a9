"""The planning pages at /planning/: the engagement plans and the organisation's policies. Everyone who can
see channels reads them; managers change them (the services check again)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from harbour.accounts.access import NotAllowed, get_object_for_org, member_required
from harbour.accounts.capabilities import Capability
from harbour.channels import readiness
from harbour.channels.models import Channel, Status
from harbour.lib.bidi import isolate
from harbour.planning import documents, services
from harbour.planning.forms import PlanForm, PolicyForm, ResourceForm
from harbour.planning.models import NAMED_BY_GUIDANCE, EngagementPlan, Policy, PolicyKind

PLAN_VALUES = ("aims", "objectives", "audience", "success_measures", "review_date")
POLICY_VALUES = ("kind", "title", "url", "review_date")


def _can_plan(request) -> bool:
    return request.membership.can(Capability.MANAGE_CHANNELS)


def _plan(organisation, channel=None):
    return (
        EngagementPlan.objects.for_org(organisation)
        .filter(channel=channel)
        .prefetch_related("resources")
        .select_related("updated_by")
        .first()
    )


@require_safe
@member_required(Capability.VIEW_CHANNELS)
def index(request):
    organisation = request.organisation
    channels = list(
        Channel.objects.for_org(organisation)
        .exclude(status=Status.RETIRED)
        .select_related("engagement_plan")
        .prefetch_related("engagement_plan__resources", *readiness.prefetch())
    )
    in_date = readiness.policies_in_date(organisation.pk, timezone.localdate())
    policies = list(Policy.objects.for_org(organisation))
    named = [(PolicyKind(kind).label, [p for p in policies if p.kind == kind]) for kind in NAMED_BY_GUIDANCE]
    return render(
        request,
        "planning/index.html",
        {
            "organisation_plan": _plan(organisation),
            "channel_rows": [
                {
                    "channel": c,
                    "plan": readiness.plan_of(c),
                    "readiness": readiness.readiness(c, policies=in_date),
                }
                for c in channels
            ],
            "policies": policies,
            "named": named,
            "missing": services.missing_policies(organisation),
            "due": services.reviews_due(organisation),
            "can_plan": _can_plan(request),
            "can_edit_policies": request.membership.can(Capability.EDIT_ORGANISATION),
        },
    )


def _show_plan(request, plan, channel):
    return render(
        request,
        "planning/plan.html",
        {"plan": plan, "channel": channel, "can_plan": _can_plan(request)},
    )


@require_safe
@member_required(Capability.VIEW_CHANNELS)
def organisation_plan(request):
    return _show_plan(request, _plan(request.organisation), None)


@require_safe
@member_required(Capability.VIEW_CHANNELS)
def channel_plan(request, pk):
    channel = get_object_for_org(Channel.objects.all(), request, pk=pk)
    return _show_plan(request, _plan(request.organisation, channel), channel)


def _edit_plan(request, channel):
    plan = _plan(request.organisation, channel)
    initial = {name: getattr(plan, name) for name in PLAN_VALUES} if plan else None
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_plan(
                request.organisation, form.cleaned_data, by=request.membership, channel=channel
            )
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The engagement plan has been saved.")
            if channel is None:
                return redirect("planning:organisation_plan")
            return redirect("planning:channel_plan", pk=channel.pk)
    return render(request, "planning/plan_edit.html", {"form": form, "plan": plan, "channel": channel})


@member_required(Capability.MANAGE_CHANNELS)
def edit_organisation_plan(request):
    return _edit_plan(request, None)


@member_required(Capability.MANAGE_CHANNELS)
def edit_channel_plan(request, pk):
    channel = get_object_for_org(Channel.objects.all(), request, pk=pk)
    if channel.status == Status.RETIRED:
        raise Http404("A retired channel's plan is kept as it was.")
    return _edit_plan(request, channel)


def _back_to(plan):
    if plan.channel_id:
        return redirect("planning:channel_plan", pk=plan.channel_id)
    return redirect("planning:organisation_plan")


@member_required(Capability.MANAGE_CHANNELS)
def add_resource(request, pk):
    plan = get_object_for_org(EngagementPlan.objects.select_related("channel"), request, pk=pk)
    form = ResourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_resource(
                plan, form.cleaned_data["who"], form.cleaned_data["hours_per_week"], by=request.membership
            )
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{isolate(form.cleaned_data['who'])} has been added to the plan.")
            return _back_to(plan)
    return render(request, "planning/resource_add.html", {"form": form, "plan": plan})


@require_POST
@member_required(Capability.MANAGE_CHANNELS)
def remove_resource(request, pk, resource_pk):
    plan = get_object_for_org(EngagementPlan.objects.all(), request, pk=pk)
    resource = get_object_or_404(plan.resources, pk=resource_pk)
    try:
        services.remove_resource(resource, by=request.membership)
    except NotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{isolate(resource.who)} has been taken off the plan.")
    return _back_to(plan)


def _policy_form_page(request, policy=None):
    initial = {name: getattr(policy, name) for name in POLICY_VALUES} if policy else None
    form = PolicyForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        has_document=bool(policy and policy.document),
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in POLICY_VALUES}
        upload = form.cleaned_data.get("document") or None
        try:
            if policy is None:
                policy = services.add_policy(
                    request.organisation, values, by=request.membership, upload=upload
                )
                messages.success(request, f"{isolate(policy.title)} has been added.")
            else:
                services.change_policy(policy, values, by=request.membership, upload=upload)
                messages.success(request, f"{isolate(values['title'])} has been saved.")
        except NotAllowed as exc:
            form.add_error("document" if upload else None, str(exc))
        else:
            return redirect("planning:index")
    return render(request, "planning/policy_edit.html", {"form": form, "policy": policy})


@member_required(Capability.EDIT_ORGANISATION)
def add_policy(request):
    return _policy_form_page(request)


@member_required(Capability.EDIT_ORGANISATION)
def edit_policy(request, pk):
    return _policy_form_page(request, get_object_for_org(Policy.objects.all(), request, pk=pk))


@member_required(Capability.EDIT_ORGANISATION)
def remove_policy(request, pk):
    policy = get_object_for_org(Policy.objects.all(), request, pk=pk)
    if request.method == "POST":
        try:
            services.remove_policy(policy, by=request.membership)
        except NotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{isolate(policy.title)} has been removed.")
        return redirect("planning:index")
    return render(request, "planning/policy_remove.html", {"policy": policy})


@require_safe
@member_required(Capability.VIEW_CHANNELS)
def policy_document(request, pk):
    """An uploaded policy, to members who can see channels, always as a download."""
    policy = get_object_for_org(Policy.objects.all(), request, pk=pk)
    if not policy.document:
        raise Http404("This policy is a link, not a document.")
    return documents.serve(policy.document, policy.document_name or policy.title)
