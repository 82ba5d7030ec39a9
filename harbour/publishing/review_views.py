"""A post's page (what was submitted, its checks, proof reading, posting and replies, and what this member
may do next), the proof reader's page, and the post's time, taking it back and trying it again. Each is a
scoped lookup, a form, a service and a response; the services decide who may do what."""

import datetime
import difflib
import re

from django.contrib import messages
from django.db.models import Count, Min
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from harbour.accounts.access import NotAllowed, get_object_for_org, member_required
from harbour.accounts.capabilities import Capability
from harbour.audit.models import AuditEvent
from harbour.channels.models import Channel
from harbour.connectors.registry import entry
from harbour.inbox.models import Item
from harbour.inbox.services import readable_channels
from harbour.lib.bidi import isolate
from harbour.publishing import services
from harbour.publishing.checks import draft_of
from harbour.publishing.models import (
    Post,
    PostState,
    PublicationState,
    Verdict,
    content_of,
)
from harbour.publishing.review_forms import MOST_ROWS, ReviewForm, ScheduleForm, rows_asked
from harbour.publishing.views import previews  # the authoring pages' previews, the same on both

CONTEXT = 40  # characters shown either side of the words a comment is about
SHORT_HASH = 12
HISTORY_EVENTS = {  # the post's audit events its history shows (the rest have their own rows)
    "publishing.scheduled": "Scheduled",
    "publishing.rescheduled": "Time changed",
    "publishing.sent_back": "Back to draft",
}
SENT_BACK_BECAUSE = {
    "changed": "its words changed while it waited for proof reading",
    "changed after approval": "its words changed after it was approved, so it needs approval again",
    "taken back": "it was taken back",
}


def _post(request, pk) -> Post:
    return get_object_for_org(Post.objects.select_related("author__user", "organisation"), request, pk=pk)


def _may_change(membership) -> bool:
    return membership.can(Capability.WRITE_POSTS) or membership.can(Capability.APPROVE)


def _texts(content: dict) -> list[tuple[str, str, str]]:
    """(key, label, text) of each text in a version: the post's, then each channel's own version."""
    texts = [("", "The post's text", content["text"])]
    for channel in content["channels"]:
        if channel["text"]:
            texts.append((str(channel["id"]), f"The version for {isolate(channel['name'])}", channel["text"]))
    return texts


def _in_context(text: str, start: int, end: int) -> dict:
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    return {
        "before": ("…" if start > CONTEXT else "") + before,
        "words": text[start:end],
        "after": after + ("…" if end + CONTEXT < len(text) else ""),
    }


def _reviews(post: Post) -> list[dict]:
    entries = []
    reviews = post.reviews.select_related("reviewer__user", "version").prefetch_related(
        "text_comments__channel"
    )
    for decision in reviews:
        texts = decision.version.texts()
        notes = []
        for note in decision.text_comments.all():
            text = texts.get(note.channel_id, "")
            shown = (
                _in_context(text, note.start, note.end)
                if text[note.start : note.end] == note.quote
                else {"before": "", "words": note.quote, "after": ""}
            )
            notes.append({"note": note, "channel": note.channel, **shown})
        entries.append({"kind": "review", "at": decision.created_at, "review": decision, "notes": notes})
    return entries


def _new_time(event) -> str | None:
    """A time change's new time, in words on the organisation's clock; None for other events (or old ones)."""
    if event.action != "publishing.rescheduled" or "publish_at" not in (event.detail or {}):
        return None
    when = event.detail["publish_at"]
    if not when:
        return "as soon as it is approved"
    try:
        at = timezone.localtime(datetime.datetime.fromisoformat(when))
    except ValueError:
        return None
    return date_format(at, "j F Y, H:i")


def _events(post: Post) -> list[dict]:
    events = AuditEvent.objects.filter(
        organisation_id=post.organisation_id,
        object_type=Post._meta.label_lower,
        object_id=str(post.pk),
        action__in=HISTORY_EVENTS,
    ).select_related("actor")
    return [
        {
            "kind": "event",
            "at": event.created_at,
            "said": HISTORY_EVENTS[event.action],
            "why": SENT_BACK_BECAUSE.get((event.detail or {}).get("reason", ""), ""),
            "tried_again": (event.detail or {}).get("reason") == "tried again",
            "new_time": _new_time(event),
            "by": event.actor,
        }
        for event in events
    ]


def _replies(membership, publications) -> dict[int, dict]:
    """Per published publication: how many replies the inbox has in its thread, and, for a member who
    reads that channel's inbox, a link to them (the first reply's page shows the whole thread)."""
    published = [p for p in publications if p.state == PublicationState.PUBLISHED and p.platform_id]
    if not published:
        return {}
    readable = set()
    if membership.can(Capability.VIEW_INBOX):
        readable = set(readable_channels(membership).values_list("pk", flat=True))
    replies = {}
    for pub in published:
        found = Item.objects.filter(
            organisation_id=pub.organisation_id, channel_id=pub.channel_id, thread_id=pub.platform_id
        ).aggregate(count=Count("pk"), first=Min("pk"))
        link = None
        if found["count"] and pub.channel_id in readable:
            link = reverse("inbox:item", args=[found["first"]])
        replies[pub.pk] = {
            "count": found["count"],
            "link": link,
            "channel_link": f"{reverse('inbox:index')}?queue=all&channel={pub.channel_id}"
            if pub.channel_id in readable
            else None,
        }
    return replies


def _checks(version) -> dict:
    if version is None:
        return {}
    names = {c["id"]: c["name"] for c in version.content["channels"]}
    grouped = {"blocks": [], "advice": [], "ok": []}
    for check in version.checks:
        shown = {**check, "channel_name": names.get(check.get("channel_id"))}
        grouped.setdefault(check.get("status", "advice"), []).append(shown)
    return grouped


def _images(post: Post, content: dict) -> list[dict]:
    """The images (or the video) of a version, their facts as frozen, each with its address where it is
    still stored: an image through the post's own address, a video through the library's, which answers
    the byte ranges a browser asks for to play it."""
    stored = {image.asset.sha256: image for image in post.images.select_related("asset")}
    shown = []
    for number, facts in enumerate(content["images"], start=1):
        video = facts.get("mime_type", "").startswith("video/")
        image = stored.get(facts["sha256"])
        src = None
        if image is not None:
            src = (
                reverse("consent:media_file", args=[image.asset_id])
                if video
                else reverse("publishing:image", args=[image.pk])
            )
        shown.append({"number": number, "facts": facts, "video": video, "src": src})
    return shown


USES = {"first_name": "first name", "full_name": "full name", "quote": "quoted"}


def _people(post: Post, content: dict) -> list[dict]:
    """The people from the consent register a version's words name or quote, as tagged (older versions
    have none), with how."""
    from harbour.consent.models import Person

    tags = content.get("people", [])
    names = Person.objects.filter(organisation_id=post.organisation_id, pk__in=[t["person"] for t in tags])
    names = {p.pk: p.full_name for p in names}
    return [
        {
            "name": names.get(t["person"], "Someone no longer in the register"),
            "use": USES.get(t["use"], t["use"]),
        }
        for t in tags
    ]


def _page(request, post: Post, *, schedule_form=None, status=200):
    membership = request.membership
    version = post.current_version
    draft = post.state == PostState.DRAFT or version is None
    content = content_of(post) if draft else version.content
    shown_images = _images(post, content)
    publications = list(post.publications.exclude(state=PublicationState.CANCELLED).select_related("channel"))
    replies = _replies(membership, publications)
    gone = services.gone_out(post)  # the words can no longer change, nor can it go back to draft
    for publication in publications:
        publication.replies = replies.get(publication.pk)
    history = [
        {"kind": "version", "at": v.submitted_at, "version": v}
        for v in post.versions.select_related("submitted_by__user")
    ]
    reviews = _reviews(post)
    history += reviews + _events(post)
    history += [
        {"kind": "publication", "at": p.finished_at, "publication": p}
        for p in post.publications.select_related("channel")
        if p.finished_at is not None
    ]
    history.sort(key=lambda entry: entry["at"], reverse=True)
    approvals = 0
    if version is not None:
        approvals = version.reviews.filter(verdict=Verdict.APPROVED).count()
    may_change = _may_change(membership)
    writes = membership.can(Capability.WRITE_POSTS)
    refusal = services.review_refusal(post, membership)
    if schedule_form is None and may_change and post.state in services.EDITABLE:
        initial = {"when": "at" if post.publish_at else "now"}
        if post.publish_at:
            local = timezone.localtime(post.publish_at)
            initial["date"], initial["time"] = local.date(), local.strftime("%H:%M")
        schedule_form = ScheduleForm(initial=initial, scheduled=post.state == PostState.SCHEDULED)
    context = {
        "post": post,
        "version": version,
        "draft": draft,
        "changed_since": version is not None and version.revision != post.revision,
        "content": content,
        "channels": shown_channels(post, content),
        "images": shown_images,
        "people": _people(post, content),
        "checks": _checks(version),
        "publications": publications,
        "history": history,
        "short_hash": version.content_hash[:SHORT_HASH] if version else "",
        "approvals": approvals,
        "approvals_needed": services.approvals_needed(post),
        "was_approved": draft
        and version is not None
        and version.reviews.filter(verdict=Verdict.APPROVED).exists(),
        # The latest decision, when it sent the post back: its comments at the top of the page.
        "sent_back": reviews[0]
        if draft and reviews and reviews[0]["review"].verdict == Verdict.REJECTED
        else None,
        "can": {
            "edit": writes and post.state in services.EDITABLE and not gone,
            "review": refusal is None,
            "schedule": may_change and post.state in services.EDITABLE,
            "take_back": may_change and post.state in (PostState.SUBMITTED, PostState.SCHEDULED) and not gone,
            "try_again": may_change and any(p.state == PublicationState.FAILED for p in publications),
        },
        "review_refusal": refusal if membership.can(Capability.APPROVE) else None,
        "schedule_form": schedule_form,
    }
    if schedule_form is not None and schedule_form.is_bound:
        context["form"] = schedule_form  # its errors in the page's error summary
    return render(request, "publishing/post.html", context, status=status)


@member_required(Capability.VIEW_PUBLISHING)
@require_GET
def post(request, pk):
    return _page(request, _post(request, pk))


@member_required(Capability.APPROVE)
@require_http_methods(["GET", "POST"])
def review(request, pk):
    post = _post(request, pk)
    version = post.current_version
    if request.method == "GET":
        if refusal := services.review_refusal(post, request.membership):
            return _refused(request, post, refusal)
        form = ReviewForm(initial={"version": version.number}, texts=_texts(version.content))
        return _review_page(request, post, version, form)

    if version is None:
        return _refused(request, post, "This post is not waiting for proof reading.")
    texts = _texts(version.content)
    rows = rows_asked(request.POST)
    if "more" in request.POST:  # "Add another comment": the same page with one more row, nothing checked
        rows = min(rows + 1, MOST_ROWS)
        form = ReviewForm(initial={**request.POST.dict(), "rows": rows}, texts=texts, rows=rows)
        return _review_page(request, post, version, form)
    form = ReviewForm(request.POST, texts=texts, rows=rows)
    if not form.is_valid():
        return _review_page(request, post, version, form, status=400)
    data = form.cleaned_data
    approve = data["decision"] == "approve"
    try:
        services.review(
            post,
            by=request.membership,
            version_number=data["version"],
            approve=approve,
            comments=data["comments"],
            text_comments=data["text_comments"],
        )
    except services.Stale as stale:
        messages.error(request, str(stale))
        return redirect("publishing:post", post.pk)
    except services.Blocked as blocked:
        form.add_error(None, str(blocked))
        return _review_page(request, post, version, form, status=400)
    except NotAllowed as refused:
        post.refresh_from_db()
        if refusal := services.review_refusal(post, request.membership):
            return _refused(request, post, refusal)
        form.add_error(None, str(refused))
        return _review_page(request, post, version, form, status=400)
    post.refresh_from_db()
    if not approve:
        messages.success(request, "Sent back to the author with your comments.")
    elif post.state == PostState.SCHEDULED:
        messages.success(
            request,
            "Approved. It is scheduled to go out "
            + (f"on {_when(post.publish_at)}." if post.publish_at else "now."),
        )
    else:
        messages.success(request, "Approved. It needs another proof reader's approval before it goes out.")
    return redirect("publishing:post", post.pk)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%-d %B %Y at %H:%M")


def _words_changed(before: str, after: str) -> list[tuple[str, str]]:
    """The words of `after` against `before`, as (how, words): "same", "added" or "removed"."""
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    pieces = []
    for how, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if how == "equal":
            pieces.append(("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", "".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(("added", "".join(new[j1:j2])))
    return pieces


def _changes(post: Post, version) -> dict | None:
    """What changed since the version before (the one the proof readers last read), or None for the first."""
    previous = post.versions.filter(number__lt=version.number).order_by("-number").first()
    if previous is None:
        return None
    before, after = previous.content, version.content
    texts = []
    if before["text"] != after["text"]:
        texts.append({"label": "The post's text", "pieces": _words_changed(before["text"], after["text"])})
    was = {c["id"]: c["text"] or before["text"] for c in before["channels"]}
    for channel in after["channels"]:
        now = channel["text"] or after["text"]
        if channel["text"] and was.get(channel["id"], "") != now:
            texts.append(
                {
                    "label": f"The version for {isolate(channel['name'])}",
                    "pieces": _words_changed(was.get(channel["id"], ""), now),
                }
            )
    return {
        "previous": previous,
        "texts": texts,
        "title": before["title"] != after["title"],
        "channels": sorted(was) != sorted(c["id"] for c in after["channels"]),
        "replies": [c.get("reply_control") for c in before["channels"]]
        != [c.get("reply_control") for c in after["channels"]],
        "images": before["images"] != after["images"],
        "people": before.get("people", []) != after.get("people", []),
    }


def shown_channels(post: Post, content: dict) -> list[dict]:
    """Each channel of a version's content as _version.html shows it: its text as it goes out, whether it is
    its own, and who can reply there in words (where the version says)."""
    ids = [c["id"] for c in content["channels"]]
    platforms = dict(
        Channel.objects.for_org(post.organisation).filter(pk__in=ids).values_list("pk", "platform")
    )
    return [
        {
            **c,
            "shown": c["text"] or content["text"],
            "own": bool(c["text"]),
            "who_replies": entry(platforms[c["id"]]).reply_control_label(c.get("reply_control", ""))
            if c["id"] in platforms
            else "",
        }
        for c in content["channels"]
    ]


def previews_of(post: Post) -> list[dict]:
    """How it will look on each channel, as the authoring pages show it (a submitted post is its version)."""
    channels = {v.channel_id: v.channel for v in post.variants.select_related("channel")}
    return previews(draft_of(post), channels, post)


def _refused(request, post: Post, refusal: str):
    return render(request, "publishing/review.html", {"post": post, "refusal": refusal}, status=403)


def _review_page(request, post: Post, version, form: ReviewForm, status: int = 200):
    content = version.content
    context = {
        "post": post,
        "version": version,
        "content": content,
        "channels": shown_channels(post, content),
        "images": _images(post, content),
        "people": _people(post, content),
        "checks": _checks(version),
        "short_hash": version.content_hash[:SHORT_HASH],
        "form": form,
        "word_rows": form.word_rows(),
        "approvals": version.reviews.filter(verdict=Verdict.APPROVED).count(),
        "approvals_needed": services.approvals_needed(post),
        "most_rows": form.rows_shown >= MOST_ROWS,
        "changes": _changes(post, version),
        "previews": previews_of(post),
    }
    return render(request, "publishing/review.html", context, status=status)


@member_required(Capability.VIEW_PUBLISHING)
@require_POST
def schedule(request, pk):
    post = _post(request, pk)
    form = ScheduleForm(request.POST, scheduled=post.state == PostState.SCHEDULED)
    if not form.is_valid():
        return _page(request, post, schedule_form=form, status=400)
    when = form.cleaned_data["publish_at"]
    try:
        services.reschedule(post, by=request.membership, publish_at=when)
    except NotAllowed as refused:
        form.add_error(None, str(refused))
        return _page(request, post, schedule_form=form, status=400)
    post.refresh_from_db()
    if when is not None:
        messages.success(request, f"It will go out on {_when(when)}.")
    elif post.state == PostState.SCHEDULED:
        messages.success(request, "It is going out now.")
    else:
        messages.success(request, "It will go out as soon as it is approved.")
    return redirect("publishing:post", post.pk)


@member_required(Capability.VIEW_PUBLISHING)
@require_POST
def take_back(request, pk):
    post = _post(request, pk)
    try:
        services.take_back(post, by=request.membership)
    except NotAllowed as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            "Taken back: it is a draft again, and nothing of it will go out until it is approved again.",
        )
    return redirect("publishing:post", post.pk)


@member_required(Capability.VIEW_PUBLISHING)
@require_POST
def try_again(request, pk):
    post = _post(request, pk)
    try:
        count = services.try_again(post, by=request.membership)
    except NotAllowed as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            f"Trying again on {count} channel{'s' if count != 1 else ''}: Harbour first asks the platform "
            "whether the post is already there, so it is never posted twice.",
        )
    return redirect("publishing:post", post.pk)
