"""Files people upload (training certificates, consent forms, the media library, a post's images): the one
check of what a file is and the one way it is stored clean.

The first bytes decide the type, and the name's extension must agree; the browser's claim is never read.
Images are saved again with only their pixels (images.py: no EXIF, no GPS, pixel cap before decoding);
a PDF is kept as it came, private, and always downloaded, never shown inline.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import File
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat

from harbour.accounts import images

TYPES = {  # kind: (MIME type, first bytes, extensions)
    "pdf": ("application/pdf", (b"%PDF-",), (".pdf",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",), (".png",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",), (".jpg", ".jpeg")),
}
IMAGES = frozenset({"png", "jpg"})
DOCUMENTS = frozenset({"pdf", "png", "jpg"})
WORDS = {"pdf": "PDF", "png": "PNG", "jpg": "JPEG"}


class BadUpload(ValueError):
    """The file cannot be accepted; the message says why, in words to show the person."""


@dataclass(frozen=True)
class Upload:
    kind: str  # a key of TYPES
    file: File  # what to store: an image saved again, or the PDF as it came
    mime_type: str


def kind_from_head(head: bytes) -> str | None:
    """The kind whose signature `head` starts with (for serving a stored file with its type)."""
    for kind, (_, signatures, _) in TYPES.items():
        if head.startswith(signatures):
            return kind
    return None


def accepted(kinds) -> str:
    """'a PDF, PNG or JPEG file'."""
    words = [WORDS[k] for k in TYPES if k in kinds]
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
    return f"a {listed} file"


def check_upload(upload, kinds=DOCUMENTS) -> Upload:
    """`upload` checked against `kinds` and made clean; BadUpload (a sentence) otherwise."""
    if upload.size > settings.HARBOUR_MAX_UPLOAD_BYTES:
        raise BadUpload(f"The file must be smaller than {filesizeformat(settings.HARBOUR_MAX_UPLOAD_BYTES)}")
    if upload.size == 0:
        raise BadUpload("The file is empty. Choose the file again")
    name = upload.name or ""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    upload.seek(0)
    kind = kind_from_head(upload.read(16))
    upload.seek(0)
    if kind not in kinds or extension not in TYPES[kind][2]:
        raise BadUpload(f"The file must be {accepted(kinds)}")
    if kind in IMAGES:
        try:
            return Upload(kind, images.reencode(upload, kind), TYPES[kind][0])
        except images.BadImage as error:
            raise BadUpload(str(error)) from None
    return Upload(kind, upload, TYPES[kind][0])


def serve(stored, name: str, *, inline_images: bool = False) -> FileResponse:
    """A stored upload as a response, typed from its own first bytes: always downloaded, except an image
    (saved again by check_upload) shown inline where `inline_images`. The view checks access first."""
    handle = stored.open("rb")
    kind = kind_from_head(handle.read(16)) or "pdf"
    handle.seek(0)
    inline = inline_images and kind in IMAGES
    if "." not in name:
        name = f"{name}.{kind}"
    response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=TYPES[kind][0])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
