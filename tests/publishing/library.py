"""For the publishing tests: an image into the media library (harbour/consent/media.py) and onto a post,
the one way a post gets an image; and a video as the library leaves it once prepared (video_asset)."""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from harbour.consent import media
from harbour.consent.models import MediaAsset, MediaKind, MediaState
from harbour.publishing import services
from tests.videos import make_video


def png(colour="teal", name="camp.png", size=(30, 20)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def library_image(org, by, *, upload=None, people=(), **fields):
    """An asset in `org`'s library, added by `by` (who needs MANAGE_CONSENT), with `people` tagged."""
    fields = {
        "title": "Camp",
        "alt_text": "Tents in a field at sunset",
        "shows": "nobody",
        "source": "own",
        "licence": "",
    } | fields
    asset = media.add_asset(org, by=by, upload=upload or png(), **fields)
    for person in people:
        media.tag_person(asset, person, by=by)
    return asset


def attach(post, by, *, asset=None, **fields):
    """An image on the post: `asset`, or a new one in the library made from `fields`."""
    asset = asset or library_image(post.organisation, by, **fields)
    post.refresh_from_db()
    return services.add_image(post, by=by, revision=post.revision, asset=asset)


def video_asset(
    org,
    by,
    *,
    seconds: float = 1.0,
    width: int = 160,
    height: int = 120,
    state: str = MediaState.READY,
    problem: str = "",
    people=(),
    **fields,
) -> MediaAsset:
    """A video in `org`'s library as harbour/consent/video.py leaves it: READY with its encoded MP4 (a real
    one, tests/videos.py) and that file's SHA-256; or still PREPARING / FAILED, with no file yet. Written
    straight to the database, as the library's encoding is the lead's part; `people` tagged through the
    library's service."""
    fields = {
        "title": "Canoe race",
        "alt_text": "Two canoes racing on a river, people cheering on the bank",
        "shows": "nobody",
        "source": "own",
        "licence": "",
    } | fields
    asset = MediaAsset(
        organisation=org,
        kind=MediaKind.VIDEO,
        state=state,
        problem=problem,
        original_name="canoe.mov",
        mime_type="video/mp4" if state == MediaState.READY else "",
        width=width if state == MediaState.READY else 0,
        height=height if state == MediaState.READY else 0,
        duration_ms=round(seconds * 1000) if state == MediaState.READY else 0,
        added_by=by,
        **fields,
    )
    if state == MediaState.READY:
        data = make_video(seconds, width=width, height=height)
        asset.file = ContentFile(data, "v.mp4")
        asset.sha256 = hashlib.sha256(data).hexdigest()
    asset.save()
    for person in people:
        media.tag_person(asset, person, by=by)
    return asset
