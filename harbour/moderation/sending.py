"""Sending a platform action (hide, unhide, reply, report, block, mute, delete): the work of the task
`harbour.moderation.tasks.send_action`. A scheduled job, so there is no actor.

Never twice: the action is claimed pending -> running (committed) before the platform is called, so of
two workers one sends it, and a finished action is never sent again. A worker killed mid-call leaves it
running: the task comes back (harbour/jobs/stale.py requeues it), and a repeatable action (hide, block...)
is sent again, which is harmless, while a reply or a report is marked failed for a person to check, never
posted twice. Never lost: a temporary error puts it back to pending with a later try (`Sent.retry_at`,
which the task enqueues), and the scheduler enqueues any pending action whose try is long overdue
(`enqueue_due`). A permanent error fails it with what to do instead.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F
from django.utils import timezone

from harbour.audit.services import record
from harbour.channels.connecting import connector_for
from harbour.connectors.base import PublishRequest
from harbour.connectors.platform import ReportReason
from harbour.inbox.models import Item, ItemStatus
from harbour.jobs.attempts import Attempts
from harbour.moderation.models import ActionKind, ActionState, ModerationAction

ATTEMPTS = Attempts(
    ModerationAction, "moderation action", pending=ActionState.PENDING, failed=ActionState.FAILED
)
MAX_ATTEMPTS = ATTEMPTS.max_attempts  # tried this many times, over about half an hour, then it has failed
# Sending one of these twice does no harm (hiding a hidden reply, blocking a blocked account), so one whose
# worker died mid-call is sent again. A reply or a report sent twice would be seen twice.
CLOSES_THE_ITEM = frozenset({ActionKind.HIDE, ActionKind.REPLY})  # services._dealt_with
REPEATABLE = frozenset(
    {ActionKind.HIDE, ActionKind.UNHIDE, ActionKind.BLOCK, ActionKind.MUTE, ActionKind.DELETE}
)


@dataclass(frozen=True)
class Sent:
    outcome: str  # sent, failed, reconnect, interrupted, retry, not yet, taken, finished
    retry_at: datetime | None = None  # for "retry": when the task should try again

    def as_dict(self) -> dict:
        return {"outcome": self.outcome, "retry_at": self.retry_at.isoformat() if self.retry_at else None}


def what_to_do_instead(action: ModerationAction) -> str:
    """After a permanent failure: how to do it another way, in the platform's own app."""
    channel = action.item.channel
    label = channel.platform_entry.label
    return {
        ActionKind.HIDE: f"Hide it in the {label} app: find the reply under your post and choose to hide it. "
        "Report it as well if it breaks the platform's rules.",
        ActionKind.UNHIDE: f"Show it again in the {label} app: find the hidden reply under your post.",
        ActionKind.REPLY: f"Copy your reply from this item's history and post it from the {label} app.",
        ActionKind.REPORT: f"Report it in the {label} app instead, to {channel.platform_entry.report_to}.",
        ActionKind.BLOCK: f"Block the account in the {label} app instead, from its profile.",
        ActionKind.MUTE: f"Mute the account in the {label} app instead, from its profile.",
        ActionKind.DELETE: f"Delete the post in the {label} app instead.",
    }[ActionKind(action.kind)]


def _perform(action: ModerationAction) -> tuple[str, str]:
    """Send the action to the platform: (the platform's answer in words, its reference)."""
    item = action.item
    connector = connector_for(item.channel)
    entry = item.channel.platform_entry
    author = item.author.platform_author_id
    match action.kind:
        case ActionKind.HIDE:
            connector.hide(item.platform_id, item.thread_id)
            return f"Hidden on {entry.label}", ""
        case ActionKind.UNHIDE:
            connector.unhide(item.platform_id, item.thread_id)
            return f"Shown again on {entry.label}", ""
        case ActionKind.REPLY:
            published = connector.publish(PublishRequest(action.params["text"], reply_to=item.platform_id))
            return f"Reply posted on {entry.label}", published.platform_id
        case ActionKind.REPORT:
            reason_kind = action.params.get("reason_kind") or ReportReason.OTHER  # none before it was chosen
            reference = connector.report(item.platform_id, author, action.params["reason"], reason_kind)
            return f"Reported to {entry.report_to}", str(reference or "")
        case ActionKind.BLOCK:
            connector.block(author)
            return f"Author blocked on {entry.label}", ""
        case ActionKind.MUTE:
            connector.mute(author)
            return f"Author muted on {entry.label}", ""
        case ActionKind.DELETE:
            connector.delete(item.platform_id)
            return f"Deleted from {entry.label}", ""
    raise ValueError(f"{action.kind} is not a platform action")


def _claim(action: ModerationAction, when: dict, change: dict) -> bool:
    """Change the action's outcome if it still holds `when`, with its audit event (harbour/jobs/attempts.py)."""
    return ATTEMPTS.change(action, when, change, lambda: _record(action, change))


def _record(action: ModerationAction, change: dict) -> None:
    """The audit event of a finished attempt, in the transaction that records it."""
    detail = {"kind": action.kind, "attempts": action.attempts}
    if change.get("state") == ActionState.SUCCEEDED:
        record("moderation.action_sent", organisation=action.organisation, obj=action.item, detail=detail)
        if action.kind == ActionKind.REPLY:
            Item.objects.filter(pk=action.item_id, responded_at__isnull=True).update(
                responded_at=change["finished_at"]
            )
    elif change.get("state") == ActionState.FAILED:
        detail["error"] = action.error[:500]
        record("moderation.action_failed", organisation=action.organisation, obj=action.item, detail=detail)
        if action.kind in CLOSES_THE_ITEM:
            # The hide or reply that marked it done did not happen: back to the queue, with what to do instead.
            Item.objects.filter(pk=action.item_id, status=ItemStatus.DONE).update(
                status=ItemStatus.NEEDS_ACTION, done_at=None, version=F("version") + 1
            )


def _failed(action: ModerationAction, holding: dict, error: str, what_to_do: str) -> bool:
    change = ATTEMPTS.for_a_person(error, finished_at=timezone.now(), what_to_do=what_to_do)
    return _claim(action, holding, change)


def send_action(action_id: int, now=None) -> Sent:
    """Send one pending platform action, once (see the module's docstring)."""
    now = now or timezone.now()
    action = ModerationAction.objects.select_related("item__channel", "item__author", "organisation").get(
        pk=action_id
    )
    if action.state not in (ActionState.PENDING, ActionState.RUNNING):
        return Sent("finished")  # already done, or failed: never twice
    if action.state == ActionState.PENDING:
        if ATTEMPTS.early(action, now):
            return Sent("not yet")  # an early delivery: the task for its time comes later
        attempts = action.attempts + 1
        seen = {"state": ActionState.PENDING, "attempts": action.attempts}
    else:  # RUNNING: the run that claimed it never finished (its worker died, or it outlived the lease)
        attempts = action.attempts
        seen = {"state": ActionState.RUNNING, "attempts": attempts, "started_at": action.started_at}
        if action.kind not in REPEATABLE:
            what = "reply" if action.kind == ActionKind.REPLY else "report"
            label = action.item.channel.platform_entry.label
            _failed(
                action,
                seen,
                f"Harbour was stopped while sending this {what}, so it may or may not have been sent.",
                f"Check the thread in the {label} app. If your {what} is not there, do it again.",
            )
            return Sent("interrupted")
    holding = {"state": ActionState.RUNNING, "attempts": attempts, "started_at": now}
    if not ATTEMPTS.hold(action, seen, holding):
        return Sent("taken")  # another worker has it
    from harbour.inbox.ingest import needs_reconnect  # the channel's own flow: flag it, tell managers

    channel = action.item.channel
    tried = ATTEMPTS.attempt(
        action,
        holding,
        attempts,
        lambda: _perform(action),
        give_up=lambda error: _failed(action, holding, error, what_to_do_instead(action)),
        refused=lambda exc: _failed(
            action,
            holding,
            f"{channel.platform_entry.label} refused Harbour's credential: {exc.message}",
            "Reconnect the channel: a manager enters a new credential (Channels, then "
            f"{channel.name}, then Credentials), then do this again. Until then: "
            + what_to_do_instead(action),
        ),
        reconnect=lambda message: needs_reconnect(channel, message),
    )
    if tried.outcome != "done":
        return Sent(tried.outcome, tried.retry_at)
    answer, reference = tried.result
    change = {
        "state": ActionState.SUCCEEDED,
        "finished_at": timezone.now(),
        "answer": answer[:500],
        "reference": reference[:500],
        "error": "",
    }
    _claim(action, holding, change)
    return Sent("sent")


def overdue(now) -> list[tuple[int, datetime | None]]:
    """Pending actions whose try is long overdue, as (id, next_try_at): their task was lost (a broker that
    lost it, a worker that died between recording a retry and enqueueing it)."""
    return ATTEMPTS.lost(now, first_try="created_at")
