"""The media library's changes (issue 21; guidance 6.3, 6.4; docs/consent.md "The media library"), each in
one transaction with its audit event.

An asset is an image or a video the organisation uploaded (never media from incoming items: nothing here
reads the inbox). An image is checked and saved again with only its pixels by harbour.accounts.uploads (no
EXIF, no GPS, the pixel cap before decoding); a video is checked from its headers and encoded again
without its metadata by the worker (video.py) before anyone can see it. Each has required alt text, who can be seen in it, the people from the register
who appear in it (tags), and where it came from with its licence or permission. A post's images are
attached from here (harbour.publishing.services.add_image); the consent gate reads the tags.

Who may do what: members with MANAGE_CONSENT (managers, safeguarding leads, authors) add, describe, tag
and archive; VIEW_CONSENT reads.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone
from PIL import Image

from harbour.accounts import uploads
from harbour.accounts.access import NotAllowed, require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.audit.services import record
from harbour.consent.models import (
    AssetPerson,
    EvidenceKind,
    MediaAsset,
    MediaKind,
    MediaState,
    Person,
)
from harbour.consent.services import store_evidence
from harbour.consent.video import prepare_video
from harbour.jobs.queue import enqueue_on_commit
from harbour.publishing.models import Shows, Source

NEEDS_LICENCE = {
    Source.LICENSED: "Say which licence covers it (for example, the stock library and the licence's name).",
    Source.CREATIVE_COMMONS: "Give the Creative Commons licence and the attribution it needs.",
    Source.PERMISSION: "Say who gave permission, and when.",
}


def _require_keeper(by: Membership, organisation_id: int) -> None:
    require(
        by,
        Capability.MANAGE_CONSENT,
        organisation_id,
        "Only managers, safeguarding leads and authors can change the media library.",
    )


def _describe(asset: MediaAsset, *, title: str, alt_text: str, shows: str, source: str, licence: str) -> None:
    asset.title = (title or "").strip()[:120]
    asset.alt_text = (alt_text or "").strip()
    asset.licence = (licence or "").strip()[:300]
    noun = asset.get_kind_display().lower()
    if not asset.title:
        raise NotAllowed(f"Give the {noun} a title, so that the team can find it.")
    if not asset.alt_text:
        raise NotAllowed(f"Describe the {noun} in its alt text, for people who use a screen reader.")
    if shows not in Shows.values:
        raise NotAllowed(f"Say who can be seen in the {noun}.")
    if source not in Source.values:
        raise NotAllowed(f"Say where the {noun} came from.")
    asset.shows, asset.source = shows, source
    if source in (Source.OWN, Source.UNKNOWN):
        asset.licence = ""
    elif not asset.licence:
        raise NotAllowed(NEEDS_LICENCE[source])


def _permission(asset: MediaAsset, *, by: Membership, permission_upload) -> None:
    """The owner's permission, where the source is PERMISSION: a new file replaces what was there."""
    if asset.source != Source.PERMISSION:
        asset.permission_evidence = None
        return
    if permission_upload is not None:
        asset.permission_evidence = store_evidence(
            asset.organisation, kind=EvidenceKind.FORM, by=by, upload=permission_upload
        )
    if asset.permission_evidence_id is None and asset.permission_evidence is None:
        raise NotAllowed("Upload the owner's permission (a PDF, PNG or JPEG of their email or letter).")


@transaction.atomic(durable=True)
def add_asset(
    organisation,
    *,
    by: Membership,
    upload,
    title: str,
    alt_text: str,
    shows: str,
    source: str,
    licence: str = "",
    permission_upload=None,
) -> MediaAsset:
    """An image or a video into the library. An image is saved again without its metadata here; a video
    is kept as it came, never served, until the worker has encoded it again (video.py). NotAllowed (a
    sentence) if refused: nothing is kept then."""
    _require_keeper(by, organisation.pk)
    if upload is None:
        raise NotAllowed("Choose an image or a video.")
    try:
        clean = uploads.check_upload(upload, uploads.IMAGES | uploads.VIDEOS)
    except uploads.BadUpload as error:
        raise NotAllowed(f"{error}.") from None
    video = clean.kind in uploads.VIDEOS
    asset = MediaAsset(
        organisation=organisation, kind=MediaKind.VIDEO if video else MediaKind.IMAGE, added_by=by
    )
    _describe(asset, title=title, alt_text=alt_text, shows=shows, source=source, licence=licence)
    asset.original_name = (upload.name or "")[:200]
    if video:
        asset.state = MediaState.PREPARING
        field = asset.incoming
        field.save("upload", clean.file, save=False)
    else:
        data = clean.file.read()
        clean.file.seek(0)
        with Image.open(clean.file) as opened:
            asset.width, asset.height = opened.size
        clean.file.seek(0)
        asset.mime_type = clean.mime_type
        asset.sha256 = hashlib.sha256(data).hexdigest()
        field = asset.file
        field.save(f"image.{clean.kind}", clean.file, save=False)
    stored, storage = field.name, field.storage
    try:  # a refusal or failure after the file is written leaves no file behind
        _permission(asset, by=by, permission_upload=permission_upload)
        asset.save()
        record(
            "consent.media_added",
            by=by.user,
            obj=asset,
            detail={"kind": asset.kind, "source": asset.source, "sha256": asset.sha256[:16]},
        )
        if video:
            enqueue_on_commit(prepare_video, asset_id=asset.pk)
    except BaseException:
        storage.delete(stored)
        raise
    return asset


@transaction.atomic(durable=True)
def change_asset(
    asset: MediaAsset,
    *,
    by: Membership,
    title: str,
    alt_text: str,
    shows: str,
    source: str,
    licence: str = "",
    permission_upload=None,
) -> MediaAsset:
    """Its title, alt text, who is shown and its source. The file never changes (a post's approval names
    its hash): upload another one instead. A post already approved keeps the alt text it was approved
    with (sending reads the version's)."""
    _require_keeper(by, asset.organisation_id)
    asset = MediaAsset.objects.select_for_update().get(pk=asset.pk)
    before = {f: getattr(asset, f) for f in ("title", "alt_text", "shows", "source", "licence")}
    _describe(asset, title=title, alt_text=alt_text, shows=shows, source=source, licence=licence)
    _permission(asset, by=by, permission_upload=permission_upload)
    changed = sorted(f for f, v in before.items() if getattr(asset, f) != v)
    if permission_upload is not None:
        changed.append("evidence")
    asset.save()
    record("consent.media_changed", by=by.user, obj=asset, detail={"changed": changed})
    return asset


@transaction.atomic(durable=True)
def tag_person(asset: MediaAsset, person: Person, *, by: Membership) -> AssetPerson:
    """Someone from the register appears in the image or video. The consent gate then needs their consent
    for photographs (or video) on every post that uses it (and a never-publish flag blocks it)."""
    _require_keeper(by, asset.organisation_id)
    if person.organisation_id != asset.organisation_id:
        raise NotAllowed("Choose someone from your own organisation's register.")
    if person.erased_at:
        raise NotAllowed("This person's details were erased on request: they cannot be tagged.")
    if AssetPerson.objects.filter(asset=asset, person=person).exists():
        raise NotAllowed(f"They are already tagged in this {asset.get_kind_display().lower()}.")
    tag = AssetPerson.objects.create(
        organisation_id=asset.organisation_id, asset=asset, person=person, tagged_by=by
    )
    record("consent.media_tagged", by=by.user, obj=asset, detail={"person": person.pk})
    return tag


@transaction.atomic(durable=True)
def untag_person(asset: MediaAsset, person: Person, *, by: Membership) -> None:
    _require_keeper(by, asset.organisation_id)
    deleted, _ = AssetPerson.objects.filter(asset=asset, person=person).delete()
    if not deleted:
        raise NotAllowed(f"They are not tagged in this {asset.get_kind_display().lower()}.")
    record("consent.media_untagged", by=by.user, obj=asset, detail={"person": person.pk})


@transaction.atomic(durable=True)
def archive_asset(asset: MediaAsset, *, by: Membership) -> MediaAsset:
    """Out of the library: it can no longer be added to a post. Kept (with its file) for the posts and the
    ledger that name it; retention (harbour/privacy) decides when it goes."""
    _require_keeper(by, asset.organisation_id)
    asset = MediaAsset.objects.select_for_update().get(pk=asset.pk)
    if asset.archived_at is not None:
        raise NotAllowed(f"This {asset.get_kind_display().lower()} is already archived.")
    asset.archived_at = timezone.now()
    asset.save(update_fields=["archived_at"])
    record("consent.media_archived", by=by.user, obj=asset)
    return asset
