"""The authoring pages: the list of posts, writing and changing a post with the check panel beside it
(updated by htmx as the author types, and by a "Check again" button without JavaScript), its images, and
submitting it for proof reading. Every change goes through harbour.publishing.services."""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from harbour.accounts import uploads
from harbour.accounts.access import NotAllowed, get_object_for_org, member_required
from harbour.accounts.capabilities import Capability
from harbour.connectors.registry import entry
from harbour.lib.bidi import isolate
from harbour.publishing import services
from harbour.publishing.checks import draft_of, run_checks
from harbour.publishing.draft import Draft, Status
from harbour.publishing.forms import PostForm, draft_from
from harbour.publishing.models import MAX_IMAGES, Post, PostImage, PostState, Verdict

PER_PAGE = 20
EMPTY = Draft(title="", text="", channels=())

SECTIONS = {
    "drafts": ("Drafts", [PostState.DRAFT]),
    "waiting": ("Waiting for proof reading", [PostState.SUBMITTED]),
    "for_you": ("For you to proof read", [PostState.SUBMITTED]),
    "scheduled": ("Scheduled", [PostState.SCHEDULED]),
    "published": ("Published", [PostState.PUBLISHED]),
    "failed": ("Not published", [PostState.FAILED]),
}
STATE_TAGS = {
    PostState.DRAFT: "govuk-tag--grey",
    PostState.SUBMITTED: "govuk-tag--yellow",
    PostState.SCHEDULED: "govuk-tag--blue",
    PostState.PUBLISHED: "govuk-tag--green",
    PostState.FAILED: "govuk-tag--red",
}


def post_url(post: Post) -> str:
    return reverse("publishing:post", args=[post.pk])


def _posts(request):
    return Post.objects.for_org(request.organisation).select_related("author__user")


def _for_you(request) -> list[Post]:
    """The posts waiting for proof reading that this member may proof read now."""
    me = request.membership
    if not me.can(Capability.APPROVE):
        return []
    submitted = _posts(request).filter(state=PostState.SUBMITTED)
    return [post for post in submitted if services.review_refusal(post, me) is None]


def _post(request, pk) -> Post:
    return get_object_for_org(Post.objects.select_related("organisation"), request, pk=pk)


@member_required(Capability.VIEW_PUBLISHING)
def posts(request):
    me = request.membership
    for_you = _for_you(request)
    shown = request.GET.get("show", "")
    if shown not in SECTIONS or (shown == "for_you" and not me.can(Capability.APPROVE)):
        shown = "for_you" if for_you else "drafts"
    chosen = for_you if shown == "for_you" else _section(request, shown)
    page = Paginator(chosen, PER_PAGE).get_page(request.GET.get("page"))
    for post in page:
        editable = post.state == PostState.DRAFT and me.can(Capability.WRITE_POSTS)
        post.link = reverse("publishing:edit", args=[post.pk]) if editable else post_url(post)
        post.for_you = post in for_you
        post.tag = STATE_TAGS.get(post.state, "")
    counts = _counts(request) | {"for_you": len(for_you)}
    sections = [
        {"key": key, "label": label, "count": counts[key], "current": key == shown}
        for key, (label, _) in SECTIONS.items()
        if key != "for_you" or me.can(Capability.APPROVE)
    ]
    return render(
        request,
        "publishing/posts.html",
        {
            "page": page,
            "sections": sections,
            "shown": shown,
            "shown_label": SECTIONS[shown][0],
            "can_write": me.can(Capability.WRITE_POSTS),
        },
    )


def _section(request, shown: str):
    """One section's posts, in the order that helps: my drafts first, the next to go out first, the
    latest published first."""
    posts = _posts(request).filter(state__in=SECTIONS[shown][1])
    if shown == "drafts":
        mine = Case(
            When(author=request.membership, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        return posts.annotate(mine=mine).order_by("mine", "-updated_at", "-pk")
    if shown == "scheduled":
        return posts.order_by(F("publish_at").asc(nulls_first=True), "pk")  # "as soon as approved" first
    if shown == "published":
        return posts.order_by("-published_at", "-pk")
    return posts


def _counts(request) -> dict[str, int]:
    by_state = dict(_posts(request).order_by().values_list("state").annotate(n=Count("pk")))
    return {key: sum(by_state.get(state, 0) for state in states) for key, (_, states) in SECTIONS.items()}


# Writing a post


def _form(request, post: Post | None, data=None) -> PostForm:
    channels = services.publishable_channels(request.organisation)
    if data is not None:
        return PostForm(data, channels=channels)
    if post is None:
        return PostForm(channels=channels)
    return PostForm(initial=PostForm.initial_for(post), channels=channels)


def _panel(draft, channels_by_id, post: Post | None) -> dict:
    """The check panel's context: the checks grouped, and a preview per channel."""
    if not draft.text and not draft.channels:
        return {
            "checks_ready": False,
            "status_line": "Start writing and choose a channel: the checks appear here.",
        }
    checks = run_checks(draft)
    names = {c.id: c.name for c in draft.channels}
    rows = []
    for check in checks:
        text = draft.text_for(check.channel_id) if check.channel_id else draft.text
        channel = names.get(check.channel_id, "")
        rows.append(
            {
                "check": check,
                "channel": channel if channel and channel not in check.label else "",
                "quotes": [text[a:b] for a, b in check.spans[:3] if 0 <= a < b <= len(text)],
            }
        )
    groups = [
        ("Must fix before submitting", "blocks", [r for r in rows if r["check"].status == Status.BLOCKS]),
        ("Advice", "advice", [r for r in rows if r["check"].status == Status.ADVICE]),
        ("All fine", "ok", [r for r in rows if r["check"].status == Status.OK]),
    ]
    blocks, advice = len(groups[0][2]), len(groups[1][2])
    return {
        "checks_ready": True,
        "groups": [g for g in groups if g[2]],
        "status_line": _status_line(blocks, advice),
        "previews": previews(draft, channels_by_id, post),
    }


def _status_line(blocks: int, advice: int) -> str:
    """What the live region says after each check: read out by screen readers as the author types."""
    if blocks:
        line = f"{blocks} thing{'s' if blocks != 1 else ''} to fix before submitting"
    else:
        line = "Nothing stops it being submitted"
    if advice:
        line += f", {advice} piece{'s' if advice != 1 else ''} of advice"
    return line + "."


LINKS = re.compile(r"(https?://[^\s<>\"]+|www\.[^\s<>\"]+|(?<![\w@])[#@][\w.-]*\w)")


def previews(draft, channels_by_id, post) -> list[dict]:
    """How the post looks on each channel: its words, the images the platform takes, or its video where
    the platform takes video (a post has images or one video)."""
    from harbour.connectors.platform import PlatformCapability

    media = list(post.images.select_related("asset")) if post else []
    stored = [image for image in media if image.asset.kind != "video"]
    video = next((image for image in media if image.asset.kind == "video"), None)
    shown = []
    for facts in draft.channels:
        channel = channels_by_id.get(facts.id)
        if channel is None:
            continue
        platform = entry(facts.platform)
        takes_video = PlatformCapability.PUBLISH_VIDEO in platform.capabilities
        text = draft.text_for(facts.id)
        length = platform.length_of(text)
        shown.append(
            {
                "channel": channel,
                "platform": platform,
                "parts": [(part, bool(LINKS.fullmatch(part))) for part in LINKS.split(text) if part],
                "length": length,
                "limit": platform.max_text_length,
                "over": max(0, length - platform.max_text_length) if platform.max_text_length else 0,
                "images": stored[: platform.max_images] if platform.max_images else [],
                "images_left_out": max(0, len(stored) - platform.max_images) if stored else 0,
                "video": video if takes_video else None,
                "video_refused": video is not None and not takes_video,
            }
        )
    return shown


def _edit_page(request, post: Post | None, form: PostForm, draft=None, *, blocked=None, status=200):
    if draft is None:
        data = form.data if form.is_bound else None
        if data is not None:
            draft = draft_from(data, organisation=request.organisation, channels=form.channel_list, post=post)
        elif post is not None:
            draft = draft_of(post)
    offered = {c.pk: c for c in form.channel_list}
    stored = {v.channel_id: v.channel for v in post.variants.select_related("channel")} if post else {}
    panel = _panel(draft or EMPTY, stored | offered, post)
    lost = [
        channel for pk, channel in stored.items() if pk not in offered
    ]  # retired since, or can no longer post
    images = list(post.images.select_related("asset").prefetch_related("asset__people")) if post else []
    return render(
        request,
        "publishing/edit.html",
        {
            "post": post,
            "form": form,
            "images": images,
            "has_video": any(image.asset.kind == "video" for image in images),
            "people": list(post.people.select_related("person")) if post else [],
            "never_published": _never_published(post),
            "can_upload": request.membership.can(Capability.MANAGE_CONSENT),
            "max_images": MAX_IMAGES,
            "lost_channels": lost,
            "blocked": blocked or [],
            **panel,
        },
        status=status,
    )


def _never_published(post: Post | None) -> set[int]:
    """Which of the post's tagged people (in its words or its images) must never be published."""
    if post is None:
        return set()
    from harbour.consent.rules import never_published

    ids = set(post.people.values_list("person_id", flat=True))
    ids |= set(post.images.values_list("asset__people", flat=True)) - {None}
    return never_published(ids)


def _save(request, post: Post | None, form: PostForm) -> Post | None:
    """The form's post saved through the services, or None with the refusal on the form."""
    data = form.cleaned_data
    fields = {
        "title": data["title"],
        "text": data["text"],
        "channel_ids": data["channels"],
        "variants": form.variants(),
        "reply_controls": form.reply_controls(),
        "publish_at": data["publish_at"],
    }
    try:
        if post is None:
            return services.create_post(by=request.membership, **fields)
        return services.change_post(post, by=request.membership, revision=data["revision"] or 0, **fields)
    except services.Stale as stale:
        form.add_error(
            None, f"{stale} Your words are still below: if you save again, they replace the other change."
        )
        form.data = form.data.copy()
        form.data["revision"] = str(Post.objects.get(pk=post.pk).revision)
    except NotAllowed as refused:
        form.add_error(None, str(refused))
    return None


@member_required(Capability.WRITE_POSTS)
def edit(request, pk=None):
    post = _post(request, pk) if pk else None
    if post is not None and post.state not in services.EDITABLE:
        messages.info(request, "This post has gone out, so it cannot change. Write a new post instead.")
        return redirect(post_url(post))
    if request.method != "POST":
        return _edit_page(request, post, _form(request, post))
    if "check" in request.POST:  # "Check again" without JavaScript: nothing is saved
        return _checked_page(request, post)
    form = _form(request, post, request.POST)
    if form.is_valid() and (saved := _save(request, post, form)):
        if post is None:
            messages.success(request, "Your draft is saved. Add images, or submit it for proof reading.")
        else:
            messages.success(request, "Your changes are saved.")
        return redirect("publishing:edit", pk=saved.pk)
    return _edit_page(request, post, form, status=400)


def _checked_page(request, post: Post | None):
    """The whole page with the form as typed and the panel checking it, nothing saved or refused."""
    form = _form(request, post, request.POST)
    form.full_clean()
    form.hide_errors()
    return _edit_page(request, post, form)


@require_POST
@member_required(Capability.WRITE_POSTS)
def check_panel(request):
    """The check panel (and previews) for the form as typed, never saved: htmx swaps it in. Asked
    without htmx, the whole page comes back, as "Check again" gives it."""
    post = None
    if pk := request.POST.get("post", ""):
        if not pk.isdigit():
            raise Http404("No such post")
        post = _post(request, int(pk))
    if not request.headers.get("HX-Request"):
        return _checked_page(request, post)
    channels = services.publishable_channels(request.organisation)
    draft = draft_from(request.POST, organisation=request.organisation, channels=channels, post=post)
    by_id = {c.pk: c for c in channels}
    response = render(request, "publishing/_checks.html", {**_panel(draft, by_id, post), "partial": True})
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
@member_required(Capability.WRITE_POSTS)
def submit(request, pk):
    """Save what the form holds, then submit it for proof reading; the blocking checks say what stops it."""
    post = _post(request, pk)
    if post.state not in services.EDITABLE:
        raise PermissionDenied("This post has gone out, so it cannot be submitted again.")
    form = _form(request, post, request.POST)
    if not form.is_valid() or not (saved := _save(request, post, form)):
        return _edit_page(request, post, form, status=400)
    try:
        services.submit(saved, by=request.membership, revision=saved.revision)
    except services.Blocked as blocked:
        return _edit_page(request, saved, _form(request, saved), blocked=blocked.checks, status=400)
    except NotAllowed as refused:
        messages.error(request, str(refused))
        return redirect("publishing:edit", pk=saved.pk)
    messages.success(
        request, f"{isolate(saved.title)} is sent for proof reading. Someone independent must approve it."
    )
    return redirect(post_url(saved))


# Images or a video, from the media library


def _image(request, pk) -> PostImage:
    return get_object_for_org(PostImage.objects.select_related("post", "asset"), request, pk=pk)


def _editable(post: Post) -> None:
    if post.state not in services.EDITABLE:
        raise PermissionDenied("This post has gone out, so its images, video and people cannot change.")


def _revision(request) -> int:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return -1


@member_required(Capability.WRITE_POSTS)
def image_add(request, pk):
    """Choose an image or a video from the media library (GET: the library's ready assets, searchable,
    with who in each lacks consent; only images once the post has some, as a post has images or one
    video); POST `asset` adds it to the post. "Upload a new image or video" goes to the library's page."""
    from harbour.consent.media_forms import MediaSearchForm
    from harbour.consent.media_views import consent_of
    from harbour.consent.models import MediaAsset, MediaKind, MediaState

    post = _post(request, pk)
    _editable(post)
    if request.method == "POST":
        asset_id = request.POST.get("asset", "")
        if not asset_id.isdigit():
            raise Http404("No such image or video")
        asset = get_object_for_org(MediaAsset.objects.all(), request, pk=int(asset_id))
        try:
            services.add_image(post, by=request.membership, revision=_revision(request), asset=asset)
        except NotAllowed as refused:
            messages.error(request, str(refused))
            return redirect("publishing:image_add", pk=post.pk)
        messages.success(request, f"{isolate(asset.title)} is added to the post.")
        return redirect(reverse("publishing:edit", args=[post.pk]) + "#images")
    used = dict(post.images.values_list("asset_id", "asset__kind"))
    has_video = MediaKind.VIDEO in used.values()
    assets = MediaAsset.objects.for_org(request.organisation).filter(
        archived_at__isnull=True, state=MediaState.READY
    )
    if used:
        assets = assets.filter(kind=MediaKind.IMAGE)
    query = (request.GET.get("q") or "").strip()[:100]
    if query:
        assets = assets.filter(
            Q(title__icontains=query)
            | Q(people__first_name__icontains=query)
            | Q(people__last_name__icontains=query)
        ).distinct()
    page = Paginator(assets.exclude(pk__in=used).prefetch_related("people"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    for asset in page:
        asset.standing = consent_of(asset)
    return render(
        request,
        "publishing/image.html",
        {
            "post": post,
            "page": page,
            "query": query,
            "search": MediaSearchForm(initial={"q": query}),
            "full": has_video or len(used) >= MAX_IMAGES,
            "has_video": has_video,
            "has_images": bool(used) and not has_video,
            "max_images": MAX_IMAGES,
            "can_upload": request.membership.can(Capability.MANAGE_CONSENT),
        },
    )


@require_POST
@member_required(Capability.WRITE_POSTS)
def image_remove(request, pk):
    image = _image(request, pk)
    try:
        services.remove_image(image, by=request.membership, revision=_revision(request))
    except NotAllowed as refused:
        messages.error(request, str(refused))
    else:
        what = "video" if image.asset.kind == "video" else "image"
        messages.success(request, f"The {what} is removed from the post. It stays in the media library.")
    return redirect(reverse("publishing:edit", args=[image.post_id]) + "#images")


@member_required(Capability.VIEW_PUBLISHING)
def image(request, pk):
    """A post's image (shown inline) or video (in the byte ranges a browser asks for to play it), to members
    who may see the organisation's posts: never cached (no-store on every signed-in response), typed from
    its own first bytes."""
    found = _image(request, pk)
    if not found.asset.ready or not found.asset.file:
        raise Http404("No image or video here")
    name = f"{found.asset.kind}-{found.pk}"
    return uploads.serve(found.asset.file, name, inline_images=True, request=request)


# People the words name or quote


@member_required(Capability.WRITE_POSTS)
def people(request, pk):
    """Tag someone from the consent register whom the words name or quote (GET: find them by name; POST
    `person` and `use`)."""
    from harbour.consent.media_forms import FindPersonForm
    from harbour.consent.models import Person
    from harbour.consent.rules import never_published

    post = _post(request, pk)
    _editable(post)
    if request.method == "POST":
        person_id = request.POST.get("person", "")
        if not person_id.isdigit():
            raise Http404("No such person")
        person = get_object_for_org(Person.objects.all(), request, pk=int(person_id))
        try:
            services.tag_person(
                post,
                by=request.membership,
                revision=_revision(request),
                person=person,
                use=request.POST.get("use", ""),
            )
        except NotAllowed as refused:
            messages.error(request, str(refused))
            return redirect(reverse("publishing:people", args=[post.pk]) + f"?q={person.first_name}")
        messages.success(request, f"{isolate(person.full_name)} is tagged in the post.")
        return redirect(reverse("publishing:edit", args=[post.pk]) + "#people")
    query = (request.GET.get("q") or "").strip()[:100]
    found = []
    if query:
        matches = Person.objects.for_org(request.organisation).filter(erased_at__isnull=True)
        for word in query.split()[:3]:
            matches = matches.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        found = list(matches[:20])
        flagged = never_published({p.pk for p in found})
        for person in found:
            person.never = person.pk in flagged
    search = FindPersonForm(initial={"q": query})
    return render(
        request, "publishing/people.html", {"post": post, "query": query, "found": found, "search": search}
    )


@require_POST
@member_required(Capability.WRITE_POSTS)
def person_remove(request, pk):
    from harbour.publishing.models import PostPerson

    tag = get_object_for_org(PostPerson.objects.select_related("post"), request, pk=pk)
    try:
        services.untag_person(tag, by=request.membership, revision=_revision(request))
    except NotAllowed as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "They are no longer tagged in the post.")
    return redirect(reverse("publishing:edit", args=[tag.post_id]) + "#people")


def work_panel(request) -> dict | None:
    """The console home's publishing panel (harbour/console/panels.py): posts that did not go out, for
    everyone who writes or proof reads; the author's own drafts sent back; posts waiting for this proof
    reader. None when there is nothing to do."""
    me = request.membership
    failed = list(_posts(request).filter(state=PostState.FAILED).order_by("-published_at", "-pk")[:5])
    sent_back = [
        post
        for post in _posts(request).filter(state=PostState.DRAFT, author=me, reviews__isnull=False).distinct()
        if post.reviews.order_by("-created_at", "-pk").values_list("verdict", flat=True).first()
        == Verdict.REJECTED
    ][:5]
    for_you = len(_for_you(request))
    if not (failed or sent_back or for_you):
        return None
    for post in [*failed, *sent_back]:
        post.link = post_url(post)
    return {"failed": failed, "sent_back": sent_back, "for_you": for_you}
