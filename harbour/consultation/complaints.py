"""Reports, problems and appeals from young people, with no account, and the staff queue that decides them
(the Online Safety Act's reporting and complaints routes: docs/safeguarding.md rules 23 to 25).

- A REPORT comes from the "Report" button under a post on a board: a reason from a short list in plain
  words, and optional words of their own.
- A PROBLEM comes from "Report a problem" on any public page, with the page it came from.
- An APPEAL comes from the person whose post is held or was taken off the board (known by their token).

Every complaint's words are screened as they arrive (Complaint is a ScreenedText): a report can be a
disclosure ("he keeps messaging me"). One that screening escalates, or on which the grooming tracker alerts,
is also stored as a hidden inbox item of the consultation's channel through ingest (store_pushed), which
raises the concern for the safeguarding lead exactly as it does for any message
(harbour/safeguarding/intake.py raise_from_ingest); the item is never shown on the board.

The queue (/consultations/complaints/) lists the open ones first, oldest first. Deciding one goes through
moderation where it touches a post (hide it: moderation's HIDE; uphold an appeal: UNHIDE), so the item's
moderation record has it, and sends a plain note back that the young person reads on the board by their
token. Deciding needs Capability.HANDLE_COMPLAINTS (and, to hide or show a post, the moderator's own
right to moderate that channel).
"""

import uuid

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership, Organisation
from harbour.audit.services import record
from harbour.connectors.base import Batch, IncomingItem
from harbour.connectors.base import Kind as IncomingKind
from harbour.consultation import boards, tokens
from harbour.consultation.models import BoardPost, Complaint, ComplaintKind, ComplaintState, Consultation
from harbour.inbox.ingest import store_pushed
from harbour.inbox.models import Item
from harbour.inbox.screened import screen_stored
from harbour.inbox.services import readable_channels
from harbour.moderation import services as moderation
from harbour.moderation.models import ActionKind
from harbour.safeguarding.intake import arrives_as_concern
from harbour.screening.verdict import Direction

TEXT_LENGTH = 2_000
NOTE_LENGTH = 1_000
PAGE_LENGTH = 200  # Complaint.page

# The reasons each form offers, in plain words for a young person (reason is stored as the key).
REPORT_REASONS = (
    ("unkind", "It is unkind, bullying or picking on someone"),
    ("unsafe", "It makes me worried about someone's safety"),
    ("personal", "It shares someone's name, school, address or photos"),
    ("upsetting", "It is rude, hateful or upsetting"),
    ("spam", "It is an advert, spam or makes no sense"),
    ("other", "Something else"),
)
PROBLEM_REASONS = (
    ("broken", "Something on the page does not work"),
    ("hard", "Something is hard to read or understand"),
    ("worried", "Something on the page worries me"),
    ("other", "Something else"),
)
REASONS = {
    ComplaintKind.REPORT: REPORT_REASONS,
    ComplaintKind.PROBLEM: PROBLEM_REASONS,
    ComplaintKind.APPEAL: (),
}


class Outcome:
    HIDDEN = "hidden"  # a report: the post was taken off the board
    KEPT = "kept"  # a report: the post stays on the board
    UPHELD = "upheld"  # an appeal: the post is back on the board
    REFUSED = "refused"  # an appeal: the post stays off the board
    ANSWERED = "answered"  # a problem: looked into


# Per kind: (outcome, what the staff button says, what the young person is told when no note is written).
OUTCOMES = {
    ComplaintKind.REPORT: (
        (
            Outcome.HIDDEN,
            "Take the post off the board",
            "Thank you. We read the post and took it off the board.",
        ),
        (
            Outcome.KEPT,
            "Leave the post on the board",
            "Thank you. We read the post and it can stay on the board.",
        ),
    ),
    ComplaintKind.APPEAL: (
        (Outcome.UPHELD, "Put the post on the board", "We looked again and your post is now on the board."),
        (
            Outcome.REFUSED,
            "Keep the post off the board",
            "We looked again and your post stays off the board.",
        ),
    ),
    ComplaintKind.PROBLEM: (
        (Outcome.ANSWERED, "Mark as dealt with", "Thank you for telling us. We have looked into it."),
    ),
}
OUTCOME_LABELS = {
    Outcome.HIDDEN: "Post taken off the board",
    Outcome.KEPT: "Post left on the board",
    Outcome.UPHELD: "Appeal upheld: post on the board",
    Outcome.REFUSED: "Appeal refused: post stays off",
    Outcome.ANSWERED: "Dealt with",
}


class ComplaintRefused(ValueError):
    """The complaint was not taken: the sentence says why, in words for a young person."""


def reason_label(kind, reason: str) -> str:
    return dict(REASONS.get(kind, ())).get(reason, "")


def _clean(organisation, kind, consultation, post, reason, text, page, token) -> tuple:
    try:
        kind = ComplaintKind(kind)
    except ValueError:
        raise ComplaintRefused("Choose what you are telling us about.") from None
    if consultation is None or consultation.organisation_id != organisation.pk:
        raise ComplaintRefused("We could not find that consultation.")
    if post is not None and (
        post.consultation_id != consultation.pk or post.organisation_id != organisation.pk
    ):
        raise ComplaintRefused("We could not find that post.")
    text = str(text or "").replace("\r\n", "\n").strip()
    if len(text) > TEXT_LENGTH:
        raise ComplaintRefused(f"Keep what you write to {TEXT_LENGTH:,} characters or fewer.")
    reason = str(reason or "")
    if kind == ComplaintKind.APPEAL:
        reason = ""
        if post is None or not token or post.poster_hash != tokens.token_hash(consultation, token):
            raise ComplaintRefused("You can only ask us to look again at your own post.")
        if boards.is_on_board(post):
            raise ComplaintRefused("Your post is already on the board.")
        if not text:
            raise ComplaintRefused("Tell us why you think your post should be on the board.")
    else:
        if reason not in dict(REASONS[kind]):
            raise ComplaintRefused("Choose the reason that fits best.")
        if kind == ComplaintKind.REPORT and (post is None or not boards.is_on_board(post)):
            raise ComplaintRefused("That post is not on the board any more.")
    page = str(page or "")
    if kind == ComplaintKind.PROBLEM:
        page = page if page.startswith("/c/") and len(page) <= PAGE_LENGTH else f"/c/{consultation.code}/"
    else:
        page = ""
    return kind, reason, text, page


def file_complaint(
    organisation: Organisation,
    *,
    kind: str,
    consultation: Consultation | None = None,
    post: BoardPost | None = None,
    reason: str = "",
    text: str = "",
    page: str = "",
    token: str | None = None,
) -> Complaint:
    """Take a report, problem or appeal from a young person (no account): checked, screened, stored and
    audited (consultation.complaint_received). One whose words screening escalates also reaches the
    safeguarding lead through ingest (see the module's docstring). Raises ComplaintRefused."""
    kind, reason, text, page = _clean(organisation, kind, consultation, post, reason, text, page, token)
    reporter = tokens.token_hash(consultation, token) if token else ""
    complaint = Complaint(
        organisation=organisation,
        consultation=consultation,
        post=post,
        kind=kind,
        reason=reason,
        text=text,
        page=page,
        reporter_hash=reporter,
    )
    if text:
        who = tokens.pseudonym(consultation, reporter).author_id if reporter else None
        screened = screen_stored(
            text, direction=Direction.INCOMING, channel=consultation.channel, author=who, about="a complaint"
        )
        complaint.store(screened)
        if arrives_as_concern(screened.verdict, screened.action):
            return _through_ingest(complaint)
    with transaction.atomic(durable=True):
        complaint.save()
        _received(complaint)
    return complaint


def _received(complaint: Complaint) -> None:
    record(
        "consultation.complaint_received",
        organisation=complaint.organisation,
        obj=complaint,
        detail={"kind": complaint.kind, "reason": complaint.reason},
    )


def _through_ingest(complaint: Complaint) -> Complaint:
    """Store a complaint whose words escalate as a hidden inbox item of the consultation's channel too, so
    ingest screens it with the writer's running state and raises the concern (intake.raise_from_ingest), in
    the one transaction that stores the complaint. The complaint keeps the item's screening."""
    consultation = complaint.consultation
    writer = tokens.pseudonym(consultation, complaint.reporter_hash or uuid.uuid4().hex)
    platform_id = f"complaint-{consultation.pk}-{uuid.uuid4().hex}"
    incoming = IncomingItem(
        platform=consultation.channel.platform,
        platform_id=platform_id,
        kind=IncomingKind.DIRECT_MESSAGE,  # to the organisation, never shown on the board
        text=complaint.text,
        author_id=writer.author_id,
        author_handle=writer.name,
        author_display_name=writer.name,
        created_at=timezone.now(),
        url="",
        hidden=True,
    )

    def keep(stored: int) -> None:
        item = Item.objects.get(channel=consultation.channel, platform_id=platform_id)
        complaint.verdict, complaint.severity, complaint.action = item.verdict, item.severity, item.action
        complaint.save()
        _received(complaint)

    store_pushed(consultation.channel, Batch(items=[incoming], next_cursor=None), within=keep)
    return complaint


# The queue


def _may_handle(by: Membership | None, organisation_id: int) -> None:
    if by is None or not by.is_active or by.organisation_id != organisation_id:
        raise NotAllowed("You can only handle complaints of your own organisation.")
    if not by.can(Capability.HANDLE_COMPLAINTS):
        raise NotAllowed("Only managers, safeguarding leads and moderators handle complaints.")


def handled_by(by: Membership) -> QuerySet[Complaint]:
    """The complaints `by` may read: their organisation's, about consultations whose channel they read."""
    _may_handle(by, by.organisation_id if by else 0)
    return Complaint.objects.filter(
        organisation_id=by.organisation_id, consultation__channel__in=readable_channels(by)
    ).select_related("consultation", "post__item__author", "decided_by__user")


QUEUE_PAGE = 50


def queue(by: Membership, *, page=1, closed_limit: int = 30) -> tuple[Page, list[Complaint]]:
    """(this page of the open complaints, oldest first, QUEUE_PAGE a page; the latest decided ones, newest
    first) that `by` may handle. A page number out of range gives the last page."""
    mine = handled_by(by)
    waiting = Paginator(mine.filter(state=ComplaintState.OPEN).order_by("created_at", "pk"), QUEUE_PAGE)
    decided = list(mine.filter(state=ComplaintState.CLOSED).order_by("-decided_at", "-pk")[:closed_limit])
    return waiting.get_page(page), decided


def open_complaints(organisation: Organisation) -> int:
    """How many complaints are waiting for a decision (the dashboard's count)."""
    return Complaint.objects.filter(organisation=organisation, state=ComplaintState.OPEN).count()


def outcomes_for(consultation: Consultation, token: str | None) -> list[Complaint]:
    """The person's own complaints about this consultation, newest first (decided ones with their note)."""
    if not token:
        return []
    return list(
        Complaint.objects.filter(
            consultation=consultation, reporter_hash=tokens.token_hash(consultation, token)
        )
        .select_related("post")
        .order_by("-created_at", "-pk")[:20]
    )


def told(complaint: Complaint) -> str:
    """What the young person reads about their complaint now."""
    if complaint.state == ComplaintState.OPEN:
        return "Waiting for someone to read it. We read every one."
    return complaint.outcome_note


@transaction.atomic(durable=True)
def decide_complaint(complaint: Complaint, *, by: Membership, outcome: str, note: str = "") -> Complaint:
    """Decide an open complaint: for a report, take the post off the board (moderation's HIDE) or leave it;
    for an appeal, put the post back (UNHIDE) or keep it off; for a problem, mark it dealt with. `note` is
    shown to the young person (a kind default when empty). One transaction with the moderation action and
    its record; audited (consultation.complaint_decided). Raises NotAllowed or ValueError with a sentence."""
    _may_handle(by, complaint.organisation_id)
    current = handled_by(by).select_for_update(of=("self",)).filter(pk=complaint.pk).first()
    if current is None:
        raise NotAllowed(
            "You can only handle complaints about the consultations whose channels you moderate."
        )
    if current.state != ComplaintState.OPEN:
        raise ValueError("This complaint has already been decided.")
    choices = {value: default for value, _, default in OUTCOMES[current.kind]}
    if outcome not in choices:
        raise ValueError("Choose what to do about this complaint.")
    note = str(note or "").replace("\r\n", "\n").strip()
    if len(note) > NOTE_LENGTH:
        raise ValueError(f"Keep the note to {NOTE_LENGTH:,} characters or fewer.")
    post = current.post
    wanted = {Outcome.HIDDEN: ActionKind.HIDE, Outcome.UPHELD: ActionKind.UNHIDE}.get(outcome)
    if wanted is not None and post is not None:
        item = Item.objects.select_related("channel", "author", "organisation").get(pk=post.item_id)
        hidden = moderation.is_hidden(item)
        if (
            wanted == ActionKind.HIDE
        ) != hidden:  # already as asked (another report, the inbox): nothing to do
            # In this transaction: the post, its moderation record and the decision commit together. It
            # checks the member may moderate this item's channel.
            moderation.act_within(item, wanted, by=by, version=item.version)
    now = timezone.now()
    Complaint.objects.filter(pk=current.pk).update(
        state=ComplaintState.CLOSED,
        outcome=outcome,
        outcome_note=note or choices[outcome],
        decided_by=by,
        decided_at=now,
    )
    current.refresh_from_db()
    record(
        "consultation.complaint_decided",
        by=by.user,
        organisation=current.organisation,
        obj=current,
        detail={"kind": current.kind, "result": outcome},
    )
    if outcome == Outcome.HIDDEN and post is not None:
        # Other open reports of the same post are answered by this decision.
        for other in Complaint.objects.filter(
            Q(post=post), kind=ComplaintKind.REPORT, state=ComplaintState.OPEN
        ).exclude(pk=current.pk):
            Complaint.objects.filter(pk=other.pk).update(
                state=ComplaintState.CLOSED,
                outcome=outcome,
                outcome_note=choices[outcome],
                decided_by=by,
                decided_at=now,
            )
            record(
                "consultation.complaint_decided",
                by=by.user,
                organisation=current.organisation,
                obj=other,
                detail={"kind": other.kind, "result": outcome},
            )
    return current
