"""The demo's moderation history for `harbour seed_demo`: on the oldest item still needing action in a
channel the demo moderator reads, the manager assigns it to the moderator and the moderator adds a note,
so the item's page shows a history and the "assigned to me" queue has an item. Nothing is marked done or
escalated here, so the response-times demo's overdue items stay overdue.

Made through act() with the demo's people; safe to run again (only an organisation with no action yet
gets them).
"""

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.inbox.models import ItemStatus
from harbour.inbox.services import readable_items
from harbour.moderation.models import ModerationAction
from harbour.moderation.services import Stale, act


def seed(organisation, members) -> None:
    manager, moderator = members[Role.MANAGER], members[Role.MODERATOR]
    if ModerationAction.objects.for_org(organisation).exists():
        return
    item = (
        readable_items(moderator)
        .filter(status=ItemStatus.NEEDS_ACTION)
        .select_related("channel", "author")
        .order_by("received_at", "pk")
        .first()
    )
    if item is None:
        return
    try:
        assigned = act(item, "assign", by=manager, version=item.version, to=moderator)
        act(
            item,
            "note",
            by=moderator,
            version=assigned.item_version,
            text="Asked the youth worker who ran the session; replying once they have answered.",
        )
    except (NotAllowed, Stale, ValueError):
        # Someone using the demo changed a demo person's role or their training: leave it as it is.
        return
