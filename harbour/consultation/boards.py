"""Discussion boards (guidance 4.3): young people post, with no account, and read each other's posts.

A post's text is an inbox Item of the consultation's channel (a Channel on the "consultation" platform),
stored through ingest (harbour/inbox/ingest.py store_pushed), so it is screened with its author's running
state (the grooming tracker follows a pseudonym across their posts), a disclosure raises a concern for the
safeguarding lead, and moderators see it in the inbox like any comment. A BoardPost row links the item to
its board and keeps the poster's token hash, so the poster alone sees their own held posts and why.

A post is on the board while moderation.services.is_hidden(item) is False. It arrives hidden (held for a
moderator) when:
- screening flags it (ingest does this for every hosted platform: anything it does not allow);
- the board holds every post (BoardPolicy.HOLD_ALL);
- it has contact details in it: a web address, an e-mail address, a phone number, a social media username
  or an invitation to talk elsewhere ("add me on ..."). Moving a child to a private channel is the first
  step of grooming, so these are never shown before a person has read them, whatever screening says.
A moderator shows a held post with the inbox's Unhide ("Show on the board") and takes one off with Hide
("Take off the board").

Nothing a young person types about themselves is shown: each poster is "Young person 4F2A9C"
(tokens.pseudonym, from their per-consultation token hash), so two boards cannot be linked either.
"""

import re
import uuid

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from harbour.audit.services import record
from harbour.connectors.base import Batch, IncomingItem
from harbour.connectors.base import Kind as IncomingKind
from harbour.consultation import tokens
from harbour.consultation.models import AgeBand, BoardPolicy, BoardPost, Consultation, Kind
from harbour.inbox.ingest import store_pushed
from harbour.inbox.models import Item
from harbour.inbox.screened import ScreeningAction, categories_of
from harbour.lib import ratelimit
from harbour.moderation.models import ActionKind, ActionState, ModerationAction
from harbour.moderation.services import is_hidden

POST_LENGTH = 1_000  # characters: a few paragraphs, enough to say something, short enough to read
PAGE_SIZE = 20

# Where to get help, from docs/safeguarding.md section 2 (Childline: under-19s, free, confidential, 24/7).
HELP = (
    "If something is worrying you, you can talk to Childline for free, any time: call 0800 1111 or go to "
    "childline.org.uk. If you are in danger right now, call 999."
)
# Screening categories that suggest the poster may be at risk: their held post tells them where to get help.
AT_RISK = frozenset({"self_harm", "disclosure", "grooming", "sexting", "violence"})

HELD_FOR_ALL = "A moderator will read your post before it goes on the board. This helps keep the board safe for everyone."
HELD_FLAGGED = (
    "Our safety check asked a moderator to read your post before it goes on the board. This happens to lots "
    "of posts and does not mean you did anything wrong."
)
HELD_CONTACT = (
    "Your post looks like it has contact details in it (a web address, an e-mail address, a phone number, "
    "a username or a way to talk somewhere else). To keep everyone safe, a moderator will read it before it goes on the board. Please do not "
    "share ways to contact you or anyone else."
)
TAKEN_OFF = (
    "A moderator has taken this post off the board. If you think that was a mistake, you can ask us to look "
    "at it again."
)

_EMAIL = re.compile(r"[\w.%+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
_WEB = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|co\.uk|org\.uk|uk|org|net|io|me|ly|gg|tv|app|xyz|info|link|chat)\b(?:/\S*)?",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w])\+?\d[\d\s().-]{7,}\d(?!\w)")
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_.]{3,30}")
_ELSEWHERE = re.compile(
    r"\b(?:add|message|msg|dm|text|call|ring|follow|find|snap|whatsapp)\s+me\b"
    r"|\bmy\s+(?:snap(?:chat)?|insta(?:gram)?|tiktok|discord|whatsapp|kik|telegram|number|email|e-mail)\b",
    re.IGNORECASE,
)


class PostRefused(ValueError):
    """The post was not taken: the sentence says why, in words for a young person. Nothing was stored."""


def contact_details(text: str) -> list[str]:
    """The kinds of contact detail in a post, in words ("a web address"), each once; [] when none."""
    found = []
    if _EMAIL.search(text):
        found.append("an e-mail address")
    if _WEB.search(_EMAIL.sub(" ", text)):
        found.append("a web address")
    if any(sum(c.isdigit() for c in m.group()) >= 10 for m in _PHONE.finditer(text)):
        found.append("a phone number")
    if _HANDLE.search(_EMAIL.sub(" ", text)):
        found.append("a username")
    if _ELSEWHERE.search(text):
        found.append("a way to talk somewhere else")
    return found


def thread_of(consultation: Consultation) -> str:
    return f"board-{consultation.pk}"


def rate_refusal(name: str, *, address: str | None, token_hash: str) -> ratelimit.Refusal | None:
    """Count one post (name "post") or report ("report") against the limits per client address and per
    token (settings.HARBOUR_RATE_LIMITS consultation_<name>_ip and consultation_<name>_token): the first
    refusal, or None when both allow it. Both are counted, so a refused attempt still uses the window."""
    by_address = ratelimit.hit(f"consultation_{name}_ip", address or "unknown")
    by_token = ratelimit.hit(f"consultation_{name}_token", token_hash)
    return by_address or by_token


def _clean(consultation: Consultation, text: str, age_band: str) -> tuple[str, str]:
    if consultation.kind != Kind.BOARD:
        raise PostRefused("This consultation is not a discussion board.")
    if not consultation.is_open:
        raise PostRefused("This board is not taking posts at the moment.")
    text = str(text or "").replace("\r\n", "\n").strip()
    if not text:
        raise PostRefused("Write your post before you send it.")
    if len(text) > POST_LENGTH:
        raise PostRefused(
            f"Your post is {len(text):,} characters long. Keep it to {POST_LENGTH:,} characters or fewer."
        )
    age_band = str(age_band or "")
    if age_band and (not consultation.asks_age_band or age_band not in AgeBand.values):
        raise PostRefused("Choose one of the age groups, or leave it out.")
    return text, age_band


def post_to_board(consultation: Consultation, *, token: str, text: str, age_band: str = "") -> BoardPost:
    """Store a young person's post on a board: screened through ingest as an inbox item of the board's
    channel, held (hidden) when screening flags it, when the board holds every post or when it has contact
    details; audited (consultation.board_post_received, by nobody: no account). Raises PostRefused."""
    text, age_band = _clean(consultation, text, age_band)
    if not token:
        raise PostRefused("Your browser did not keep our cookie, so we could not take your post.")
    poster = tokens.token_hash(consultation, token)
    who = tokens.pseudonym(consultation, poster)
    channel = consultation.channel
    hold = consultation.board_policy == BoardPolicy.HOLD_ALL or bool(contact_details(text))
    platform_id = f"board-{consultation.pk}-{uuid.uuid4().hex}"
    incoming = IncomingItem(
        platform=channel.platform,
        platform_id=platform_id,
        kind=IncomingKind.REPLY,
        text=text,
        author_id=who.author_id,
        author_handle=who.name,
        author_display_name=who.name,
        created_at=timezone.now(),
        url="",
        thread_id=thread_of(consultation),
        hidden=hold,
    )
    made = []

    def link(stored: int) -> None:  # inside ingest's write transaction: the post and its item commit together
        item = Item.objects.get(channel=channel, platform_id=platform_id)
        post = BoardPost.objects.create(
            organisation=consultation.organisation,
            consultation=consultation,
            item=item,
            poster_hash=poster,
            age_band=age_band,
        )
        record(
            "consultation.board_post_received",
            organisation=consultation.organisation,
            obj=consultation,
            detail={"status": "held" if item.hidden_on_arrival else "on the board"},
        )
        made.append(post)

    store_pushed(channel, Batch(items=[incoming], next_cursor=None), within=link)
    return made[0]


# Reading


def _latest_visibility():
    """The kind of the item's latest hide or unhide that did not fail (is_hidden's rule, as a subquery)."""
    return Subquery(
        ModerationAction.objects.filter(item=OuterRef("item"), kind__in=(ActionKind.HIDE, ActionKind.UNHIDE))
        .exclude(state=ActionState.FAILED)
        .order_by("-pk")
        .values("kind")[:1]
    )


def _with_visibility(posts: QuerySet) -> QuerySet:
    return posts.annotate(_latest=_latest_visibility())


_SHOWN = Q(_latest=ActionKind.UNHIDE) | Q(_latest__isnull=True, item__hidden_on_arrival=False)
_HELD = Q(_latest=ActionKind.HIDE) | Q(
    _latest__isnull=True, item__hidden_on_arrival=True
)  # not ~_SHOWN: NULLs


def visible_posts(consultation: Consultation) -> QuerySet[BoardPost]:
    """The posts on the board now, newest first: those moderation.services.is_hidden says are not hidden."""
    return (
        _with_visibility(BoardPost.objects.filter(consultation=consultation))
        .filter(_SHOWN)
        .select_related("item__author")
        .order_by("-created_at", "-pk")
    )


def held_posts_of(consultation: Consultation, token: str | None) -> list[BoardPost]:
    """The poster's own posts that are not on the board (held or taken off), newest first, each with
    `held_reason` set; [] for no token."""
    if not token:
        return []
    posts = list(
        _with_visibility(
            BoardPost.objects.filter(
                consultation=consultation, poster_hash=tokens.token_hash(consultation, token)
            )
        )
        .filter(_HELD)
        .select_related("item", "consultation")
        .order_by("-created_at", "-pk")
    )
    for post in posts:
        post.held_reason = held_reason(post)
        post.taken_off = (
            post._latest == ActionKind.HIDE
        )  # a moderator took it off (rather than held on arrival)
    return posts


def own_post(consultation: Consultation, token: str | None, pk) -> BoardPost | None:
    """The poster's own post `pk` on this board, or None (not theirs, not this board's, no token)."""
    if not token:
        return None
    return (
        BoardPost.objects.filter(
            consultation=consultation, poster_hash=tokens.token_hash(consultation, token)
        )
        .filter(pk=pk)
        .select_related("item")
        .first()
    )


def is_on_board(post: BoardPost) -> bool:
    return not is_hidden(post.item)


def held_reason(post: BoardPost) -> str | None:
    """Why the post is not on the board, in kind words for the person who wrote it; None when it is on the
    board. Never accuses: a flagged post is "asked a moderator to read", not "broke the rules". A post that
    screening found may mean the poster is at risk says where to get help."""
    item = post.item
    latest = (
        ModerationAction.objects.filter(item=item, kind__in=(ActionKind.HIDE, ActionKind.UNHIDE))
        .exclude(state=ActionState.FAILED)
        .order_by("-pk")
        .values_list("kind", flat=True)
        .first()
    )
    if latest == ActionKind.UNHIDE or (latest is None and not item.hidden_on_arrival):
        return None
    categories = set(categories_of(item.verdict))
    help_them = bool(categories & AT_RISK) or item.action == ScreeningAction.ESCALATE
    if latest == ActionKind.HIDE:
        reason = TAKEN_OFF
    elif contact_details(item.text) or "personal_info" in categories:
        reason = HELD_CONTACT
    elif item.action != ScreeningAction.ALLOW:
        reason = HELD_FLAGGED
    else:
        reason = HELD_FOR_ALL
    return f"{reason} {HELP}" if help_them else reason
