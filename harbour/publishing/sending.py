"""Posting one publication on its channel: the work of the task `harbour.publishing.tasks.publish`. A
scheduled job, so there is no actor.

Never twice: the publication is claimed pending -> running (committed) before the platform is called, so
of two workers one posts it, and a finished one is never posted again. Every post carries its
publication's idempotency key (`PublishRequest.key`): on Bluesky the post's record key, so a second create
cannot make a second post; on Mastodon the Idempotency-Key header. And before any attempt after the first
(a retry after an error whose outcome is unknown, or a worker killed between the platform's answer and
the database write, whose task harbour/jobs/stale.py requeues) Harbour asks the platform whether the post
is there (`Connector.find_published`) and records it if so, instead of posting again.

Never lost: a temporary error puts it back to pending with a later try (`Sent.retry_at`, which the task
enqueues), and the scheduler enqueues any pending publication whose try is long overdue (`enqueue_due`).
A permanent error fails it, with what to do, on the post's page for its author and proof readers; a
refused credential is also raised on the channel (`needs_reconnect`).

Checked again at the moment it goes out: the post must still be the approved version (its hash), and the
blocking checks (checks.py and the consent gate, gate.py) must still pass.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from harbour.audit.services import record
from harbour.channels.connecting import connector_for
from harbour.connectors.base import ImageUpload, PublishRequest, VideoUpload
from harbour.consent import ledger
from harbour.jobs.attempts import Attempts
from harbour.publishing import public_media
from harbour.publishing.models import (
    Post,
    PostState,
    Publication,
    PublicationState,
    content_hash,
    content_of,
)

ATTEMPTS = Attempts(
    Publication, "publication", pending=PublicationState.PENDING, failed=PublicationState.FAILED
)
MAX_ATTEMPTS = ATTEMPTS.max_attempts  # tried this many times, over about an hour, then it has failed


@dataclass(frozen=True)
class Sent:
    outcome: str  # published, found, failed, reconnect, retry, not yet, taken, finished, blocked
    retry_at: datetime | None = None

    def as_dict(self) -> dict:
        return {"outcome": self.outcome, "retry_at": self.retry_at.isoformat() if self.retry_at else None}


def what_to_do(publication: Publication) -> str:
    label = publication.channel.platform_entry.label
    return (
        f"Check the account in the {label} app. If the post is not there, choose 'Try posting it again' on "
        "this page once the problem is put right, or copy the approved text from this page and post it "
        "there yourself."
    )


def request_for(publication: Publication) -> PublishRequest:
    """The post as it goes out: its text on this channel and its images' files from the media library,
    each with the alt text its approved version froze (the library's may have changed since); or, for a
    post with a video, that one video (the library's encoded MP4, harbour/consent/video.py) as
    `PublishRequest.video`, with its frozen alt text, its size in pixels and its length. For a platform that
    fetches media, each also has its signed public address (public_media.py). Who may reply comes from the
    approved version, never from the post as it is now."""
    from harbour.consent.models import MediaKind

    post = publication.post
    approved = {i.get("asset"): i["alt_text"] for i in publication.version.content.get("images", [])}
    fetched = publication.channel.platform_entry.fetches_media
    images, video = [], None
    for image in post.images.select_related("asset").order_by("position", "pk"):
        asset = image.asset
        alt_text = approved.get(asset.pk, asset.alt_text)
        url = public_media.address(publication, image) if fetched else ""
        with asset.file.open("rb") as stored:
            data = stored.read()
        if asset.kind == MediaKind.VIDEO:
            video = VideoUpload(
                data,
                alt_text,
                "video/mp4",
                width=asset.width,
                height=asset.height,
                duration_ms=asset.duration_ms,
                url=url,
            )
        else:
            images.append(ImageUpload(data, alt_text, asset.mime_type, url=url))
    # Who may reply, as the approved version froze it for this channel ("" before Harbour asked: the
    # channel's own setting).
    frozen = publication.version.content.get("channels", [])
    reply_control = next(
        (c.get("reply_control", "") for c in frozen if c["id"] == publication.channel_id), ""
    )
    return PublishRequest(
        post.text_for(publication.channel_id),
        images=tuple(images),
        video=video,
        key=publication.key,
        reply_control=reply_control,
    )


def _claim(publication: Publication, when: dict, change: dict) -> bool:
    """Change the outcome if it still holds `when`, with its audit event and the post's state
    (harbour/jobs/attempts.py)."""
    return ATTEMPTS.change(publication, when, change, lambda: _record(publication, change))


def _record(publication: Publication, change: dict) -> None:
    state = change.get("state")
    if state not in (PublicationState.PUBLISHED, PublicationState.FAILED):
        return
    detail = {"attempts": publication.attempts, "channel": publication.channel_id}
    if state == PublicationState.PUBLISHED:
        record(
            "publishing.published", organisation=publication.organisation, obj=publication.post, detail=detail
        )
        # The ledger of who the post named or showed, in the same transaction (harbour/consent/ledger.py).
        ledger.record_uses(publication)
    else:
        detail["error"] = publication.error[:500]
        record(
            "publishing.failed", organisation=publication.organisation, obj=publication.post, detail=detail
        )
    _settle(publication.post_id)


def _settle(post_id: int) -> None:
    """The post is published once every channel's copy is out; failed once none is left to go and one failed."""
    left = Publication.objects.filter(post_id=post_id).exclude(state=PublicationState.CANCELLED)
    states = set(left.values_list("state", flat=True))
    if states & {PublicationState.PENDING, PublicationState.RUNNING}:
        return
    now = timezone.now()
    if states == {PublicationState.PUBLISHED}:
        Post.objects.filter(pk=post_id, state=PostState.SCHEDULED).update(
            state=PostState.PUBLISHED, published_at=now
        )
    elif PublicationState.FAILED in states:
        Post.objects.filter(pk=post_id, state=PostState.SCHEDULED).update(
            state=PostState.FAILED, published_at=now if PublicationState.PUBLISHED in states else None
        )


def _fail(publication: Publication, holding: dict, error: str, to_do: str) -> bool:
    change = ATTEMPTS.for_a_person(error, finished_at=timezone.now(), what_to_do=to_do)
    return _claim(publication, holding, change)


def _still_approved(publication: Publication) -> str | None:
    """Why the post may not go out now, or None: it changed since approval, or a blocking check refuses."""
    from harbour.publishing.checks import blocking, draft_of, run_checks

    post = publication.post
    if (
        post.state != PostState.SCHEDULED
        or content_hash(content_of(post)) != publication.version.content_hash
    ):
        return "The post changed after it was approved, so Harbour did not post it."
    if refused := blocking(run_checks(draft_of(post))):
        return "Harbour did not post it: " + " ".join(check.summary for check in refused)
    return None


def publish(publication_id: int, now=None) -> Sent:
    """Post one publication, once (see the module's docstring)."""
    now = now or timezone.now()
    publication = Publication.objects.select_related("channel", "post", "version", "organisation").get(
        pk=publication_id
    )
    if publication.state not in (PublicationState.PENDING, PublicationState.RUNNING):
        return Sent("finished")
    if publication.state == PublicationState.PENDING:
        if ATTEMPTS.early(publication, now):
            return Sent("not yet")  # an early delivery: the task for its time comes later
        seen = {"state": PublicationState.PENDING, "attempts": publication.attempts}
    else:  # RUNNING: the run that claimed it never finished (its worker died, or it outlived the lease)
        seen = {
            "state": PublicationState.RUNNING,
            "attempts": publication.attempts,
            "started_at": publication.started_at,
        }
    # Some attempt began before (a retry, a worker killed mid-call, a failed post tried again): whether the
    # platform has the post is unknown until it is asked.
    asked_before = publication.started_at is not None
    # Before the first attempt: started_at moves with every attempt and publish_at may be after a time
    # brought forward, but no attempt starts before the publication was written.
    since = publication.created_at
    attempts = publication.attempts + 1
    holding = {"state": PublicationState.RUNNING, "attempts": attempts, "started_at": now}
    if not ATTEMPTS.hold(publication, seen, holding):
        return Sent("taken")  # another worker has it
    if refusal := _still_approved(publication):
        _fail(
            publication,
            holding,
            refusal,
            "Once what the checks say is put right, choose 'Try posting it again' on this page (the checks "
            "are run again); or write a new post and submit it for proof reading.",
        )
        return Sent("blocked")
    from harbour.inbox.ingest import needs_reconnect  # the channel's own flow: flag it, tell managers

    channel = publication.channel

    def post():  # (found before, published)
        connector = connector_for(channel)
        request = request_for(publication)
        found = connector.find_published(request, since) if asked_before else None
        return found, found or connector.publish(request)

    tried = ATTEMPTS.attempt(
        publication,
        holding,
        attempts,
        post,
        give_up=lambda error: _fail(publication, holding, error, what_to_do(publication)),
        refused=lambda exc: _fail(
            publication,
            holding,
            f"{channel.platform_entry.label} refused Harbour's credential: {exc.message}",
            "A manager must reconnect the channel (Channels, then "
            f"{channel.name}, then Credentials); then choose 'Try posting it again' on this page.",
        ),
        reconnect=lambda message: needs_reconnect(channel, message),
    )
    if tried.outcome != "done":
        return Sent(tried.outcome, tried.retry_at)
    found, published = tried.result
    change = {
        "state": PublicationState.PUBLISHED,
        "finished_at": timezone.now(),
        "platform_id": published.platform_id[:500],
        "url": published.url[:500],
        "error": "",
    }
    _claim(publication, holding, change)
    return Sent("found" if found else "published")


def overdue(now) -> list[tuple[int, datetime | None]]:
    """Pending publications whose try is long overdue, as (id, next_try_at): their task was lost."""
    return ATTEMPTS.lost(now, first_try="publish_at")
