"""The organisation's audit log: read by managers and safeguarding leads, checked by managers."""

import csv
import logging

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from harbour.accounts.access import member_required
from harbour.accounts.capabilities import Capability
from harbour.audit import checkpoint as checkpoints
from harbour.audit import services
from harbour.audit.chain import verify_chain
from harbour.audit.events import AuditEventType
from harbour.audit.forms import AuditFilterForm
from harbour.audit.models import AuditEvent
from harbour.audit.services import record
from harbour.audit.templatetags.audit import display_value
from harbour.lib.spreadsheet import safe_cell
from harbour.safeguarding.models import Concern, DestroyedConcern

logger = logging.getLogger(__name__)
PAGE_SIZE = 50


def _readable(request) -> QuerySet[AuditEvent]:
    """The organisation's events, less those about a safeguarding concern that names the reader (an
    allegation about them, Concern.about_member): "Concern #N raised" alone tells them that one exists."""
    about_them = Concern.objects.filter(
        organisation=request.organisation, about_member=request.membership
    ).values_list(Cast("pk", CharField()))
    destroyed = DestroyedConcern.objects.filter(
        organisation=request.organisation, about_member=request.membership
    ).values_list(Cast("number", CharField()))  # a destroyed concern's events keep its number
    return (
        AuditEvent.objects.for_org(request.organisation)
        .exclude(object_type=Concern._meta.label_lower, object_id__in=about_them)
        .exclude(object_type=Concern._meta.label_lower, object_id__in=destroyed)
    )


def _filtered(request) -> tuple[AuditFilterForm, QuerySet[AuditEvent]]:
    events = _readable(request)
    form = AuditFilterForm(request.GET or None, organisation=request.organisation)
    if form.is_valid():
        if form.cleaned_data["action"]:
            events = events.filter(action=form.cleaned_data["action"])
        if form.cleaned_data["person"]:
            events = events.filter(actor_id=form.cleaned_data["person"])
    return form, events.order_by("-sequence")


@require_safe
@member_required(Capability.READ_AUDIT)
def index(request):
    form, events = _filtered(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter_form": form,
        "page": page,
        "query": query.urlencode(),
        "can_check": request.membership.can(Capability.CHECK_AUDIT),  # and download a checkpoint
    }
    return render(request, "audit/index.html", context)


@require_safe
@member_required(Capability.READ_AUDIT)
def export(request):
    form, events = _filtered(request)
    # No sequence numbers: they count every organisation's events, which is not this one's business.
    rows = list(
        events.values_list(
            "created_at",
            "action",
            "actor_label",
            "object_type",
            "object_id",
            "object_label",
            "ip_address",
            "detail",
        )
    )
    # The export is itself recorded, with what was asked for: the log says who took a copy.
    filters = {key: value for key, value in getattr(form, "cleaned_data", {}).items() if value}
    with transaction.atomic():
        record(
            AuditEventType.AUDIT_EXPORTED,
            request=request,
            organisation=request.organisation,
            detail={"filters": filters, "rows": len(rows)},
        )
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["When (UTC)", "Action", "By", "Object type", "Object id", "Object", "IP address", "Detail"]
    )
    for created_at, *rest in rows:
        writer.writerow([created_at.isoformat(), *(csv_cell(value) for value in rest)])
    return response


@require_POST
@member_required(Capability.CHECK_AUDIT)
def check_chain(request):
    report = verify_chain()
    # The chain spans every organisation, so what is shown and recorded here is only the outcome;
    # where it broke goes to the server's log, for the administrator.
    with transaction.atomic():
        record(
            AuditEventType.AUDIT_CHAIN_CHECKED,
            request=request,
            organisation=request.organisation,
            detail={"result": "intact" if report.ok else "problem found"},
        )
    if report.ok:
        messages.success(request, "The audit log is intact: no event has been changed, removed or reordered.")
    else:
        logger.error("Audit chain check failed after %s good events: %s", report.checked, report.problem)
        messages.error(
            request,
            "The audit log check found that an event was changed, removed or reordered. Tell your Harbour "
            "administrator now: the details are in the server's log, and `harbour audit verify` repeats the check.",
        )
    return redirect("audit:index")


@require_safe
@member_required(Capability.CHECK_AUDIT)
def checkpoint(request):
    """The chain's head, signed, to keep outside Harbour: `harbour audit verify --checkpoint` compares
    the log with it later, which finds a rewrite even by someone who holds the audit key."""
    signed = services.issue_checkpoint(request.organisation, request=request)
    response = HttpResponse(checkpoints.dumps(signed), content_type="application/json; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-checkpoint-{stamp}.json"'
    return response


def recent_panel(request) -> dict:
    """The console home's panel: the organisation's five newest events."""
    return {"events": list(_readable(request).order_by("-sequence")[:5])}


def csv_cell(value) -> str:
    """Text for a spreadsheet cell that a spreadsheet will not run as a formula (CSV injection)."""
    return safe_cell("" if value is None else (value if isinstance(value, str) else display_value(value)))
