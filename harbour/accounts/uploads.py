"""Files people upload (training certificates, consent forms, the media library, a post's images): the one
check of what a file is and the one way it is stored clean, and the one way a stored file is served.

The first bytes decide the type, and the name's extension must agree; the browser's claim is never read.
Images are saved again with only their pixels (images.py: no EXIF, no GPS, pixel cap before decoding);
a PDF is kept as it came, private, and always downloaded, never shown inline. A video's headers are read
here (videos.probe: length, picture size); it is encoded again, without its metadata, in the worker
(harbour/consent/video.py), and until then it is never served.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import File
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header

from harbour.accounts import images, videos

TYPES = {  # kind: (MIME type, first bytes, extensions)
    "pdf": ("application/pdf", (b"%PDF-",), (".pdf",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",), (".png",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",), (".jpg", ".jpeg")),
    "mp4": ("video/mp4", (), (".mp4", ".m4v", ".mov")),  # ISO media: "ftyp" at byte 4, not at the start
}
IMAGES = frozenset({"png", "jpg"})
VIDEOS = frozenset({"mp4"})
DOCUMENTS = frozenset({"pdf", "png", "jpg"})
WORDS = {"pdf": "PDF", "png": "PNG", "jpg": "JPEG"}
CHUNK = 64 * 1024


class BadUpload(ValueError):
    """The file cannot be accepted; the message says why, in words to show the person."""


@dataclass(frozen=True)
class Upload:
    kind: str  # a key of TYPES
    file: File  # what to store: an image saved again, or the PDF or the video (not yet clean) as it came
    mime_type: str


def kind_from_head(head: bytes) -> str | None:
    """The kind whose signature `head` starts with (for serving a stored file with its type)."""
    for kind, (_, signatures, _) in TYPES.items():
        if signatures and head.startswith(signatures):
            return kind
    if head[4:8] == b"ftyp":
        return "mp4"
    return None


def accepted(kinds) -> str:
    """'a PDF, PNG or JPEG file'; 'a PNG or JPEG image, or an MP4 or MOV video'."""
    words = [WORDS[k] for k in TYPES if k in kinds and k not in VIDEOS]
    listed = (words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}") if words else ""
    if not kinds & VIDEOS:
        return f"a {listed} file"
    video = "an MP4 or MOV video"
    return f"a {listed} image, or {video}" if listed else video


def check_upload(upload, kinds=DOCUMENTS) -> Upload:
    """`upload` checked against `kinds` and made clean; BadUpload (a sentence) otherwise."""
    if upload.size == 0:
        raise BadUpload("The file is empty. Choose the file again")
    name = upload.name or ""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    upload.seek(0)
    kind = kind_from_head(upload.read(16))
    upload.seek(0)
    cap = settings.HARBOUR_MAX_VIDEO_BYTES if kind in VIDEOS & kinds else settings.HARBOUR_MAX_UPLOAD_BYTES
    if upload.size > cap:
        raise BadUpload(f"The file must be smaller than {filesizeformat(cap)}")
    if kind not in kinds or extension not in TYPES[kind][2]:
        raise BadUpload(f"The file must be {accepted(kinds)}")
    if kind in IMAGES:
        try:
            return Upload(kind, images.reencode(upload, kind), TYPES[kind][0])
        except images.BadImage as error:
            raise BadUpload(str(error)) from None
    if kind in VIDEOS:
        try:
            videos.probe(upload)
        except videos.BadVideo as error:
            raise BadUpload(str(error)) from None
        upload.seek(0)
    return Upload(kind, upload, TYPES[kind][0])


def serve(stored, name: str, *, inline_images: bool = False, request=None) -> HttpResponseBase:
    """A stored upload as a response, typed from its own first bytes: always downloaded, except an image
    (saved again by check_upload) shown inline where `inline_images` (a page's <video> plays a download
    too). With `request`, a single byte range it asks for is answered with just those bytes (206), as a
    browser asks for a video it plays. The view checks access first."""
    handle = stored.open("rb")
    kind = kind_from_head(handle.read(16)) or "pdf"
    handle.seek(0)
    inline = inline_images and kind in IMAGES
    if "." not in name:
        name = f"{name}.{kind}"
    wanted = byte_range(request.headers.get("Range", ""), stored.size) if request is not None else None
    if wanted is None:
        response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=TYPES[kind][0])
    elif wanted == UNSATISFIABLE:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{stored.size}"
    else:
        start, end = wanted
        response = StreamingHttpResponse(_part(handle, start, end), status=206, content_type=TYPES[kind][0])
        response["Content-Length"] = str(end - start + 1)
        response["Content-Range"] = f"bytes {start}-{end}/{stored.size}"
        response["Content-Disposition"] = content_disposition_header(not inline, name)
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


UNSATISFIABLE = (-1, -1)
RANGE = re.compile(r"bytes=(\d*)-(\d*)", re.IGNORECASE)


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte of the one range a Range header asks for; None to send the whole file (no header,
    one Harbour does not read, or several ranges, which RFC 9110 lets a server answer whole);
    UNSATISFIABLE when it starts past the end."""
    match = RANGE.fullmatch(header.strip())
    if not match or not any(match.groups()):
        return None
    first, last = match.groups()
    if not first:  # the last N bytes
        length = int(last)
        return (max(0, size - length), size - 1) if length and size else UNSATISFIABLE
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        return UNSATISFIABLE
    return start, min(int(last), size - 1) if last else size - 1


def _part(handle, start: int, end: int):
    with handle:
        handle.seek(start)
        left = end - start + 1
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk
