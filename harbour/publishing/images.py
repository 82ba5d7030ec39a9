"""A post's images: checked, saved again with Pillow (no EXIF, no GPS: harbour/accounts/images.py) and
stored under a generated name. Served only through the publishing view that checks access."""

import hashlib

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from PIL import Image

from harbour.accounts.images import FORMATS, BadImage, reencode

SIGNATURES = {"jpg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",)}
EXTENSIONS = {".jpg": "jpg", ".jpeg": "jpg", ".png": "png"}


def kind_of(upload) -> str:
    """ "jpg" or "png" from the file's first bytes and its name agreeing; BadImage otherwise."""
    name = upload.name or ""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for kind, signatures in SIGNATURES.items():
        if head.startswith(signatures) and EXTENSIONS.get(extension) == kind:
            return kind
    raise BadImage("The image must be a JPEG or PNG file")


def store_image(image, upload) -> None:
    """Fill `image`'s file and facts from `upload`, saved again with only its pixels."""
    if upload.size > settings.HARBOUR_MAX_UPLOAD_BYTES:
        raise BadImage(f"The image must be smaller than {filesizeformat(settings.HARBOUR_MAX_UPLOAD_BYTES)}")
    kind = kind_of(upload)
    clean = reencode(upload, kind)
    data = clean.read()
    clean.seek(0)
    with Image.open(clean) as opened:
        image.width, image.height = opened.size
    clean.seek(0)
    image.mime_type = FORMATS[kind][1]
    image.sha256 = hashlib.sha256(data).hexdigest()
    image.original_name = (upload.name or "")[:200]
    image.file.save(f"image.{kind}", clean, save=False)
