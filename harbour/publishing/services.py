"""Publishing's changes, each in one transaction with its audit event (docs/publishing.md).

The workflow of guidance 4.1: draft -> submitted -> approved by an independent proof reader (two, where a
channel asks) -> scheduled -> published. A proof reader holds the APPROVE capability and its training, and
has never changed the post's words (`Post.contributors`, which holds its author). An approval names the
version it read by number and hash; any change to what would be published sends the post back to draft,
where it needs approving again. Blocking checks (checks.py, gate.py) stop submission and approval.

Every change names the post's `revision` the person saw; if the post moved on meanwhile, `Stale` is
raised and nothing is changed.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from harbour.accounts.access import NotAllowed, missing_training, require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.audit.services import record
from harbour.channels.models import Channel, Status
from harbour.connectors.platform import PlatformCapability
from harbour.inbox.screened import screen_stored
from harbour.jobs.claims import claim
from harbour.jobs.queue import enqueue_on_commit
from harbour.lib.bidi import isolate
from harbour.publishing.checks import blocking, draft_of, reply_choices, run_checks
from harbour.publishing.models import (
    MAX_IMAGES,
    Post,
    PostImage,
    PostPerson,
    PostState,
    PostVersion,
    Publication,
    PublicationState,
    Review,
    ReviewComment,
    Variant,
    Verdict,
    content_hash,
    content_of,
)
from harbour.publishing.tasks import publish
from harbour.screening.verdict import Direction

EDITABLE = (PostState.DRAFT, PostState.SUBMITTED, PostState.SCHEDULED)


class Stale(NotAllowed):
    def __init__(self):
        super().__init__(
            "Someone changed this post while you had it open, so your change was not made. "
            "Open it again to see the latest version."
        )


class Blocked(NotAllowed):
    """Blocking checks refuse the post; `checks` say what to change."""

    def __init__(self, checks, doing: str):
        self.checks = checks
        reasons = " ".join(check.summary for check in checks)
        super().__init__(f"This post cannot be {doing} yet. {reasons}")


def publishable_channels(organisation) -> "list[Channel]":
    """The organisation's channels a post can go to: active, able to publish, not waiting for a new credential."""
    channels = Channel.objects.for_org(organisation).filter(status=Status.ACTIVE).order_by("name")
    return [c for c in channels if c.can(PlatformCapability.PUBLISH)]


def _require_writer(by: Membership, organisation_id: int) -> None:
    require(by, Capability.WRITE_POSTS, organisation_id, "Only authors and managers can write posts.")


def _changeable(post: Post, by: Membership, revision: int) -> Post:
    """The post locked for a change to its words or images (re-read inside the transaction), by a writer,
    if it is still at `revision` and has not gone out."""
    _require_writer(by, post.organisation_id)
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if locked.revision != revision:
        raise Stale()
    if locked.state not in EDITABLE or gone_out(locked):
        raise NotAllowed(
            "This post has gone out, or is going out, on a channel: it cannot change now. Write a new post instead."
        )
    return locked


def gone_out(post: Post) -> bool:
    """A channel's copy is out, going out or failed: the post's words can no longer change, nor can it
    go back to draft (a new approval would schedule that channel again)."""
    return post.publications.exclude(
        state__in=(PublicationState.PENDING, PublicationState.CANCELLED)
    ).exists()


def _locked_for_a_writer_or_proof_reader(post: Post, by: Membership, refusal: str) -> Post:
    """For what authors and proof readers may both do to a post (its time, taking it back, trying it
    again): `by` checked, the post locked and re-read."""
    if not (by.can(Capability.WRITE_POSTS) or by.can(Capability.APPROVE)):
        raise NotAllowed(refusal)
    require(by, None, post.organisation_id, "You can only change your own organisation's posts.")
    return Post.objects.select_for_update().get(pk=post.pk)


def _channels(by: Membership, channel_ids) -> list[Channel]:
    wanted = {int(pk) for pk in channel_ids}
    if not wanted:
        raise NotAllowed("Choose at least one channel to post to.")
    channels = [c for c in publishable_channels(by.organisation) if c.pk in wanted]
    if len(channels) != len(wanted):
        raise NotAllowed("A post can only go to the organisation's active channels that Harbour can post to.")
    return channels


def _reply_control(post: Post, channel: Channel, chosen: str | None) -> str:
    """Who may reply to the post on this channel: `chosen` if the channel's policy allows it; with no choice
    (None or ""), what the post had if still allowed, else the safest choice; "" where the platform has no
    choice. NotAllowed for a choice the policy does not allow."""
    choices = [control.value for control in reply_choices(channel)]
    if not choices:
        return ""
    if chosen:
        if chosen not in choices:
            raise NotAllowed(
                f"Choose who can reply on {isolate(channel.name)} from the choices given: the organisation "
                "does not allow that one there."
            )
        return chosen
    kept = Variant.objects.filter(post=post, channel=channel).values_list("reply_control", flat=True).first()
    return kept if kept in choices else choices[0]


def _set_content(post: Post, *, title, text, channels, variants, reply_controls=None) -> None:
    post.title, post.text = title.strip(), text.strip()
    if not post.title:
        raise NotAllowed("Give the post a title, so that the team can find it.")
    if not post.text:
        raise NotAllowed("Write the post's text.")
    variants = {int(k): (v or "").strip() for k, v in (variants or {}).items()}
    reply_controls = {int(k): v for k, v in (reply_controls or {}).items()}
    post.save()
    keep = {c.pk for c in channels}
    Variant.objects.filter(post=post).exclude(channel_id__in=keep).delete()
    for channel in channels:
        control = _reply_control(post, channel, reply_controls.get(channel.pk))
        Variant.objects.update_or_create(
            post=post,
            channel=channel,
            defaults={"text": variants.get(channel.pk, ""), "reply_control": control},
        )


def _content_changed(post: Post, by: Membership) -> None:
    """What would be published changed: a new revision, `by` joins the contributors, and a submitted or
    approved post goes back to draft (its approvals named the old words)."""
    was = post.state
    post.revision = F("revision") + 1
    post.updated_at = timezone.now()
    if was in (PostState.SUBMITTED, PostState.SCHEDULED):
        post.state = PostState.DRAFT
        _cancel_publications(post)
        record(
            "publishing.sent_back",
            by=by.user,
            obj=post,
            detail={"reason": "changed after approval" if was == PostState.SCHEDULED else "changed"},
        )
    post.save()
    post.refresh_from_db()
    post.contributors.add(by)


def _cancel_publications(post: Post) -> None:
    """What was scheduled and has not started (callers refuse a post that has gone out: gone_out)."""
    post.publications.filter(state=PublicationState.PENDING).update(state=PublicationState.CANCELLED)


@transaction.atomic(durable=True)
def create_post(
    *,
    by: Membership,
    title: str,
    text: str,
    channel_ids,
    variants=None,
    reply_controls=None,
    publish_at: datetime | None = None,
) -> Post:
    """A draft. variants: channel id -> its own text; reply_controls: channel id -> who may reply there
    (a ReplyControl value its policy allows; left out, the safest)."""
    _require_writer(by, by.organisation_id)
    channels = _channels(by, channel_ids)
    post = Post(organisation=by.organisation, author=by, publish_at=publish_at)
    _set_content(
        post, title=title, text=text, channels=channels, variants=variants, reply_controls=reply_controls
    )
    post.contributors.add(by)
    record("publishing.post_created", by=by.user, obj=post, detail={"channels": len(channels)})
    return post


@transaction.atomic(durable=True)
def change_post(
    post: Post,
    *,
    by: Membership,
    revision: int,
    title: str,
    text: str,
    channel_ids,
    variants=None,
    reply_controls=None,
    publish_at: datetime | None = None,
) -> Post:
    """As create_post; a channel left out of reply_controls keeps its choice (if still allowed)."""
    post = _changeable(post, by, revision)
    channels = _channels(by, channel_ids)
    before = content_of(post)
    post.publish_at = publish_at
    _set_content(
        post, title=title, text=text, channels=channels, variants=variants, reply_controls=reply_controls
    )
    if content_of(post) != before:
        _content_changed(post, by)
        record("publishing.post_changed", by=by.user, obj=post, detail={"revision": post.revision})
    else:
        post.save(update_fields=["publish_at"])
    return post


@transaction.atomic(durable=True)
def add_image(post: Post, *, by: Membership, revision: int, asset) -> PostImage:
    """An image or a video from the organisation's media library (harbour/consent/media.py adds new
    ones), at the end. Its alt text, who is shown and tagged, and its licence are the asset's. A post has
    up to MAX_IMAGES images or exactly one video, never both (no platform mixes them in one post), and a
    video only once it is ready (encoded again without metadata, harbour/consent/video.py)."""
    from harbour.consent.models import MediaAsset, MediaKind, MediaState

    post = _changeable(post, by, revision)
    asset = MediaAsset.objects.filter(pk=asset.pk, organisation_id=post.organisation_id).first()
    if asset is None:
        raise NotAllowed("Choose an image or video from your own organisation's media library.")
    video = asset.kind == MediaKind.VIDEO
    what = "video" if video else "image"
    if asset.archived_at is not None:
        raise NotAllowed(f"That {what} is archived: choose another one from the media library.")
    if asset.state == MediaState.PREPARING:
        raise NotAllowed(f"That {what} is still being prepared: try again in a minute.")
    if asset.state == MediaState.FAILED or not asset.ready or not asset.file:
        problem = asset.problem.strip().rstrip(".") or "open it in the media library to see why"
        raise NotAllowed(f"That {what} could not be prepared: {problem}. Choose another one.")
    media = list(post.images.select_related("asset"))
    if any(image.asset_id == asset.pk for image in media):
        raise NotAllowed(f"That {what} is already in the post.")
    has_video = any(image.asset.kind == MediaKind.VIDEO for image in media)
    if video and has_video:
        raise NotAllowed("A post can have only one video: remove the one it has first.")
    if video and media:
        raise NotAllowed(
            "A post can have images or one video, not both: remove its images first to add a video."
        )
    if has_video:
        raise NotAllowed(
            "A post can have images or one video, not both: remove its video first to add an image."
        )
    count = len(media)
    if count >= MAX_IMAGES:
        raise NotAllowed(f"A post can have at most {MAX_IMAGES} images.")
    image = PostImage.objects.create(
        organisation=post.organisation, post=post, asset=asset, added_by=by, position=count
    )
    _content_changed(post, by)
    record("publishing.image_added", by=by.user, obj=post, detail={"revision": post.revision})
    return image


@transaction.atomic(durable=True)
def remove_image(image: PostImage, *, by: Membership, revision: int) -> None:
    """Out of the post; the asset stays in the media library."""
    post = _changeable(image.post, by, revision)
    PostImage.objects.filter(pk=image.pk, post=post).delete()
    _content_changed(post, by)
    record("publishing.image_removed", by=by.user, obj=post, detail={"revision": post.revision})


NAMED_USES = ("first_name", "full_name", "quote")  # consent.models.Use: what the words can do


@transaction.atomic(durable=True)
def tag_person(post: Post, *, by: Membership, revision: int, person, use: str) -> PostPerson:
    """Someone from the consent register whom the words name or quote: the consent gate then needs their
    consent for that use on each channel (and a never-publish flag blocks the post)."""
    post = _changeable(post, by, revision)
    if use not in NAMED_USES:
        raise NotAllowed("Say whether the post uses their first name, their full name or a quote.")
    if person.organisation_id != post.organisation_id:
        raise NotAllowed("Choose someone from your own organisation's consent register.")
    if person.erased_at:
        raise NotAllowed("This person's details were erased on request: leave them out of the post.")
    if post.people.filter(person=person, use=use).exists():
        raise NotAllowed("They are already tagged for that in this post.")
    tag = PostPerson.objects.create(
        organisation=post.organisation, post=post, person=person, use=use, added_by=by
    )
    _content_changed(post, by)
    record(
        "publishing.person_tagged",
        by=by.user,
        obj=post,
        detail={"revision": post.revision, "person": person.pk, "kind": use},
    )
    return tag


@transaction.atomic(durable=True)
def untag_person(tag: PostPerson, *, by: Membership, revision: int) -> None:
    post = _changeable(tag.post, by, revision)
    PostPerson.objects.filter(pk=tag.pk, post=post).delete()
    _content_changed(post, by)
    record(
        "publishing.person_untagged",
        by=by.user,
        obj=post,
        detail={"revision": post.revision, "person": tag.person_id, "kind": tag.use},
    )


def _screen(content: dict, post: Post) -> PostVersion:
    """A version's screening: the outgoing screen of every text in it, the most severe kept."""
    texts = [content["title"], content["text"], *(c["text"] for c in content["channels"] if c["text"])]
    texts += [i["alt_text"] for i in content["images"]]
    version = PostVersion()
    worst = None
    for number, text in enumerate(texts):
        screened = screen_stored(text, direction=Direction.OUTGOING, about=f"post {post.pk} text {number}")
        if worst is None or screened.severity > worst.severity:
            worst = screened
    version.store(worst)
    return version


@transaction.atomic(durable=True)
def submit(post: Post, *, by: Membership, revision: int) -> PostVersion:
    """Freeze the post as a new version and ask for proof reading; Blocked if a blocking check refuses."""
    _require_writer(by, post.organisation_id)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.revision != revision:
        raise Stale()
    if post.state != PostState.DRAFT:
        raise NotAllowed(
            "Only a draft can be submitted: this one is already with the proof readers or has gone out."
        )
    checks = run_checks(draft_of(post))
    if refused := blocking(checks):
        raise Blocked(refused, "submitted")
    content = content_of(post)
    version = _screen(content, post)
    version.post, version.revision, version.content = post, post.revision, content
    version.content_hash = content_hash(content)
    version.number = post.versions.count() + 1
    version.checks = [check.to_dict() for check in checks]
    version.submitted_by = by
    version.save()
    post.state, post.submitted_at = PostState.SUBMITTED, timezone.now()
    post.save(update_fields=["state", "submitted_at"])
    record(
        "publishing.submitted",
        by=by.user,
        obj=post,
        detail={"version": version.number, "hash": version.content_hash[:16]},
    )
    return version


def approvals_needed(post: Post) -> int:
    """The most any of its channels asks for (Channel.approvals_needed)."""
    return max([v.channel.approvals_needed for v in post.variants.select_related("channel")] or [1])


def review_refusal(post: Post, by: Membership) -> str | None:
    """Why `by` may not proof read this post now, or None. Pages offer the review form only without one."""
    if by is None or not by.is_active or by.organisation_id != post.organisation_id:
        return "You can only proof read your own organisation's posts."
    if not by.can(Capability.APPROVE):
        return "Only proof readers and managers can approve posts."
    if missing_training(by, Capability.APPROVE):
        return "You need current social media training, verified by a manager, before you approve posts."
    if post.author_id == by.pk:
        return "You wrote this post, so someone else must proof read it."
    if post.contributors.filter(pk=by.pk).exists():
        return "You changed this post's words, so someone else must proof read it."
    if post.state != PostState.SUBMITTED:
        return "This post is not waiting for proof reading."
    version = post.current_version
    if version is not None and version.reviews.filter(reviewer=by).exists():
        return "You have already approved this version: it needs another proof reader."
    return None


@transaction.atomic(durable=True)
def review(
    post: Post,
    *,
    by: Membership,
    version_number: int,
    approve: bool,
    comments: str = "",
    text_comments: list[dict] | None = None,
) -> Review:
    """Approve or send back the version the reviewer read (`version_number`). text_comments: dicts of
    channel_id (None for the post's text), start, end and comment, about the words between start and end."""
    require(
        by, Capability.APPROVE, post.organisation_id, "Only proof readers and managers can approve posts."
    )
    post = Post.objects.select_for_update().get(pk=post.pk)
    if refusal := review_refusal(post, by):
        raise NotAllowed(refusal)
    version = post.current_version
    if version is None or version.number != version_number or version.revision != post.revision:
        raise Stale()
    comments = (comments or "").strip()
    if not approve and not comments and not text_comments:
        raise NotAllowed("Say what needs to change, so that the author can fix it.")
    if approve and (refused := blocking(run_checks(draft_of(post)))):
        raise Blocked(refused, "approved")
    decision = Review.objects.create(
        organisation=post.organisation,
        post=post,
        version=version,
        content_hash=version.content_hash,
        reviewer=by,
        verdict=Verdict.APPROVED if approve else Verdict.REJECTED,
        comments=comments,
    )
    for note in text_comments or []:
        _text_comment(decision, version, note)
    detail = {"version": version.number, "hash": version.content_hash[:16]}
    if not approve:
        post.state = PostState.DRAFT
        post.save(update_fields=["state"])
        record("publishing.rejected", by=by.user, obj=post, detail=detail)
        return decision
    record("publishing.approved", by=by.user, obj=post, detail=detail)
    approvers = version.reviews.filter(verdict=Verdict.APPROVED).values("reviewer").distinct().count()
    if approvers >= approvals_needed(post):
        _schedule(post, version)
    return decision


def _text_comment(decision: Review, version: PostVersion, note: dict) -> None:
    channel_id = note.get("channel_id")
    texts = version.texts()
    if channel_id is not None and int(channel_id) not in texts:
        raise NotAllowed("That comment is about a channel this post is not for.")
    text = texts[None if channel_id is None else int(channel_id)]
    start, end = int(note["start"]), int(note["end"])
    comment = (note.get("comment") or "").strip()
    if not 0 <= start < end <= len(text):
        raise NotAllowed("Choose the words the comment is about.")
    if not comment:
        raise NotAllowed("Write the comment.")
    ReviewComment.objects.create(
        review=decision, channel_id=channel_id, start=start, end=end, quote=text[start:end], comment=comment
    )


def _schedule(post: Post, version: PostVersion) -> None:
    now = timezone.now()
    when = max(post.publish_at or now, now)
    post.state, post.approved_at = PostState.SCHEDULED, now
    post.save(update_fields=["state", "approved_at"])
    for variant in post.variants.select_related("channel"):
        publication = Publication.objects.create(
            organisation=post.organisation,
            post=post,
            channel=variant.channel,
            version=version,
            publish_at=when,
            next_try_at=when,
        )
        enqueue_on_commit(publish.using(run_after=when), publication_id=publication.pk)
    record(
        "publishing.scheduled", obj=post, organisation=post.organisation, detail={"version": version.number}
    )


@transaction.atomic(durable=True)
def reschedule(post: Post, *, by: Membership, publish_at: datetime | None) -> Post:
    """A new time for an approved post (the words are unchanged, so no new approval). None: now."""
    post = _locked_for_a_writer_or_proof_reader(
        post, by, "Only authors, proof readers and managers can change when a post goes out."
    )
    if post.state not in EDITABLE:
        raise NotAllowed("This post has gone out: its time cannot change.")
    now = timezone.now()
    if publish_at is not None and publish_at < now:
        raise NotAllowed("Choose a time in the future, or post it as soon as it is approved.")
    post.publish_at = publish_at
    post.save(update_fields=["publish_at"])
    when = publish_at or now
    for pub in post.publications.filter(state=PublicationState.PENDING):
        seen = {"state": PublicationState.PENDING, "attempts": pub.attempts, "next_try_at": pub.next_try_at}
        if claim(Publication, pub.pk, when=seen, change={"next_try_at": when}):
            enqueue_on_commit(publish.using(run_after=when), publication_id=pub.pk)
    # The new time, for the post's history: ISO, or "" for as soon as it is approved.
    record(
        "publishing.rescheduled",
        by=by.user,
        obj=post,
        detail={"publish_at": publish_at.isoformat() if publish_at else ""},
    )
    return post


@transaction.atomic(durable=True)
def take_back(post: Post, *, by: Membership) -> Post:
    """Back to draft before it goes out (the author's or a proof reader's second thoughts): what was
    scheduled is cancelled, and it needs approving again."""
    post = _locked_for_a_writer_or_proof_reader(
        post, by, "Only authors, proof readers and managers can take a post back."
    )
    if post.state not in (PostState.SUBMITTED, PostState.SCHEDULED):
        raise NotAllowed("Only a post waiting for proof reading or scheduled can be taken back.")
    if gone_out(post):
        raise NotAllowed(
            "This post has gone out, or is going out, on a channel, so it cannot be taken back. "
            "Write a new post instead."
        )
    _cancel_publications(post)
    post.state = PostState.DRAFT
    post.revision = F("revision") + 1
    post.save(update_fields=["state", "revision"])
    post.refresh_from_db()
    record("publishing.sent_back", by=by.user, obj=post, detail={"reason": "taken back"})
    return post


@transaction.atomic(durable=True)
def try_again(post: Post, *, by: Membership) -> int:
    """Post the failed channels' copies again (after a manager reconnected a channel, or the platform came
    back): the same publications with the same keys, so the platform is asked first whether the post is
    already there. The approved words are unchanged, so no new approval. Returns how many."""
    post = _locked_for_a_writer_or_proof_reader(
        post, by, "Only authors, proof readers and managers can try a post again."
    )
    failed = list(post.publications.filter(state=PublicationState.FAILED).select_related("channel"))
    if not failed:
        raise NotAllowed("Nothing of this post failed, so there is nothing to try again.")
    for pub in failed:
        if pub.channel.reconnect_needed:
            raise NotAllowed(
                f"{isolate(pub.channel.name)} needs reconnecting first: a manager must enter a new credential."
            )
    now = timezone.now()
    for pub in failed:
        change = {
            "state": PublicationState.PENDING,
            "attempts": 0,
            "next_try_at": now,
            "finished_at": None,
            "what_to_do": "",
        }
        if claim(
            Publication,
            pub.pk,
            when={"state": PublicationState.FAILED, "attempts": pub.attempts},
            change=change,
        ):
            enqueue_on_commit(publish, publication_id=pub.pk)
    post.state = PostState.SCHEDULED
    post.save(update_fields=["state"])
    record("publishing.rescheduled", by=by.user, obj=post, detail={"reason": "tried again"})
    return len(failed)
