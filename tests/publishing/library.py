"""For the publishing tests: an image into the media library (harbour/consent/media.py) and onto a post,
the one way a post gets an image."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from harbour.consent import media
from harbour.publishing import services


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
