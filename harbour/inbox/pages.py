"""The inbox pages: the queues of screened items with their counts, filters and search, one item with its
context (moderation's actions and history beside it), and importing a file of comments into a file
import channel's inbox (reached from the channel's page)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import OperationalError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property

from harbour.accounts.access import (
    NotAllowed,
    get_object_for_org,
    member_required,
    refused_object,
    trained_for,
)
from harbour.accounts.capabilities import Capability
from harbour.audit.services import record
from harbour.channels.forms import ImportForm
from harbour.channels.models import Channel
from harbour.connectors.file_import.parse import WHOLE_FILE
from harbour.connectors.platform import Delivery
from harbour.inbox import services
from harbour.inbox.forms import BulkBarForm, InboxFilterForm, ShortcutsForm, list_query
from harbour.inbox.models import AuthorState, Item, ItemStatus, overdue
from harbour.inbox.screened import categories_of
from harbour.lib.locked import is_locked
from harbour.moderation.services import BULK_LIMIT, available_actions
from harbour.replies.services import privacy_advice_for
from harbour.screening import grooming_summary
from harbour.screening.verdict import Category, Severity

PAGE_SIZE = 50
HISTORY_SIZE = 20
THREAD_SIZE = 100
AUDITED_SEVERITY = Severity.HIGH
PERSONAL_INFO = str(Category.PERSONAL_INFO)
ORDER = ("-severity", "received_at", "pk")  # riskiest first, then the longest waiting


@dataclass(frozen=True)
class Queue:
    key: str
    label: str


QUEUES = (
    Queue("needs_action", "Needs action"),
    Queue("mine", "Assigned to you"),
    Queue("overdue", "Overdue"),
    Queue("done_today", "Done today"),
    Queue("all", "All items"),
)
QUEUE_KEYS = {queue.key for queue in QUEUES}
DEFAULT_QUEUE = "needs_action"


class QueuePaginator(Paginator):
    """A paginator that takes the queue's count already made for its tab instead of counting again."""

    def __init__(self, *args, known: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known = known

    @cached_property
    def count(self) -> int:
        return super().count if self.known is None else self.known


def queue_filters(membership, *, now=None) -> dict[str, Q]:
    """What puts an item in each queue: the one definition the list and its counts share."""
    now = now or timezone.now()
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return {
        "needs_action": Q(status=ItemStatus.NEEDS_ACTION),
        "mine": Q(assigned_to=membership) & ~Q(status=ItemStatus.DONE),
        "overdue": overdue(now),
        "done_today": Q(status=ItemStatus.DONE, done_at__gte=today),
        "all": Q(),
    }


def _url(name: str, *args) -> str | None:
    """The moderation app's address, or None while it is not installed (the list then has no actions)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _row(item: Item) -> dict:
    findings = item.findings
    return {
        "item": item,
        "findings": findings,
        "reasons": _reasons(findings),
        "act_url": _url("moderation:act", item.pk),
    }


def _item(request, pk) -> Item:
    """The item, or 404: another organisation's, and one from a channel the member does not own or
    moderate (that one audited as security.other_channel)."""
    item = get_object_for_org(
        Item.objects.select_related("channel", "organisation", "author", "assigned_to__user"), request, pk=pk
    )
    if not services.can_read(request.membership, item):
        refused_object(request, "security.other_channel", Item)
        raise Http404("No item here")
    return item


@member_required(Capability.VIEW_INBOX)
@trained_for("moderate")
def index(request):
    queue = request.GET.get("queue")
    if queue not in QUEUE_KEYS:
        # A status chosen on the default view means "every item in that state", not none of them.
        queue = "all" if request.GET.get("status") in ItemStatus.values else DEFAULT_QUEUE
    filters = InboxFilterForm(request.GET or None, organisation=request.organisation)
    filters.fields["channel"].queryset = services.readable_channels(request.membership).order_by("name")
    matching = filters.filter(services.readable_items(request.membership))
    in_queue = queue_filters(request.membership)
    in_queue.pop("all")
    if filters.narrows():
        # A search or filter reads the items anyway: count every queue in that one pass.
        counts = matching.aggregate(
            all=Count("pk"), **{key: Count("pk", filter=q) for key, q in in_queue.items()}
        )
    else:
        # Unfiltered, one COUNT a queue: each is a range of its own index.
        counts = {key: matching.filter(q).count() for key, q in in_queue.items()}
    in_queue["all"] = Q()
    items = matching.filter(in_queue[queue]).select_related("channel", "author", "assigned_to__user")
    page = QueuePaginator(items.order_by(*ORDER), PAGE_SIZE, known=counts.get(queue)).get_page(
        request.GET.get("page")
    )
    # The filters without the queue (each tab keeps them) and the list as it is (each item keeps it).
    filter_query = list_query(request.GET, leave_out=("queue", "page"))
    context = {
        "filters": filters,
        # How many filters are on: said on the folded filters, which then open (inbox/index.html).
        "filters_on": sum(bool(value) for value in getattr(filters, "cleaned_data", {}).values()),
        "queue": queue,
        "queues": [
            {
                "key": q.key,
                "label": q.label,
                "count": None if q.key == "all" else counts.get(q.key),
                "query": "&".join(p for p in (f"queue={q.key}", filter_query) if p),
            }
            for q in QUEUES
        ],
        "sees_every_channel": request.membership.can(Capability.READ_EVERY_CHANNEL),
        "has_channels": filters.fields["channel"].queryset.exists(),
        "page": page,
        "rows": [_row(item) for item in page],
        "query": list_query(request.GET, leave_out=("page",)),
        "item_query": list_query(request.GET),
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "filter_query": filter_query,
        "now": timezone.now(),
        "bulk_url": _url("moderation:bulk"),
        "bulk": BulkBarForm(members=filters.fields["assignee"].choices[2:]),
        "shortcuts": ShortcutsForm(),
        "bulk_limit": BULK_LIMIT,
    }
    template = "inbox/_items.html" if request.headers.get("HX-Request") else "inbox/index.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])  # the fragment and the page share a URL
    return response


def _moderation(item: Item, membership) -> dict:
    """What the moderation and replies apps add to the item's page (moderation/_actions.html,
    moderation/_history.html, replies/_picker.html): the actions this member may take now, and privacy
    advice where screening found personal information in the item."""
    advice = privacy_advice_for(item) if PERSONAL_INFO in categories_of(item.verdict) else None
    return {"actions": available_actions(item, membership), "privacy_advice": advice}


def _grooming_summary(item: Item):
    """The grooming tracker's summary of this item's author (harbour.screening reads its state)."""
    state = AuthorState.objects.filter(author_id=item.author_id).values_list("state", flat=True).first()
    return grooming_summary(state)


def _reasons(findings) -> list[dict]:
    """Each (category, reason) once, in the order found: several detectors often say the same thing."""
    seen, reasons = set(), []
    for finding in findings:
        if not isinstance(finding, dict):
            continue
        key = (finding.get("category"), finding.get("reason"))
        if key not in seen:
            seen.add(key)
            reasons.append({"category": key[0], "reason": key[1]})
    return reasons


@member_required(Capability.VIEW_INBOX)
@trained_for("moderate")
def item(request, pk):
    item = _item(request, pk)
    if item.severity >= AUDITED_SEVERITY:
        record(
            "inbox.item_viewed",
            organisation=request.organisation,
            obj=item,
            request=request,
            detail={"severity": item.severity, "action": item.action},
        )
    readable = services.readable_items(request.membership).select_related("channel", "author")
    thread = []
    if item.thread_id:
        # The thread as the organisation's readable channels on this platform saw it, in order.
        thread = readable.filter(channel__platform=item.channel.platform, thread_id=item.thread_id)
        thread = thread.order_by("received_at", "pk")
        thread = list(thread[:THREAD_SIZE]) if thread.exclude(pk=item.pk).exists() else []
    history = readable.filter(author_id=item.author_id)
    history = list(history.exclude(pk=item.pk).order_by("-received_at", "-pk")[:HISTORY_SIZE])
    back_query = list_query(request.GET)
    return render(
        request,
        "inbox/item.html",
        {
            "item": item,
            "findings": item.findings,
            "screening_error": item.screening_error,
            "thread": thread,
            "history": history,
            "grooming": _grooming_summary(item),
            "media_count": len(item.media) if isinstance(item.media, list) else 0,
            "sees_every_channel": request.membership.can(Capability.READ_EVERY_CHANNEL),
            "back_query": back_query,
            "now": timezone.now(),
            "shortcuts": ShortcutsForm(),
            **_moderation(item, request.membership),
        },
    )


def attention_counts(membership) -> dict:
    """Items needing action in the member's inbox: how many in all, and how many at severity 3 or higher."""
    return services.readable_items(membership).aggregate(
        new=Count("pk", filter=Q(status=ItemStatus.NEEDS_ACTION)),
        urgent=Count("pk", filter=Q(status=ItemStatus.NEEDS_ACTION, severity__gte=AUDITED_SEVERITY)),
    )


def attention_panel(request) -> dict:
    """The console home's "Needs attention" panel (harbour/console/panels.py)."""
    return {"counts": attention_counts(request.membership)}


@member_required(Capability.IMPORT_ITEMS)
def import_items(request, pk):
    channel = get_object_for_org(Channel.objects.select_related("organisation"), request, pk=pk)
    if channel.platform_entry.delivery != Delivery.UPLOADED:
        raise Http404("Only file import channels take uploads.")
    if not services.can_import_into(channel, request.membership):
        raise PermissionDenied(
            "Only the channel's own moderators and owners, managers and safeguarding leads can import into it."
        )
    form = ImportForm(request.POST or None, request.FILES or None)
    result = problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.import_file(channel, upload.read(), upload.name, by=request.membership)
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        except services.FileUnreadable as exc:
            # Nothing stored: the error summary and the field say why, and the rows' problems are listed.
            form.add_error("file", str(exc))
            problems = [p for p in exc.batch.problems if p.ref != WHOLE_FILE]
        except OperationalError as exc:
            if not is_locked(exc):
                raise
            form.add_error("file", "Harbour is busy and nothing was imported: try again in a minute")
    return render(
        request,
        "inbox/import.html",
        {
            "form": form,
            "channel": channel,
            "result": result,
            "problems": result.batch.problems if result else problems,
        },
    )
