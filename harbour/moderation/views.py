"""The moderation pages: one action on an item (with a page for the actions that need words), a bulk
action with its confirmation, and undo. Each is a scoped lookup, a form, a service and a redirect."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from harbour.accounts.access import (
    NotAllowed,
    get_object_for_org,
    member_required,
    refused_object,
    trained_for,
)
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.inbox.models import Item
from harbour.inbox.services import can_read
from harbour.lib.bidi import isolate
from harbour.moderation import services
from harbour.moderation.forms import ASKS, ActForm, BulkForm, suggested_report_reason
from harbour.moderation.models import ActionKind, ModerationAction
from harbour.safeguarding import intake

# The actions that have a page of their own before they are done: words to type, someone to choose, or
# (delete) a confirmation. The others are one button on the item's page.
WITH_A_PAGE = (
    ActionKind.REPLY,
    ActionKind.NOTE,
    ActionKind.REPORT,
    ActionKind.ESCALATE,
    ActionKind.ASSIGN,
    ActionKind.DELETE,
)
HEADINGS = {
    ActionKind.REPLY: "Reply",
    ActionKind.NOTE: "Add a note",
    ActionKind.REPORT: "Report to the platform",
    ActionKind.ESCALATE: "Escalate to safeguarding",
    ActionKind.ASSIGN: "Assign this item",
    ActionKind.DELETE: "Delete this post?",
}
DONE = {
    ActionKind.HIDE: "Hiding this reply: Harbour is sending it to the platform, and the item is done. If the "
    "platform refuses, the item comes back to the queue with what to do instead.",
    ActionKind.UNHIDE: "Showing this reply again: Harbour is sending it to the platform.",
    ActionKind.REPLY: "Your reply is being sent, and the item is done. Its history shows when it is posted.",
    ActionKind.REPORT: "Your report is being sent to the platform.",
    ActionKind.BLOCK: "Blocking the author: Harbour is sending it to the platform.",
    ActionKind.MUTE: "Muting the author: Harbour is sending it to the platform.",
    ActionKind.DELETE: "Deleting the post: Harbour is sending it to the platform.",
    ActionKind.DONE: "Marked done.",
    ActionKind.REOPEN: "Reopened: the item needs action again.",
    ActionKind.ASSIGN: "Assigned.",
    ActionKind.NOTE: "Note added.",
    ActionKind.ESCALATE: "Escalated to safeguarding: a concern is raised and the safeguarding leads have been told.",
}
BULK_DONE = {ActionKind.DONE: "marked done", ActionKind.ASSIGN: "assigned", ActionKind.HIDE: "being hidden"}
BULK_VERB = {ActionKind.DONE: "Mark {n} done", ActionKind.ASSIGN: "Assign {n}", ActionKind.HIDE: "Hide {n}"}


def _item(request, pk) -> Item:
    """The item, or 404: another organisation's, or one from a channel the member does not read."""
    item = get_object_for_org(
        Item.objects.select_related("channel", "organisation", "author", "assigned_to__user"), request, pk=pk
    )
    if not can_read(request.membership, item):
        refused_object(request, "security.other_channel", Item)
        raise Http404("No item here")
    return item


def _next(request, fallback: str) -> str:
    """Where to go back to: the page the action came from, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _assignable(item: Item) -> list[Membership]:
    """Who an item can be assigned to: active moderators of its organisation who can read its channel."""
    members = (
        Membership.objects.filter(organisation_id=item.organisation_id)
        .active()
        .able_to(Capability.MODERATE)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    return [m for m in members if can_read(m, item)]


def _params(kind: ActionKind, data: dict, members: list[Membership]) -> dict:
    if kind in (ActionKind.REPLY, ActionKind.NOTE):
        return {"text": data["text"]}
    if kind == ActionKind.REPORT:
        return {"reason": data["reason"], "reason_kind": data["reason_kind"]}
    if kind == ActionKind.ESCALATE:
        return {name: data[name] for name in ("category", "severity", "immediate_danger", "summary")}
    if kind == ActionKind.ASSIGN:
        chosen = data.get("to") or ""
        return {"to": next((m for m in members if str(m.pk) == chosen), None)}
    return {}


@member_required(Capability.MODERATE)
@trained_for(Capability.MODERATE)
@require_http_methods(["GET", "POST"])
def act(request, pk):
    item = _item(request, pk)
    item_page = reverse("inbox:item", args=[item.pk])
    raw_kind = (request.POST if request.method == "POST" else request.GET).get("kind", "")
    if raw_kind not in ActionKind.values:
        raise Http404("No such action")
    kind = ActionKind(raw_kind)
    members = _assignable(item) if kind == ActionKind.ASSIGN else []
    platform = item.channel.platform_entry if kind == ActionKind.REPORT else None  # its report reasons
    if request.method == "GET":
        if kind not in WITH_A_PAGE or kind not in services.available_actions(item, request.membership):
            return redirect(item_page)
        initial = {"kind": kind.value, "version": item.version, "next": _next(request, "")}
        if kind == ActionKind.ASSIGN and item.assigned_to_id:
            initial["to"] = str(item.assigned_to_id)
        if platform is not None:  # preselected from what screening found
            initial["reason_kind"] = suggested_report_reason(item.verdict, platform)
        if kind == ActionKind.ESCALATE:  # preselected from what screening found
            initial["category"] = intake.category_for(item.verdict).value
            initial["severity"] = intake.severity_for(item).value
        form = ActForm(initial=initial, members=members, platform=platform)
        form.label_for(kind)
        return _page(request, item, kind, form)

    form = ActForm(request.POST, members=members, platform=platform)
    form.label_for(kind)
    if not form.is_valid():
        if kind in WITH_A_PAGE:
            return _page(request, item, kind, form, status=400)
        messages.error(request, "Harbour could not read that action: reload the item and try again.")
        return redirect(item_page)
    back = _next(request, item_page)
    try:
        services.act(
            item,
            kind,
            by=request.membership,
            version=form.cleaned_data["version"],
            **_params(kind, form.cleaned_data, members),
        )
    except services.Stale as stale:
        messages.error(request, stale.sentence())
        return redirect(item_page)
    except (NotAllowed, ValueError) as exc:
        if kind in WITH_A_PAGE:  # keep what they typed, with the reason next to it
            field = ASKS[kind][0] if kind in ASKS else ("to" if kind == ActionKind.ASSIGN else None)
            form.add_error(field, str(exc))
            return _page(request, item, kind, form, status=400)
        messages.error(request, str(exc))
        return redirect(item_page)
    messages.success(request, DONE[kind])
    return redirect(item_page if kind in WITH_A_PAGE else back)


def _page(request, item: Item, kind: ActionKind, form: ActForm, status: int = 200):
    return render(
        request,
        "moderation/act.html",
        {
            "item": item,
            "kind": kind,
            "form": form,
            "heading": HEADINGS[kind],
            "platform": item.channel.platform_entry,
            "field": ASKS[kind][0] if kind in ASKS else ("to" if kind == ActionKind.ASSIGN else None),
        },
        status=status,
    )


@member_required(Capability.MODERATE)
@trained_for(Capability.MODERATE)
@require_POST
def bulk(request):
    """First POST: a confirmation that says how many ("Hide 3 items?"). Second, confirmed: done."""
    inbox = reverse("inbox:index")
    back = _next(request, inbox)
    ids = list(dict.fromkeys(int(v) for v in request.POST.getlist("items") if v.isdigit()))
    form = BulkForm(request.POST)
    problem = None
    if not form.is_valid():
        problem = "Choose mark done, assign or hide."
    elif not ids:
        problem = "Select the items first: tick each one in the list."
    elif len(ids) > services.BULK_LIMIT:
        problem = f"Select at most {services.BULK_LIMIT} items at once; you selected {len(ids)}."
    if problem:
        return render(request, "moderation/bulk.html", {"problem": problem, "back": back}, status=400)
    raw = form.cleaned_data["kind"]
    kind = ActionKind.ASSIGN if raw == "assign_me" else ActionKind(raw)
    to = None
    if kind == ActionKind.ASSIGN:
        to = request.membership if raw == "assign_me" else None
        if raw != "assign_me" and form.cleaned_data.get("to"):
            to = Membership.objects.filter(
                organisation=request.organisation, pk=form.cleaned_data["to"]
            ).first()
            if to is None:
                raise Http404("No such member")
    count = f"{len(ids)} item{'s' if len(ids) != 1 else ''}"
    if not form.cleaned_data["confirmed"]:
        return render(
            request,
            "moderation/bulk.html",
            {
                "ids": ids,
                "kind": kind,
                "raw_kind": raw,
                "to": to,
                "count": count,
                "question": BULK_VERB[kind].format(n=count) + "?",
                "button": "Yes, " + BULK_VERB[kind].format(n=count).lower(),
                "back": back,
            },
        )
    params = {"to": to} if kind == ActionKind.ASSIGN else {}
    try:
        result = services.act_on_many(ids, kind, by=request.membership, **params)
    except (NotAllowed, ValueError) as exc:
        return render(request, "moderation/bulk.html", {"problem": str(exc), "back": back}, status=400)
    if result.done:
        n = len(result.done)
        who = f" to {isolate(str(to.user))}" if to is not None else ""
        messages.success(request, f"{n} item{'s' if n != 1 else ''} {BULK_DONE[kind]}{who}.")
    if result.refused:
        reasons = "; ".join(f"{why} ({len(pks)})" for why, pks in result.refused.items())
        n = result.refused_count
        messages.error(request, f"{n} item{'s were' if n != 1 else ' was'} not changed: {reasons}")
    return redirect(back)


@member_required(Capability.MODERATE)
@trained_for(Capability.MODERATE)
@require_POST
def undo(request, pk):
    action = get_object_for_org(ModerationAction.objects.select_related("item"), request, pk=pk)
    if not can_read(request.membership, action.item):
        refused_object(request, "security.other_channel", ModerationAction)
        raise Http404("No action here")
    item_page = reverse("inbox:item", args=[action.item_id])
    try:
        services.undo(action, by=request.membership)
    except services.Stale as stale:
        messages.error(request, stale.sentence())
    except NotAllowed as exc:
        messages.error(request, str(exc))
    else:
        what = (
            "Showing the reply again."
            if action.kind == ActionKind.HIDE
            else "Reopened: the item needs action again."
        )
        messages.success(request, f"Undone. {what}")
    return redirect(item_page)


def escalated_panel(request) -> dict | None:
    """The console home's count of items escalated to safeguarding (harbour/console/panels.py)."""
    count = services.escalated_count(request.organisation)
    return {"count": count} if count else None
