"""The saved replies pages: the library (moderators read it, managers change it), and sending a saved
reply or privacy advice to an item, which goes through harbour.moderation's `act`."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from harbour.accounts.access import (
    NotAllowed,
    get_object_for_org,
    member_required,
    refused_object,
    trained_for,
)
from harbour.accounts.capabilities import Capability
from harbour.inbox.models import Item
from harbour.inbox.services import can_read
from harbour.lib.bidi import isolate
from harbour.moderation.services import Stale
from harbour.replies import services
from harbour.replies.forms import ChooseForm, SavedReplyForm, SendForm
from harbour.replies.models import ReplyKind, SavedReply


@member_required(Capability.VIEW_INBOX)
def index(request):
    replies = list(SavedReply.objects.for_org(request.organisation).select_related("updated_by__user"))
    can_manage = request.membership.can(Capability.MANAGE_REPLIES)
    return render(
        request,
        "replies/index.html",
        {
            "advice": [r for r in replies if r.kind == ReplyKind.PRIVACY_ADVICE and r.active],
            "general": [r for r in replies if r.kind == ReplyKind.GENERAL and r.active],
            "retired": [r for r in replies if not r.active] if can_manage else [],
            "can_manage": can_manage,
            "max_age": services.ADVICE_MAX_AGE,
            # A GET writes nothing: an organisation without advice is offered the starter library.
            "starters": None
            if services.has_privacy_advice(request.organisation)
            else services.starter_preview(),
        },
    )


@require_POST
@member_required(Capability.MANAGE_REPLIES)
def add_starters(request):
    added = services.add_starter_advice(request.organisation, by=request.membership)
    if added:
        messages.success(
            request, f"{added} pieces of privacy advice have been added. Change them to suit you."
        )
    return redirect("replies:index")


@member_required(Capability.MANAGE_REPLIES)
def reply_form(request, pk=None):
    reply = get_object_for_org(SavedReply.objects.all(), request, pk=pk) if pk else None
    form = SavedReplyForm(request.POST or None, instance=reply)
    if request.method == "POST" and form.is_valid():
        unsaved = form.save(commit=False)
        unsaved.organisation = request.organisation
        try:
            saved = services.save_reply(unsaved, by=request.membership)
        except services.ReplyRefused as exc:
            form.add_error("text", str(exc))
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"The reply {isolate(saved.title)} has been saved. Its reading age is about {saved.whole_reading_age}.",
            )
            return redirect("replies:index")
    return render(
        request, "replies/form.html", {"form": form, "reply": reply}, status=400 if form.errors else 200
    )


@require_POST
@member_required(Capability.MANAGE_REPLIES)
def set_active(request, pk):
    reply = get_object_for_org(SavedReply.objects.all(), request, pk=pk)
    active = request.POST.get("active") == "1"
    services.set_active(reply, active, by=request.membership)
    if active:
        messages.success(request, f"Moderators can use {isolate(reply.title)} again.")
    else:
        messages.success(request, f"{isolate(reply.title)} is retired: moderators no longer see it.")
    return redirect("replies:index")


def _item(request, pk) -> Item:
    """The item, or 404: another organisation's, or one from a channel the member does not read."""
    item = get_object_for_org(
        Item.objects.select_related("channel", "organisation", "author"), request, pk=pk
    )
    if not can_read(request.membership, item):
        refused_object(request, "security.other_channel", Item)
        raise Http404("No item here")
    return item


def _chosen(request, replies: list[SavedReply]) -> SavedReply | None:
    """The reply picked with ?reply=<pk> among `replies`, else the first."""
    wanted = request.GET.get("reply", "")
    return next((r for r in replies if str(r.pk) == wanted), replies[0] if replies else None)


def _send_page(request, item: Item, *, advice: bool):
    """The page that proposes a saved reply (privacy advice, or a general reply) for one item in a box
    the moderator may edit. Nothing is sent until they press the button (a POST)."""
    replies = services.privacy_advice_for(item) if advice else services.general_replies(item.organisation)
    entry = item.channel.platform_entry
    label = "The privacy advice to send" if advice else "Your reply"
    chosen = _chosen(request, replies)
    hides_expected = advice and services.hides(item, request.membership)
    if request.method == "POST":
        form = SendForm(request.POST, label=label, platform=entry)
        if form.is_valid():
            try:
                actions = _send(item, request.membership, form.cleaned_data, advice=advice)
            except Stale as stale:
                form.add_error(None, stale.sentence())
                form.data = form.data.copy()
                form.data["version"] = str(Item.objects.get(pk=item.pk).version)
            except (NotAllowed, ValueError) as exc:
                form.add_error("text", str(exc))
            else:
                if len(actions) > 1:
                    messages.success(request, "Your advice is being sent and the post is being hidden.")
                elif advice and hides_expected:
                    messages.warning(
                        request,
                        "Your advice is being sent, but the post was not hidden: someone else acted on it "
                        "at the same time. Check the item and hide it if it still needs hiding.",
                    )
                else:
                    messages.success(request, "Your reply is being sent.")
                return redirect("inbox:item", pk=item.pk)
    else:
        form = SendForm(
            initial={"version": item.version, "text": chosen.text if chosen else ""},
            label=label,
            platform=entry,
        )
    return render(
        request,
        "replies/send.html",
        {
            "item": item,
            "form": form,
            "choose": ChooseForm(replies, chosen),
            "replies": replies,
            "advice": advice,
            "platform": entry,
            "hides": hides_expected,
        },
        status=400 if form.errors else 200,
    )


def _send(item: Item, by, data: dict, *, advice: bool) -> list:
    if advice:
        return services.hide_and_send_advice(item, by=by, version=data["version"], text=data["text"])
    return [services.send_reply(item, by=by, version=data["version"], text=data["text"])]


@member_required(Capability.MODERATE)
@trained_for("moderate")
def send_advice(request, pk):
    return _send_page(request, _item(request, pk), advice=True)


@member_required(Capability.MODERATE)
@trained_for("moderate")
def send_saved_reply(request, pk):
    return _send_page(request, _item(request, pk), advice=False)
