"""The one publishing page nobody signs in to: a post's image or video for the platform fetching it while
the post is being posted (public_media.py says how narrow it is)."""

import logging

from django.views.decorators.http import require_safe

from harbour.accounts import uploads
from harbour.publishing import public_media

log = logging.getLogger(__name__)


@require_safe
def media(request, token):
    publication, image = public_media.opened(token)
    log.info("publication %s: image %s fetched by the platform", publication.pk, image.pk)
    response = uploads.serve(
        image.asset.file, f"{image.asset.kind}-{image.pk}", inline_images=True, request=request
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
