"""The media library's pages: the images and videos with who is in them and whether their consent stands,
adding and describing one, tagging people from the register, archiving, and the files themselves (served
only after an access check). Every change goes through harbour.consent.media."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from harbour.accounts import uploads
from harbour.accounts.access import NotAllowed, get_object_for_org, member_required
from harbour.accounts.capabilities import Capability
from harbour.consent import media
from harbour.consent.media_forms import AssetForm, FindPersonForm, MediaSearchForm
from harbour.consent.models import MediaAsset, MediaKind, MediaState, Person, Use
from harbour.consent.rules import Outcome, never_published, standings
from harbour.lib.bidi import isolate

PER_PAGE = 24
FOUND = 20


def _asset(request, pk) -> MediaAsset:
    return get_object_for_org(MediaAsset.objects.select_related("added_by__user"), request, pk=pk)


def consent_of(asset: MediaAsset, day=None, known=None) -> dict:
    """Who in the image lacks consent to be shown, in words: {"ok": bool, "people": [...], "problems":
    [sentences], "licence": bool}. The gate says the same per channel when a post uses it. `known`: the
    standings of everyone tagged, read at once for a page of assets (rules.standings)."""
    day = day or timezone.localdate()
    use = Use.VIDEO if asset.kind == MediaKind.VIDEO else Use.PHOTO
    people = list(asset.people.all())
    if known is None:
        known = standings(people, [use], None, day)
    rows, problems = [], []
    for person in people:
        result = known[person.pk, use]
        if result.outcome == Outcome.NEVER_PUBLISH:
            rows.append({"person": person, "ok": False, "never": True, "sentence": "Do not publish"})
            problems.append(f"Do not publish {isolate(person.full_name)}.")
            continue
        sentence = result.sentence(isolate(person.full_name))
        rows.append({"person": person, "ok": result.ok, "never": False, "sentence": sentence})
        if not result.ok:
            problems.append(sentence)
    if asset.shows == "young_people" and not any(p.kind == "young_person" for p in people):
        problems.append("It shows young people, and nobody has tagged who they are.")
    if not asset.licence_recorded:
        problems.append("No licence or permission is recorded, so it cannot be posted.")
    if asset.state == MediaState.PREPARING:
        problems.append("The video is being prepared: it can be posted once that is done.")
    elif asset.state == MediaState.FAILED:
        problems.append(f"The video could not be prepared: {asset.problem}")
    return {"ok": not problems, "people": rows, "problems": problems}


@member_required(Capability.VIEW_CONSENT)
def library(request):
    assets = MediaAsset.objects.for_org(request.organisation).prefetch_related("people")
    archived = request.GET.get("archived") == "1"
    assets = assets.filter(archived_at__isnull=not archived)
    query = (request.GET.get("q") or "").strip()[:100]
    if query:
        assets = assets.filter(
            Q(title__icontains=query)
            | Q(people__first_name__icontains=query)
            | Q(people__last_name__icontains=query)
        ).distinct()
    page = Paginator(assets, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    page.object_list = assets = list(page.object_list)  # the template shows these very objects
    tagged = {person.pk: person for asset in assets for person in asset.people.all()}
    known = standings(tagged.values(), (Use.PHOTO, Use.VIDEO), None, today)
    for asset in assets:
        asset.standing = consent_of(asset, today, known)
    return render(
        request,
        "consent/media.html",
        {
            "page": page,
            "archived": archived,
            "query": query,
            "search": MediaSearchForm(initial={"q": query}),
            "can_manage": request.membership.can(Capability.MANAGE_CONSENT),
        },
    )


def _asset_form_page(request, form, asset=None, status=200):
    return render(
        request,
        "consent/media_form.html",
        {"form": form, "asset": asset},
        status=400 if form.errors else status,
    )


@member_required(Capability.MANAGE_CONSENT)
def add(request):
    if request.method != "POST":
        return _asset_form_page(request, AssetForm())
    form = AssetForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            asset = media.add_asset(
                request.organisation,
                by=request.membership,
                upload=data["file"],
                title=data["title"],
                alt_text=data["alt_text"],
                shows=data["shows"],
                source=data["source"],
                licence=data["licence"],
                permission_upload=data["permission_file"],
            )
        except NotAllowed as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                f"{isolate(asset.title)} is in the media library. Tag everyone who can be seen in it.",
            )
            return redirect(_after_add(request, asset))
    return _asset_form_page(request, form)


def _after_add(request, asset) -> str:
    """Back to the asset's page to tag people; `?post=<id>` (from the post editor's "upload a new one")
    is kept so that the asset's page offers to add it to that post."""
    url = reverse("consent:media_asset", args=[asset.pk])
    post = request.GET.get("post", "")
    return f"{url}?post={post}" if post.isdigit() else url


@member_required(Capability.MANAGE_CONSENT)
def change(request, pk):
    asset = _asset(request, pk)
    if request.method != "POST":
        return _asset_form_page(
            request, AssetForm(initial=AssetForm.initial_for(asset), with_file=False), asset
        )
    form = AssetForm(request.POST, request.FILES, with_file=False)
    if form.is_valid():
        data = form.cleaned_data
        try:
            media.change_asset(
                asset,
                by=request.membership,
                title=data["title"],
                alt_text=data["alt_text"],
                shows=data["shows"],
                source=data["source"],
                licence=data["licence"],
                permission_upload=data["permission_file"],
            )
        except NotAllowed as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The details are saved.")
            return redirect("consent:media_asset", pk=asset.pk)
    return _asset_form_page(request, form, asset)


@member_required(Capability.VIEW_CONSENT)
def asset_page(request, pk):
    from harbour.publishing.models import Post, PostImage

    asset = _asset(request, pk)
    find = FindPersonForm(request.GET or None)
    found = []
    query = ""
    if find.is_bound and find.is_valid():
        query = find.cleaned_data["q"].strip()
    tagged = set(asset.people.values_list("pk", flat=True))
    if query:
        words = query.split()
        people = Person.objects.for_org(request.organisation).filter(erased_at__isnull=True)
        for word in words[:3]:
            people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        found = list(people.exclude(pk__in=tagged)[:FOUND])
        flagged = never_published({p.pk for p in found})
        for person in found:
            person.never = person.pk in flagged
    post = None
    post_id = request.GET.get("post", "")
    if post_id.isdigit() and request.membership.can(Capability.WRITE_POSTS):
        post = Post.objects.filter(organisation=request.organisation, pk=int(post_id)).first()
    uses = PostImage.objects.filter(asset=asset).select_related("post").order_by("-post__updated_at")[:20]
    return render(
        request,
        "consent/media_asset.html",
        {
            "asset": asset,
            "standing": consent_of(asset),
            "find": find,
            "query": query,
            "found": found,
            "can_manage": request.membership.can(Capability.MANAGE_CONSENT),
            "permission": asset.permission_evidence,
            "for_post": post,
            "posts": [use.post for use in uses] if request.membership.can(Capability.VIEW_PUBLISHING) else [],
        },
    )


def _back(asset, request) -> str:
    url = reverse("consent:media_asset", args=[asset.pk])
    post = request.POST.get("post", "")
    return f"{url}?post={post}" if post.isdigit() else url


def _change_tag(request, pk, change, done: str):
    """Tag or untag the posted person (from this organisation's register) in the asset."""
    asset = _asset(request, pk)
    person_id = request.POST.get("person", "")
    if not person_id.isdigit():
        raise Http404("No such person")
    person = get_object_for_org(Person.objects.all(), request, pk=int(person_id))
    try:
        change(asset, person, by=request.membership)
    except NotAllowed as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{isolate(person.full_name)} {done}")
    return redirect(_back(asset, request))


@require_POST
@member_required(Capability.MANAGE_CONSENT)
def tag(request, pk):
    return _change_tag(request, pk, media.tag_person, "is tagged in it.")


@require_POST
@member_required(Capability.MANAGE_CONSENT)
def untag(request, pk):
    return _change_tag(request, pk, media.untag_person, "is no longer tagged in it.")


@require_POST
@member_required(Capability.MANAGE_CONSENT)
def archive(request, pk):
    asset = _asset(request, pk)
    try:
        media.archive_asset(asset, by=request.membership)
    except NotAllowed as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{isolate(asset.title)} is archived: it can no longer be added to posts.")
    return redirect("consent:media_asset", pk=asset.pk)


@member_required(Capability.VIEW_CONSENT)
def file(request, pk):
    """The image or the prepared video itself to members who may read the register (never cached: no-store
    is set on every signed-in response), in the byte ranges a browser asks for to play a video. A video
    being prepared has no file yet: its upload, metadata and all, is never served."""
    asset = _asset(request, pk)
    if not asset.ready or not asset.file:
        raise Http404("No file here")
    return uploads.serve(asset.file, f"media-{asset.pk}", inline_images=True, request=request)


@member_required(Capability.VIEW_CONSENT)
def permission_file(request, pk):
    """The owner's permission, downloaded."""
    asset = _asset(request, pk)
    evidence = asset.permission_evidence
    if evidence is None or not evidence.file:
        raise Http404("No permission file here")
    return uploads.serve(evidence.file, f"permission-{asset.pk}")
