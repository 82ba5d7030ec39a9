"""Saved replies: the library's changes, the starter privacy advice, and the advice that fits an item.

Every saved text is screened as an outgoing draft through `screen_stored` and its reading age measured
by the readability detector's `measure`, whenever it is saved. Privacy advice must read at age 11 or
under (guidance 5.3: plain English a young person can read); a text that screening would hold back
is refused whatever its kind. Sending goes through harbour.moderation's `act`, never here.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from harbour.accounts.access import NotAllowed, require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership, Organisation
from harbour.audit.services import record
from harbour.inbox.screened import ScreeningAction, screen_stored
from harbour.moderation.models import ActionKind, ModerationAction
from harbour.moderation.services import Stale, act, available_actions
from harbour.replies.models import AdviceTopic, ReplyKind, SavedReply
from harbour.replies.starter import STARTER_ADVICE
from harbour.screening import reading_age
from harbour.screening.verdict import Category, Direction, Severity

logger = logging.getLogger(__name__)

ADVICE_MAX_AGE = 11  # guidance 5.3 asks for a reading age of 9 to 11

# Which advice fits which personal-information detector (harbour/screening/detectors/personal_info.py).
TOPIC_OF_DETECTOR = {
    "phone_number": AdviceTopic.PHONE,
    "email": AdviceTopic.PHONE,
    "uk_postcode": AdviceTopic.ADDRESS,
    "street_address": AdviceTopic.ADDRESS,
    "school_name": AdviceTopic.SCHOOL,
    "age_or_birthday": AdviceTopic.AGE_PLACE,
    "meeting_place": AdviceTopic.AGE_PLACE,
    "social_handle": AdviceTopic.ADD_ME,
}


class ReplyRefused(ValueError):
    """A saved reply that may not be kept as it is: the message says what to change."""


@dataclass(frozen=True)
class Checked:
    reading_age: Decimal
    screened: object  # harbour.inbox.screened.Screened


def reading_age_of(text: str) -> Decimal:
    """The text's reading age (harbour.screening.reading_age), to one decimal place."""
    return Decimal(str(round(reading_age(text), 1)))


def check_text(text: str, kind: str) -> Checked:
    """Screen a reply as an outgoing draft and measure its reading age; ReplyRefused with a sentence
    when screening finds something serious (severity high or above), or when privacy advice reads above
    age 11. Lesser findings are kept on the reply and shown as "check the wording"."""
    screened = screen_stored(text, direction=Direction.OUTGOING, about="a saved reply")
    age = reading_age_of(text)
    # Screening only ever asks for review of an outgoing text; a serious finding is no reply to keep.
    if screened.severity >= Severity.HIGH or screened.action in (
        ScreeningAction.HIDE,
        ScreeningAction.ESCALATE,
    ):
        reasons = "; ".join(
            dict.fromkeys(
                f.get("reason", "") for f in screened.verdict.get("findings", []) if isinstance(f, dict)
            )
        )
        raise ReplyRefused(f"Screening would hold this reply back: {reasons or 'change the wording'}.")
    if kind == ReplyKind.PRIVACY_ADVICE and round(age) > ADVICE_MAX_AGE:
        raise ReplyRefused(
            f"This advice has a reading age of about {round(age)}. Privacy advice must be easy to read at "
            f"age {ADVICE_MAX_AGE} or under: use shorter sentences and shorter words."
        )
    return Checked(age, screened)


def _require_manager(by: Membership, organisation_id: int) -> None:
    require(by, Capability.MANAGE_REPLIES, organisation_id, "Only a manager can change the saved replies.")


@transaction.atomic(durable=True)
def save_reply(reply: SavedReply, *, by: Membership) -> SavedReply:
    """Add a saved reply (no pk yet) or keep the changes made to one. NotAllowed for anyone but a
    manager of its organisation; ReplyRefused when screening or the reading age refuses its text."""
    _require_manager(by, reply.organisation_id)
    if reply.kind != ReplyKind.PRIVACY_ADVICE:
        reply.topic = AdviceTopic.ANY
    checked = check_text(reply.text, reply.kind)
    reply.store(checked.screened)
    reply.reading_age = checked.reading_age
    now = timezone.now()
    added = reply.pk is None
    if added:
        reply.created_by, reply.created_at = by, now
    reply.updated_by, reply.updated_at = by, now
    reply.save()
    record(
        "saved_reply.added" if added else "saved_reply.changed",
        by=by.user,
        organisation=reply.organisation,
        obj=reply,
        detail={"kind": reply.kind, "reading_age": float(reply.reading_age)},
    )
    return reply


@transaction.atomic(durable=True)
def set_active(reply: SavedReply, active: bool, *, by: Membership) -> SavedReply:
    """Retire a saved reply (moderators no longer see it) or bring it back; managers only."""
    _require_manager(by, reply.organisation_id)
    if reply.active != active:
        SavedReply.objects.filter(pk=reply.pk).update(active=active, updated_by=by, updated_at=timezone.now())
        reply.active = active
        record(
            "saved_reply.restored" if active else "saved_reply.retired",
            by=by.user,
            organisation=reply.organisation,
            obj=reply,
            detail={"kind": reply.kind},
        )
    return reply


def has_privacy_advice(organisation: Organisation) -> bool:
    return SavedReply.objects.for_org(organisation).filter(kind=ReplyKind.PRIVACY_ADVICE).exists()


@transaction.atomic(durable=True)
def add_starter_advice(organisation: Organisation, *, by: Membership) -> int:
    """Give an organisation that has no privacy advice (retired advice counts as some) the starter
    library; returns how many were added (0 when it had some). Managers only, as for any change."""
    _require_manager(by, organisation.pk)
    if has_privacy_advice(organisation):
        return 0
    now = timezone.now()
    for topic, title, text in STARTER_ADVICE:
        checked = check_text(text, ReplyKind.PRIVACY_ADVICE)
        reply = SavedReply(
            organisation=organisation,
            title=title,
            text=text,
            kind=ReplyKind.PRIVACY_ADVICE,
            topic=topic,
            reading_age=checked.reading_age,
            created_by=by,
            created_at=now,
            updated_by=by,
            updated_at=now,
        )
        reply.store(checked.screened)
        reply.save()
    record(
        "saved_reply.starters_added",
        by=by.user,
        organisation=organisation,
        detail={"kind": ReplyKind.PRIVACY_ADVICE.value, "rows": len(STARTER_ADVICE)},
    )
    return len(STARTER_ADVICE)


def starter_preview() -> list[SavedReply]:
    """The starter advice as it would be added, unsaved, to show before a manager adds it."""
    return [
        SavedReply(
            title=title,
            text=text,
            kind=ReplyKind.PRIVACY_ADVICE,
            topic=topic,
            reading_age=reading_age_of(text),
        )
        for topic, title, text in STARTER_ADVICE
    ]


def topics_of(item) -> list[AdviceTopic]:
    """The kinds of personal information screening found in the item, most severe first, each once."""
    found = [
        f
        for f in item.findings
        if isinstance(f, dict)
        and f.get("category") == Category.PERSONAL_INFO
        and f.get("detector") in TOPIC_OF_DETECTOR
    ]
    found.sort(key=lambda f: -int(f.get("severity") or 0))
    return list(dict.fromkeys(TOPIC_OF_DETECTOR[f["detector"]] for f in found))


def privacy_advice_for(item) -> list[SavedReply]:
    """The organisation's active privacy advice that fits the item's personal-information findings:
    advice for each kind found (most severe first), then advice for any personal information. When
    none fits, all its active advice, so the moderator still has something to choose from; [] when the
    organisation has none."""
    advice = list(
        SavedReply.objects.for_org(item.organisation_id).filter(kind=ReplyKind.PRIVACY_ADVICE, active=True)
    )
    order = {topic: n for n, topic in enumerate(topics_of(item))}
    order.setdefault(AdviceTopic.ANY, len(order))
    fitting = sorted((a for a in advice if a.topic in order), key=lambda a: (order[a.topic], a.title, a.pk))
    return fitting or advice


def general_replies(organisation) -> list[SavedReply]:
    """The organisation's active general replies, for the reply box's picker."""
    return list(SavedReply.objects.for_org(organisation).filter(kind=ReplyKind.GENERAL, active=True))


def hides(item, membership: Membership) -> bool:
    """Whether sending privacy advice to the item also hides it (the platform and the role allow it)."""
    return ActionKind.HIDE in available_actions(item, membership)


def send_reply(item, *, by: Membership, version: int, text: str) -> ModerationAction:
    """Send a (saved) reply to the item: harbour.moderation's act, which screens it and checks its length."""
    return act(item, ActionKind.REPLY, by=by, version=version, text=text)


def hide_and_send_advice(item, *, by: Membership, version: int, text: str) -> list[ModerationAction]:
    """Send privacy advice as a reply to the item, then hide it where the platform and the member's role
    allow (harbour.moderation.services.act, each its own transaction and audit event). The reply goes
    first: if it is refused (too long, held by screening, the item moved on) nothing has been done, and
    the moderator's words come back to them. Returns the actions taken: the reply, then the hide (no
    hide when the platform or role does not allow it, or another moderator's action came in between)."""
    can_hide = hides(item, by)
    actions = [send_reply(item, by=by, version=version, text=text)]
    if can_hide:
        try:
            actions.append(act(item, ActionKind.HIDE, by=by, version=item.version))
        except (NotAllowed, Stale):
            # The reply stands (sending it again would send it twice); the page says the post is not hidden.
            logger.info("Privacy advice sent to item %s, which another action stopped hiding", item.pk)
    return actions
