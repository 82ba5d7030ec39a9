"""The item's moderation history for its page: `{% moderation_history item as entries %}`."""

from django import template

from harbour.accounts.models import Membership
from harbour.connectors.platform import REPORT_REASON_LABELS
from harbour.moderation import services
from harbour.moderation.models import ActionKind, ActionState
from harbour.safeguarding.access import readable_concerns

register = template.Library()

# What the history calls each action: what was done for an action done at once, what was asked for one the
# platform has still to do (its state says how that went).
DONE_AS = {
    ActionKind.DONE: "Marked done",
    ActionKind.REOPEN: "Reopened",
    ActionKind.ASSIGN: "Assigned",
    ActionKind.NOTE: "Note",
    ActionKind.ESCALATE: "Escalated to safeguarding",
    ActionKind.HIDE: "Hide",
    ActionKind.UNHIDE: "Show again",
    ActionKind.REPLY: "Reply",
    ActionKind.REPORT: "Report to the platform",
    ActionKind.BLOCK: "Block the author",
    ActionKind.MUTE: "Mute the author",
    ActionKind.DELETE: "Delete the post",
}


@register.simple_tag(takes_context=True)
def moderation_history(context, item) -> list[dict]:
    """Each action on the item, newest first, with whether this member can undo it from here."""
    actions = list(services.history(item))
    assignees = {
        m.pk: m
        for m in Membership.objects.filter(
            organisation_id=item.organisation_id,
            pk__in=[
                a.params.get("to") for a in actions if a.kind == ActionKind.ASSIGN and a.params.get("to")
            ],
        ).select_related("user")
    }
    available = context.get("actions") or []
    # The concern an escalation raised, linked for those who may read it (harbour/safeguarding/access.py).
    membership = getattr(context.get("request"), "membership", None)
    raised = [a.params.get("concern") for a in actions if a.kind == ActionKind.ESCALATE]
    readable = set(
        readable_concerns(membership).filter(pk__in=[pk for pk in raised if pk]).values_list("pk", flat=True)
        if any(raised)
        else ()
    )
    latest_done = next((a.pk for a in actions if a.kind == ActionKind.DONE), None)
    entries = []
    for action in actions:
        undone = bool(action.undone_by.all())
        undoable = not undone and (
            (
                action.kind == ActionKind.HIDE
                and action.state == ActionState.SUCCEEDED
                and ActionKind.UNHIDE in available
            )
            or (
                action.kind == ActionKind.DONE and action.pk == latest_done and ActionKind.REOPEN in available
            )
        )
        entries.append(
            {
                "action": action,
                "said": DONE_AS[ActionKind(action.kind)],
                "assignee": assignees.get(action.params.get("to"))
                if action.kind == ActionKind.ASSIGN
                else None,
                "undone": undone,
                "undoable": undoable,
                "concern": action.params.get("concern") if action.params.get("concern") in readable else None,
                # The kind of report sent, in the form's words ("Spam"); none before reasons were chosen.
                "reported_as": REPORT_REASON_LABELS.get(action.params.get("reason_kind"), ("",))[0]
                if action.kind == ActionKind.REPORT
                else "",
            }
        )
    return entries
