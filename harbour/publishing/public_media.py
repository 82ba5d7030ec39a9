"""Public addresses for a post's images and video while it is being posted, for the platforms that fetch
media from an address instead of taking the file (Instagram's and Threads' publishing APIs take an
image_url or video_url that Meta's servers download; PlatformEntry.fetches_media).

The media library is private: every other address checks who is signed in. This one cannot, because
Meta's servers are not signed in, so it is as narrow as it can be:
- it is signed (django.core.signing, its own salt) and names the publication, the post's image and the
  first 16 characters of the file's SHA-256, so it opens that one file and no other;
- it works only while that publication is being posted (RUNNING) and for HARBOUR_PUBLIC_MEDIA_SECONDS after
  it was made (an hour: Meta fetches within the publish call, and a container is prepared within minutes);
- it answers with the file as the library stored it (images saved again, videos encoded again: no
  metadata), never cached (no-store), not for search engines (X-Robots-Tag), in byte ranges for a video.
The addresses start with HARBOUR_SITE_URL, the address the world reaches Harbour at; without it these
platforms cannot be posted to, and the post fails with a sentence saying so.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.urls import reverse

from harbour.connectors.base import NotSupported

SALT = "harbour.publishing.public_media"


def address(publication, image) -> str:
    """The public address of one of the post's images (a PostImage) for this publication."""
    site = settings.HARBOUR_SITE_URL
    if not site:
        label = publication.channel.platform_entry.label
        raise NotSupported(
            f"{label} fetches a post's images and video from an address on the internet, and Harbour does "
            "not know its own: a manager must set HARBOUR_SITE_URL (docs/configuration.md), then choose "
            "'Try posting it again' on this page"
        )
    return site + reverse("publishing_public:media", args=[token(publication, image)])


def token(publication, image) -> str:
    """The signed part of the address: the publication, the image and the start of its file's SHA-256."""
    return signing.dumps({"p": publication.pk, "i": image.pk, "h": image.asset.sha256[:16]}, salt=SALT)


def opened(token: str):
    """The (publication, image) a token names, if it still opens: Http404 otherwise, whatever the reason
    (an expired, altered or finished one looks like one that never was)."""
    from harbour.publishing.models import PostImage, Publication, PublicationState

    try:
        named = signing.loads(token, salt=SALT, max_age=settings.HARBOUR_PUBLIC_MEDIA_SECONDS)
        publication_id, image_id, digest = int(named["p"]), int(named["i"]), str(named["h"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Http404("No such media") from None
    publication = Publication.objects.filter(pk=publication_id, state=PublicationState.RUNNING).first()
    image = (
        PostImage.objects.select_related("asset")
        .filter(pk=image_id, post_id=publication.post_id if publication else None)
        .first()
    )
    if image is None or not image.asset.ready or not image.asset.sha256.startswith(digest):
        raise Http404("No such media")
    return publication, image
