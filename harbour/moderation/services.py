"""Moderation: every action on an inbox item, its checks and its record (docs/moderation.md).

- `available_actions(item, membership)`: what this member may do to this item now (their role and
  training x what the platform allows x the item's state). Pages show only these.
- `act(item, kind, *, by, version, **params)`: one action. Local actions (done, reopen, assign, note,
  escalate) happen at once; platform actions (hide, unhide, reply, report, block, mute, delete) are
  recorded as pending and sent by a task (`send_action`, below), claimed so that it runs once.
- `act_on_many(item_ids, kind, *, by, **params)`: done, assign or hide on at most 100 items.
- `undo(action, *, by)`: show a hidden reply again, or reopen an item marked done.

Two moderators acting on one item at once: each action says which version of the item it was chosen
on, and moves `Item.version` on with a conditional UPDATE; the second one finds the version moved and
gets `Stale`, whose `latest` is the action that moved it. Nothing is overwritten silently.
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.timesince import timesince

from harbour.accounts.access import NotAllowed, missing_training
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.audit.services import record
from harbour.channels.models import Status
from harbour.connectors.platform import REPORT_REASON_LABELS, ReportReason
from harbour.inbox.models import Item, ItemKind, ItemStatus
from harbour.inbox.screened import ScreeningAction, screen_stored
from harbour.inbox.services import can_read, readable_items
from harbour.jobs.queue import enqueue_on_commit
from harbour.lib.bidi import isolate
from harbour.moderation.models import (
    PLATFORM_CAPABILITY,
    PLATFORM_KINDS,
    ActionKind,
    ActionState,
    ModerationAction,
)
from harbour.moderation.tasks import send_action
from harbour.safeguarding.services import escalate_in
from harbour.screening.verdict import Direction

logger = logging.getLogger(__name__)

BULK_LIMIT = 100
BULK_KINDS = (ActionKind.DONE, ActionKind.ASSIGN, ActionKind.HIDE)
NOTE_LENGTH = 2_000

# In the order the item's page offers them: the common ones first.
ORDER = (
    ActionKind.HIDE,
    ActionKind.DONE,
    ActionKind.ESCALATE,
    ActionKind.REPLY,
    ActionKind.ASSIGN,
    ActionKind.NOTE,
    ActionKind.REPORT,
    ActionKind.BLOCK,
    ActionKind.MUTE,
    ActionKind.UNHIDE,
    ActionKind.REOPEN,
    ActionKind.DELETE,
)
# Items that sit in a thread under the organisation's own post, where hiding a reply is possible.
IN_A_THREAD = (ItemKind.REPLY, ItemKind.COMMENT)

PAST = {
    ActionKind.HIDE: "hid this",
    ActionKind.UNHIDE: "showed this again",
    ActionKind.REPLY: "replied to this",
    ActionKind.REPORT: "reported this",
    ActionKind.BLOCK: "blocked this author",
    ActionKind.MUTE: "muted this author",
    ActionKind.DELETE: "deleted this",
    ActionKind.DONE: "marked this done",
    ActionKind.REOPEN: "reopened this",
    ActionKind.ASSIGN: "assigned this",
    ActionKind.NOTE: "added a note",
    ActionKind.ESCALATE: "escalated this to safeguarding",
}


class Stale(Exception):
    """The item changed since the moderator saw it: `latest` is the action that changed it (None when it
    changed some other way). Nothing was done."""

    def __init__(self, latest: ModerationAction | None):
        self.latest = latest
        super().__init__(self.sentence())

    def sentence(self, now=None) -> str:
        if self.latest is None:
            return "Someone changed this item while you were looking at it; your change was not made."
        who = self.latest.by.user.full_name or self.latest.by.user.email
        ago = timesince(self.latest.created_at, now or timezone.now()).split(",")[0]
        when = "just now" if ago.startswith("0\xa0") else f"{ago} ago"
        return f"{isolate(who)} {PAST[self.latest.kind]} {when}; your change was not made."


class ReplyHeld(ValueError):
    """Screening the draft reply says to hold it for review; `findings` say why."""

    def __init__(self, findings: list[dict]):
        self.findings = findings
        reasons = "; ".join(dict.fromkeys(str(f.get("reason", "")) for f in findings if f.get("reason")))
        super().__init__(
            "Harbour did not send this reply: screening says to hold it back"
            + (f" ({reasons})" if reasons else "")
            + ". Change it and try again, or ask your safeguarding lead."
        )


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)  # item ids acted on
    refused: dict[str, list[int]] = field(default_factory=dict)  # why -> item ids

    @property
    def refused_count(self) -> int:
        return sum(len(ids) for ids in self.refused.values())


# Who may moderate this item


def _refusal_for_member(item: Item, by: Membership, *, reading: bool = True) -> str | None:
    """Why `by` may not moderate `item` at all, or None. `reading`: check the item's channel too."""
    if by is None or not by.is_active or by.organisation_id != item.organisation_id:
        return "You can only moderate items of your own organisation."
    if not by.can(Capability.MODERATE):
        return "Only managers, moderators and safeguarding leads can moderate the inbox."
    if missing_training(by, Capability.MODERATE):
        return "You need current social media training, verified by a manager, before you moderate."
    if reading and not can_read(by, item):
        return "You can only moderate items from the channels you own or moderate."
    return None


def is_hidden(item: Item) -> bool:
    """Whether the item is hidden: Harbour hid it (or is hiding it) and has not shown it again, or it
    arrived hidden (Item.hidden_on_arrival) and no moderator has shown it since."""
    latest = (
        ModerationAction.objects.filter(item=item, kind__in=(ActionKind.HIDE, ActionKind.UNHIDE))
        .exclude(state=ActionState.FAILED)
        .order_by("-pk")
        .values_list("kind", flat=True)
        .first()
    )
    return latest == ActionKind.HIDE if latest else item.hidden_on_arrival


def is_own_post(item: Item) -> bool:
    """The item is one of the organisation's own posts: its author is the channel's own account. Only
    these may be deleted."""
    handle = item.channel.handle.lstrip("@").casefold()
    return bool(handle) and item.author.handle.lstrip("@").casefold() == handle


def _on_platform(item: Item, kind: ActionKind) -> bool:
    return ModerationAction.objects.filter(item=item, kind=kind).exclude(state=ActionState.FAILED).exists()


def _refusal(item: Item, kind: ActionKind, by: Membership) -> str | None:
    """Why this action is not possible on the item now (its state, the platform), or None."""
    channel = item.channel
    if kind in PLATFORM_KINDS:
        label = channel.platform_entry.label
        if not channel.can(PLATFORM_CAPABILITY[kind]):
            return f"Harbour cannot {ActionKind(kind).label.lower()} on {label}."
        if channel.reconnect_needed:
            return (
                f"{isolate(channel.name)} needs reconnecting before Harbour can act on {label}: "
                "a manager must enter a new credential."
            )
        if channel.status != Status.ACTIVE:
            return f"{isolate(channel.name)} is not active, so Harbour cannot act on {label} for it."
        if _on_platform(item, ActionKind.DELETE) and kind != ActionKind.DELETE:
            return "This post has been deleted."
    if kind == ActionKind.HIDE:
        if item.kind not in IN_A_THREAD or not item.thread_id:
            return "Only a reply in a thread under the organisation's post can be hidden."
        if is_own_post(item):
            return "This is the organisation's own post: delete it instead of hiding it."
        if is_hidden(item):
            return "This item is already hidden."
    elif kind == ActionKind.UNHIDE:
        if item.kind not in IN_A_THREAD or not item.thread_id:
            # A written answer or a complaint on Harbour's own pages arrives hidden and is never public.
            return "Only a reply in a thread can be shown: this was never public."
        if not is_hidden(item):
            return "This item is not hidden."
    elif kind == ActionKind.REPLY:
        if item.kind == ItemKind.DIRECT_MESSAGE:
            return "Harbour replies in public threads only: answer a direct message in the platform's app."
    elif kind in (ActionKind.BLOCK, ActionKind.MUTE, ActionKind.REPORT):
        if is_own_post(item):
            return "This is the organisation's own account."
    elif kind == ActionKind.DELETE:
        if not is_own_post(item):
            return "Harbour deletes only the organisation's own posts."
        if _on_platform(item, ActionKind.DELETE):
            return "This post has been deleted."
    elif kind == ActionKind.DONE:
        if item.status == ItemStatus.DONE:
            return "This item is already done."
    elif kind == ActionKind.REOPEN:
        if item.status == ItemStatus.NEEDS_ACTION:
            return "This item already needs action."
        if item.status == ItemStatus.ESCALATED and not by.can(Capability.HANDLE_CONCERNS):
            return "Only a safeguarding lead can reopen an escalated item."
    elif kind == ActionKind.ESCALATE and item.status == ItemStatus.ESCALATED:
        return "This item has already been escalated."
    return None


def available_actions(item: Item, membership: Membership) -> list[ActionKind]:
    """What `membership` may do to `item` now, in the order the page offers them."""
    if _refusal_for_member(item, membership) is not None:
        return []
    return [kind for kind in ORDER if _refusal(item, kind, membership) is None]


# Acting


def _clean(item: Item, kind: ActionKind, by: Membership, params: dict) -> tuple[dict, dict]:
    """The action's stored params and the item's changes, or ValueError/NotAllowed with a sentence."""
    now = timezone.now()
    text = str(params.get("text") or "").strip()
    reason = str(params.get("reason") or "").strip()
    if kind == ActionKind.DONE:
        return {}, {"status": ItemStatus.DONE, "done_at": now}
    if kind == ActionKind.REOPEN:
        return {}, {"status": ItemStatus.NEEDS_ACTION, "done_at": None}
    if kind == ActionKind.ASSIGN:
        to = params.get("to")
        if to is None:
            return {"to": None}, {"assigned_to": None}
        if not isinstance(to, Membership):
            to = Membership.objects.filter(pk=to).first()
        if (
            to is None
            or to.organisation_id != item.organisation_id
            or not to.is_active
            or not to.can(Capability.MODERATE)
            or not can_read(to, item)
        ):
            raise NotAllowed("Choose a moderator of this organisation who can read this item's channel.")
        return {"to": to.pk}, {"assigned_to": to}
    if kind == ActionKind.ESCALATE:  # the concern it raises is made in _act, once the item has moved on
        return {}, {"status": ItemStatus.ESCALATED, "assigned_to": None, "done_at": None}
    if kind == ActionKind.NOTE:
        if not text:
            raise ValueError("Enter a note.")
        if len(text) > NOTE_LENGTH:
            raise ValueError(f"Keep the note to {NOTE_LENGTH:,} characters or fewer.")
        return {"text": text}, {}
    if kind == ActionKind.REPORT:
        if not reason:
            raise ValueError("Enter why you are reporting this.")
        if len(reason) > NOTE_LENGTH:
            raise ValueError(f"Keep the reason to {NOTE_LENGTH:,} characters or fewer.")
        return {"reason": reason, "reason_kind": _report_reason(item, params.get("reason_kind"))}, {}
    if kind == ActionKind.REPLY:
        return _clean_reply(item, text), _dealt_with(item, now)
    if kind == ActionKind.HIDE:
        return {}, _dealt_with(item, now)
    return {}, {}


def _report_reason(item: Item, chosen) -> str:
    """The kind of report the moderator chose ("other" when none), if the item's platform takes it."""
    entry = item.channel.platform_entry
    chosen = str(chosen or ReportReason.OTHER)
    if not entry.takes_report(chosen):
        label = REPORT_REASON_LABELS.get(chosen, (chosen,))[0]
        offered = ", ".join(label for _, label, _ in entry.report_reason_choices())
        raise ValueError(
            f"{entry.label} does not take reports as \u201c{label}\u201d. Choose one of its reasons: {offered}."
        )
    return chosen


def _dealt_with(item: Item, now) -> dict:
    """Hiding or replying deals with an item that needs action: it leaves the queue as done (an escalated
    item stays with safeguarding). Should the platform refuse for good, sending.py puts it back."""
    if item.status == ItemStatus.NEEDS_ACTION:
        return {"status": ItemStatus.DONE, "done_at": now}
    return {}


def _clean_reply(item: Item, text: str) -> dict:
    """A reply is screened as an outgoing draft first, and must fit the platform."""
    if not text:
        raise ValueError("Enter your reply.")
    # Measured as the platform measures it (graphemes on Bluesky, web addresses as 23 on Mastodon).
    if too_long := item.channel.platform_entry.too_long(text):
        raise ValueError(too_long)
    screened = screen_stored(text, direction=Direction.OUTGOING, channel=item.channel, about="a draft reply")
    # Outgoing text is never hidden by screening, only held for review: a person fixes it before it is sent.
    if screened.action != ScreeningAction.ALLOW:
        raise ReplyHeld(list(screened.verdict.get("findings") or []))
    return {"text": text, "screening": {"severity": screened.severity, "action": str(screened.action)}}


def _latest_action(item_pk: int) -> ModerationAction | None:
    return ModerationAction.objects.select_related("by__user").filter(item_id=item_pk).order_by("-pk").first()


def _act(
    item: Item, kind, *, by: Membership, version: int, undo_of=None, read: bool = False, **params
) -> ModerationAction:
    """act() without its transaction (act_on_many runs many in one). `read`: act_on_many has checked the
    member and read `item` from readable_items(by) in this transaction (the version check still guards)."""
    kind = ActionKind(kind)
    if read:
        current = item
    else:
        refusal = _refusal_for_member(item, by, reading=False)
        if refusal:
            raise NotAllowed(refusal)
        current = Item.objects.select_related("channel", "author", "organisation").filter(pk=item.pk).first()
        if current is None:
            raise NotAllowed("This item has been deleted from Harbour.")
        if not can_read(by, current):
            raise NotAllowed("You can only moderate items from the channels you own or moderate.")
    if current.version != version:
        raise Stale(_latest_action(current.pk))
    refusal = _refusal(current, kind, by)
    if refusal:
        raise NotAllowed(refusal)
    stored, changes = _clean(current, kind, by, params)
    # On Harbour's own pages (a consultation board) Harbour is the platform: the action is done when recorded.
    sent = kind in PLATFORM_KINDS and not current.channel.platform_entry.hosted
    moved = Item.objects.filter(pk=current.pk, version=version).update(version=F("version") + 1, **changes)
    if not moved:  # another moderator's action committed between our read and this write
        raise Stale(_latest_action(current.pk))
    if kind == ActionKind.ESCALATE:
        # The hand-over: a safeguarding concern with the item as its evidence, in this transaction. What the
        # moderator wrote is the concern's, never the action's (the history is read by every moderator).
        stored = {"concern": _hand_over(current, by, params).pk}
    action = ModerationAction.objects.create(
        organisation_id=current.organisation_id,
        item=current,
        kind=kind,
        by=by,
        params=stored,
        item_version=version + 1,
        undo_of=undo_of,
        state=ActionState.PENDING if sent else ActionState.DONE,
    )
    for name, value in {**changes, "version": version + 1}.items():
        setattr(item, name, value)
    detail = {"kind": kind.value, "version": version + 1, "undo_of": undo_of.pk if undo_of else None}
    if kind == ActionKind.ASSIGN:
        detail["to"] = stored["to"]
    if kind == ActionKind.DONE:
        # The type marking an item done has always recorded (mark as reviewed, before moderation).
        record(
            "inbox.item_reviewed", by=by.user, organisation=current.organisation, obj=current, detail=detail
        )
    else:
        record(
            "moderation.action_taken",
            by=by.user,
            organisation=current.organisation,
            obj=current,
            detail=detail,
        )
    if sent:
        enqueue_on_commit(send_action, action_id=action.pk)
    return action


@transaction.atomic(durable=True)
def act(item: Item, kind, *, by: Membership, version: int, **params) -> ModerationAction:
    """One moderation action on `item`, chosen when the item was at `version`. params: reply `text`,
    assign `to` (a Membership, or None for nobody), note `text`, escalate `summary`, `category`, `severity`
    and `immediate_danger` (the concern it raises), report `reason` (the
    moderator's words) and `reason_kind` (a ReportReason the platform takes; "other" when none is given).

    Raises NotAllowed (wrong role or organisation, no training, a channel the member does not read, or
    the platform or the item's state does not allow it), Stale (the item moved on: nothing done), and
    ValueError with a sentence for the moderator (an empty note, a reply over the platform's length;
    ReplyHeld when screening holds a reply back)."""
    return _act(item, kind, by=by, version=version, **params)


def act_within(item: Item, kind, *, by: Membership, version: int, **params) -> ModerationAction:
    """act() inside the caller's transaction, for a service that records its own change with the action
    (deciding a complaint about a board post): the same checks and record, committed or rolled back with
    the caller's change. Outside a transaction it is refused, so it never commits half a decision."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("act_within() runs inside the caller's transaction; use act() otherwise")
    return _act(item, kind, by=by, version=version, **params)


@transaction.atomic(durable=True)
def act_on_many(item_ids, kind, *, by: Membership, **params) -> BulkResult:
    """Done, assign or hide on each of at most 100 items, each checked as act() checks one. An item that
    is refused (not found, not allowed, already done) is counted with why; the others go ahead."""
    kind = ActionKind(kind)
    if kind not in BULK_KINDS:
        raise ValueError("Only mark done, assign and hide can be done to many items at once.")
    ids = list(dict.fromkeys(int(pk) for pk in item_ids))
    if not ids:
        raise ValueError("Select at least one item.")
    if len(ids) > BULK_LIMIT:
        raise ValueError(f"Select at most {BULK_LIMIT} items at once; you selected {len(ids)}.")
    refusal = "You can only moderate items of your own organisation." if by is None else None
    refusal = refusal or _refusal_for_member(Item(organisation_id=by.organisation_id), by, reading=False)
    if refusal:
        raise NotAllowed(refusal)
    result = BulkResult()
    items = {
        item.pk: item
        for item in readable_items(by).filter(pk__in=ids).select_related("channel", "author", "organisation")
    }
    for pk in ids:
        item = items.get(pk)
        if item is None:
            result.refused.setdefault("Not found in your inbox.", []).append(pk)
            continue
        try:
            with transaction.atomic():  # a savepoint: a refused item leaves the others as they are
                _act(item, kind, by=by, version=item.version, read=True, **params)
        except (NotAllowed, Stale, ValueError) as exc:
            result.refused.setdefault(str(exc), []).append(pk)
        else:
            result.done.append(pk)
    return result


def undo(action: ModerationAction, *, by: Membership) -> ModerationAction:
    """Undo a mistaken hide (show the reply again, where the platform allows it) or done (reopen)."""
    if by is None or action.organisation_id != by.organisation_id:
        raise NotAllowed("You can only undo actions of your own organisation.")
    if action.kind not in (ActionKind.HIDE, ActionKind.DONE):
        raise NotAllowed("Only hiding an item and marking it done can be undone.")
    if action.undone_by.exists():
        raise NotAllowed("This has already been undone.")
    item = Item.objects.select_related("channel", "author").get(pk=action.item_id)
    if action.kind == ActionKind.HIDE:
        if action.state != ActionState.SUCCEEDED:
            raise NotAllowed("Harbour can show the reply again once hiding it has been done.")
        return act(item, ActionKind.UNHIDE, by=by, version=item.version, undo_of=action)
    if item.status != ItemStatus.DONE:
        raise NotAllowed("This item is no longer marked done.")
    return act(item, ActionKind.REOPEN, by=by, version=item.version, undo_of=action)


# Escalation


def _hand_over(item: Item, by: Membership, params: dict):
    """Raise the concern an escalation hands over, or join the one Harbour raised from this item at ingest
    (harbour/safeguarding/services.py escalate_in). The leads are e-mailed after the commit by the
    safeguarding alerts (harbour/safeguarding/alerts.py), with who escalated it and its category, never the
    item's text or the summary."""
    return escalate_in(
        item,
        by=by,
        summary=params.get("summary"),
        category=params.get("category"),
        severity=params.get("severity"),
        immediate_danger=bool(params.get("immediate_danger")),
    )


def escalated_count(organisation) -> int:
    return Item.objects.filter(organisation=organisation, status=ItemStatus.ESCALATED).count()


def history(item: Item):
    """The item's actions, newest first, for its page."""
    return (
        ModerationAction.objects.filter(item=item)
        .select_related("by__user", "undo_of")
        .prefetch_related("undone_by")
        .order_by("-created_at", "-pk")
    )
