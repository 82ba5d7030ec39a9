"""The concern pages: the leads' list (and a raiser's receipts), raising a concern by hand, its receipt, the
concern itself, adding to its record, closing and reopening it.

Each view names its capability, then asks harbour/safeguarding/access.py about the concern: one the member
may not read is a 404 whatever the reason (another organisation's, an allegation about them, or simply not a
lead), so a page never says that a concern exists. The pages that show what a concern says need a two-factor
check in the last few minutes (@recent_two_factor), and opening one is audited (services.open_concern).
"""

from datetime import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.views.decorators.http import require_safe

from harbour.accounts.access import (
    NotAllowed,
    get_object_for_org,
    member_required,
    missing_training,
    recent_two_factor,
)
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.connectors.registry import label as platform_label
from harbour.inbox.models import ItemKind
from harbour.safeguarding import access, services
from harbour.safeguarding.forms import CloseForm, EntryForm, FilterForm, RaiseForm, ReopenForm
from harbour.safeguarding.models import Concern, Referral, Status

PAGE_SIZE = 50
REFUSED = (NotAllowed, ValueError, services.StaleConcern)


def _concern(request, pk) -> Concern:
    """The concern, if this member may read it; a 404 otherwise (another organisation's is also audited as a
    refusal by get_object_for_org)."""
    concern = get_object_for_org(
        Concern.objects.select_related(
            "organisation",
            "raised_by__user",
            "first_opened_by__user",
            "closed_by__user",
            "about_member__user",
        ),
        request,
        pk=pk,
    )
    if not access.can_read(request.membership, concern):
        raise Http404("No concern here")
    return concern


def _leads(organisation) -> list[Membership]:
    return list(
        Membership.objects.able_to(Capability.HANDLE_CONCERNS)
        .filter(organisation=organisation, is_active=True)
        .select_related("user")
        .order_by("user__full_name")
    )


# The list


@require_safe
@member_required(Capability.VIEW_SAFEGUARDING)
def index(request):
    """For a lead, the concerns they may read; for anyone else, what they raised (receipts only)."""
    if request.membership.can(Capability.HANDLE_CONCERNS):
        return _concerns(request)
    receipts = access.raised_by(request.membership).select_related("first_opened_by__user")
    return render(request, "safeguarding/receipts.html", {"receipts": receipts[:PAGE_SIZE]})


@recent_two_factor
def _concerns(request):
    readable = access.readable_concerns(request.membership)
    filters = FilterForm(request.GET or None)
    shown = readable
    if filters.is_valid():
        for name in ("status", "category", "severity"):
            if filters.cleaned_data.get(name) not in (None, ""):
                shown = shown.filter(**{name: filters.cleaned_data[name]})
    shown = shown.annotate(
        closed=Case(When(status=Status.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("closed", "-immediate_danger", "-severity", "-raised_at", "-pk")
    # The list shows whether a lead has opened each one, never who: no join to the members (a seq scan's worth
    # at 10,000 concerns, bench/concerns.py).
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = readable.aggregate(
        open=Count("pk", filter=Q(status=Status.OPEN)),
        unopened=Count("pk", filter=Q(status=Status.OPEN, first_opened_at__isnull=True)),
        closed=Count("pk", filter=Q(status=Status.CLOSED)),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "safeguarding/index.html",
        {"filters": filters, "page": page, "counts": counts, "query": query.urlencode()},
    )


# Raising by hand


@member_required(Capability.RAISE_CONCERNS)
def raise_concern(request):
    organisation = request.organisation
    if missing_training(request.membership, Capability.RAISE_CONCERNS):
        # Never a dead end: who to tell, now, and how.
        return render(request, "safeguarding/tell_a_lead.html", {"leads": _leads(organisation)})
    members = Membership.objects.filter(organisation=organisation, is_active=True).select_related("user")
    form = RaiseForm(request.POST or None, members=members.order_by("user__full_name"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            concern = services.raise_concern(
                organisation,
                by=request.membership,
                summary=data["summary"],
                category=data["category"],
                severity=data["severity"],
                immediate_danger=data["immediate_danger"],
                about_member=data["about_member"],
            )
        except REFUSED as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("safeguarding:received", pk=concern.pk)
    return render(request, "safeguarding/raise.html", {"form": form})


@require_safe
@member_required(Capability.RAISE_CONCERNS)
def received(request, pk):
    """The raiser's receipt: that it was received and by whom, never the record."""
    concern = get_object_for_org(Concern.objects.select_related("first_opened_by__user"), request, pk=pk)
    if concern.raised_by_id != request.membership.pk:
        raise Http404("No concern here")
    return render(
        request, "safeguarding/received.html", {"concern": concern, "leads": _leads(request.organisation)}
    )


# The concern


def _when(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def _post(post: dict) -> dict:
    """A snapshot's post for the page: its times as datetimes, and its address only if it is a web one,
    with anything but ASCII (a right-to-left override, say) percent-encoded."""
    url = iri_to_uri(str(post.get("url") or ""))
    return {
        **post,
        "received_at": _when(post.get("received_at")),
        "url": url if url.startswith(("https://", "http://")) else "",
        "findings": (post.get("verdict") or {}).get("findings") or [],
        "kind": _kind_label(post.get("kind")),
    }


def _kind_label(kind) -> str:
    """ "Direct message" for the stored "direct_message"; a kind no longer known, as it was stored."""
    try:
        return ItemKind(kind).label
    except ValueError:
        return str(kind or "")


def evidence_of(concern: Concern) -> list[dict]:
    rows = []
    for evidence in concern.evidence.all():
        snapshot = evidence.snapshot or {}
        channel = snapshot.get("channel") or {}
        rows.append(
            {
                "evidence": evidence,
                "post": _post(snapshot.get("item") or {}),
                "channel_name": channel.get("name", ""),
                "platform": platform_label(channel.get("platform", "")),
                "thread": [_post(post) for post in snapshot.get("thread") or []],
            }
        )
    return rows


@require_safe
@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def concern(request, pk):
    concern = services.open_concern(_concern(request, pk), by=request.membership)
    # Every referral names who recorded it (safeguarding/_referrals.html): one query for them all, not two each.
    prefetch_related_objects(
        [concern], "evidence", Prefetch("referrals", Referral.objects.select_related("recorded_by__user"))
    )
    return render(
        request,
        "safeguarding/concern.html",
        {
            "concern": concern,
            "evidence": evidence_of(concern),
            "entries": concern.entries.select_related("recorded_by__user"),
            "is_open": concern.status == Status.OPEN,
        },
    )


def _stale(form, exc) -> None:
    """Keep what was typed, say what happened, and take the concern's version now, so that sending the same
    form again, once they have read the concern, goes through."""
    form.add_error(None, str(exc))
    if isinstance(exc, services.StaleConcern):
        data = form.data.copy()
        data["version"] = str(Concern.objects.values_list("version", flat=True).get(pk=form.concern_pk))
        form.data = data


@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def add_entry(request, pk):
    concern = _concern(request, pk)
    now = timezone.localtime()
    initial = {"happened_on": now.date(), "happened_at": f"{now:%H:%M}", "version": concern.version}
    form = EntryForm(request.POST or None, initial=initial)
    form.concern_pk = concern.pk
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_entry(
                concern,
                by=request.membership,
                version=data["version"],
                kind=data["kind"],
                text=data["text"],
                reason=data["reason"],
                happened_at=data["when"],
            )
        except REFUSED as exc:
            _stale(form, exc)
        else:
            messages.success(request, "Added to the record.")
            return redirect("safeguarding:concern", pk=concern.pk)
    return render(request, "safeguarding/add_entry.html", {"concern": concern, "form": form})


@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def close(request, pk):
    concern = _concern(request, pk)
    form = CloseForm(request.POST or None, initial={"version": concern.version})
    form.concern_pk = concern.pk
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.close(
                concern,
                by=request.membership,
                version=data["version"],
                outcome=data["outcome"],
                reason=data["reason"],
            )
        except REFUSED as exc:
            _stale(form, exc)
        else:
            messages.success(request, f"{concern.audit_label()} is closed.")
            return redirect("safeguarding:concern", pk=concern.pk)
    return render(request, "safeguarding/close.html", {"concern": concern, "form": form})


@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def reopen(request, pk):
    concern = _concern(request, pk)
    form = ReopenForm(request.POST or None, initial={"version": concern.version})
    form.concern_pk = concern.pk
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen(
                concern,
                by=request.membership,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except REFUSED as exc:
            _stale(form, exc)
        else:
            messages.success(request, f"{concern.audit_label()} is open again.")
            return redirect("safeguarding:concern", pk=concern.pk)
    return render(request, "safeguarding/reopen.html", {"concern": concern, "form": form})
