"""The takedowns' pages (issue 21): the list (what is still to take down, and what is done), one
takedown's page with what to do, and the two actions on it: "Confirm taken down by hand" and "Try
deleting it again". Who sees what is takedowns.visible_to; who acts, takedowns.may_act (the channel's
owners, or a manager). Every change goes through harbour.consent.takedowns."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from harbour.accounts.access import NotAllowed, get_object_for_org, member_required
from harbour.accounts.capabilities import Capability
from harbour.consent import deleting, takedowns
from harbour.consent.models import Takedown, TakedownState
from harbour.consent.takedown_forms import ConfirmForm

PER_PAGE = 50
SHOWS = {"todo": "To take down", "done": "Taken down"}


@require_safe
@member_required()
def takedown_list(request):
    show = request.GET.get("show") if request.GET.get("show") in SHOWS else "todo"
    found = takedowns.visible_to(request.membership)
    if show == "done":
        found = found.filter(state=TakedownState.DONE).order_by("-done_at", "-pk")
    else:
        found = found.exclude(state=TakedownState.DONE).order_by("due_by", "pk")
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "consent/takedown_list.html",
        {
            "page": page,
            "show": show,
            "shows": SHOWS,
            "all": request.membership.can(Capability.TAKE_DOWN)
            or request.membership.can(Capability.VIEW_CONSENT),
            "now": timezone.now(),
        },
    )


def _takedown(request, pk):
    """Another organisation's takedown is a 404 (audited by get_object_for_org); one of this organisation's
    that the member may not see (a channel they do not own, without the register) is refused (403)."""
    found = get_object_for_org(
        Takedown.objects.select_related("publication__channel", "publication__post", "person"), request, pk=pk
    )
    if not takedowns.visible_to(request.membership).filter(pk=found.pk).exists():
        raise PermissionDenied(
            "Only the channel's owners and those who keep the consent register can open it."
        )
    return found


@member_required()
def takedown(request, pk, form=None):
    found = _takedown(request, pk)
    me = request.membership
    may_act = takedowns.may_act(me, found)
    return render(
        request,
        "consent/takedown.html",
        {
            "takedown": found,
            "publication": found.publication,
            "may_act": may_act,
            "may_confirm": may_act and found.state in takedowns.CONFIRMABLE,
            "may_retry": may_act and found.state == TakedownState.NEEDS_HAND and deleting.deletable(found),
            "what_to_do": deleting.what_to_do(found, address=False),
            "sees_person": me.can(Capability.VIEW_CONSENT),
            "sees_post": me.can(Capability.VIEW_PUBLISHING),
            "form": form or ConfirmForm(),
            "now": timezone.now(),
        },
        status=400 if form is not None else 200,
    )


@require_POST
@member_required()
def confirm(request, pk):
    found = _takedown(request, pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            takedowns.confirm_by_hand(found, by=request.membership, note=form.cleaned_data["note"])
        except NotAllowed as refused:
            form.add_error("note", str(refused))
        else:
            messages.success(request, "Confirmed: the post is taken down.")
            return redirect("consent:takedown", found.pk)
    return takedown(request, pk, form=form)


@require_POST
@member_required()
def try_again(request, pk):
    found = _takedown(request, pk)
    try:
        takedowns.try_again(found, by=request.membership)
    except NotAllowed as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Harbour is trying to delete the post again. Look back here in a minute.")
    return redirect("consent:takedown", found.pk)


def takedowns_panel(request) -> dict | None:
    """The console home's panel (harbour/console/panels.py): the takedowns not done that this member acts
    on (a manager: all; a channel's owner: their channels'). None when there are none."""
    me = request.membership
    waiting = takedowns.visible_to(me).exclude(state=TakedownState.DONE)
    if not me.can(Capability.TAKE_DOWN):
        waiting = waiting.filter(publication__channel__owners=me)
    waiting = waiting.order_by("due_by", "pk")
    count = waiting.count()
    if not count:
        return None
    return {"count": count, "takedowns": list(waiting[:5]), "now": timezone.now()}
