"""Preparing a video for the media library (docs/consent.md "Videos"): the worker encodes the upload
again without its metadata (harbour/accounts/videos.py), and only then can anyone see it or post it.

media.add_asset keeps the upload as it came in `incoming` (never served) with the asset PREPARING and
enqueues prepare_video in the same transaction. The task encodes it into a temporary folder, then in one
transaction stores the clean file, marks the asset READY (or FAILED with the reason in words) with its
audit event, and deletes the upload once that commits. Running it twice does no harm: the second run
finds the asset no longer PREPARING and keeps nothing. A worker that dies mid-way leaves the task to be
run again (harbour/jobs/stale.py).
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.tasks import task

from harbour.accounts import videos
from harbour.audit.services import record
from harbour.consent.models import MediaAsset, MediaKind, MediaState

log = logging.getLogger(__name__)


@task()
def prepare_video(asset_id: int) -> str:
    return prepare(asset_id)


def prepare(asset_id: int) -> str:
    """Encode the asset's upload again; what became of it: "ready", "failed" or "gone" (nothing to do)."""
    asset = MediaAsset.objects.filter(pk=asset_id, kind=MediaKind.VIDEO, state=MediaState.PREPARING).first()
    if asset is None or not asset.incoming:
        return "gone"
    with tempfile.TemporaryDirectory(prefix="harbour-video-") as work:
        clean = Path(work, "video.mp4")
        try:
            with asset.incoming.open("rb") as upload:
                info = videos.encode(upload, clean)
        except videos.BadVideo as error:
            return _finish(asset_id, problem=str(error))
        except FileNotFoundError:
            return _finish(
                asset_id, problem="The upload was lost before it could be prepared. Upload it again"
            )
        return _finish(asset_id, clean=clean, info=info)


def _finish(asset_id: int, *, clean: Path | None = None, info=None, problem: str = "") -> str:
    with transaction.atomic():
        asset = MediaAsset.objects.select_for_update().filter(pk=asset_id, state=MediaState.PREPARING).first()
        if asset is None:
            return "gone"  # prepared (or removed) by another run meanwhile
        incoming, storage = asset.incoming.name, asset.incoming.storage
        asset.incoming = ""
        if clean is None:
            asset.state, asset.problem = MediaState.FAILED, f"{problem}."
            asset.save(update_fields=["incoming", "state", "problem"])
            record("consent.media_failed", obj=asset, organisation=asset.organisation)
        else:
            digest = hashlib.sha256()
            with clean.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
                handle.seek(0)
                asset.file.save("video.mp4", File(handle), save=False)
            stored = asset.file.name
            asset.state, asset.mime_type, asset.sha256 = (
                MediaState.READY,
                videos.MIME_TYPE,
                digest.hexdigest(),
            )
            asset.width, asset.height, asset.duration_ms = info.width, info.height, info.duration_ms
            try:
                asset.save()
                record(
                    "consent.media_prepared",
                    obj=asset,
                    organisation=asset.organisation,
                    detail={"sha256": asset.sha256[:16]},
                )
            except BaseException:
                asset.file.storage.delete(stored)
                raise
        transaction.on_commit(lambda: storage.delete(incoming))
    log.info("media asset %s: video %s", asset_id, "prepared" if clean else "could not be prepared")
    return "ready" if clean else "failed"
