"""Uploaded images are decoded and saved again with Pillow before they are stored (docs/security.md G1).

Saving afresh keeps only the pixels: EXIF (with any GPS position of where a photo of a child was taken),
comments and anything appended to the file (an HTML/JPEG polyglot) are left behind.

Decoding is what costs memory (about 4 bytes a pixel, held while the image is saved again), so:
- the pixel cap (HARBOUR_MAX_IMAGE_PIXELS) is checked from the header, before anything is decoded,
  so a decompression bomb costs nothing;
- at most HARBOUR_IMAGE_DECODES_AT_ONCE images are decoded at once in each process; another upload
  waits up to HARBOUR_IMAGE_DECODE_WAIT_SECONDS for a turn, then is refused with "try again".
"""

import io
import threading
import warnings
from contextlib import contextmanager

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"jpg": ("JPEG", "image/jpeg"), "png": ("PNG", "image/png")}


class BadImage(ValueError):
    """The image cannot be accepted; the message says why, in words to show the person."""


def too_many_pixels() -> BadImage:
    megapixels = settings.HARBOUR_MAX_IMAGE_PIXELS / 1_000_000
    return BadImage(
        f"The image is too large: it must be at most {megapixels:g} megapixels. Save it smaller and try again"
    )


_slots_lock = threading.Lock()
_slots: tuple[int, threading.BoundedSemaphore] | None = None


def _decode_slots() -> threading.BoundedSemaphore:
    """The process's semaphore, made on first use (again only if the setting changes, as in tests)."""
    global _slots
    size = settings.HARBOUR_IMAGE_DECODES_AT_ONCE
    with _slots_lock:
        if _slots is None or _slots[0] != size:
            _slots = (size, threading.BoundedSemaphore(size))
        return _slots[1]


@contextmanager
def decode_slot():
    """Hold one of the process's decoding turns; raises BadImage if none frees up in time."""
    slots = _decode_slots()
    if not slots.acquire(timeout=settings.HARBOUR_IMAGE_DECODE_WAIT_SECONDS):
        raise BadImage("Harbour is busy reading other images. Wait a minute, then upload the file again")
    try:
        yield
    finally:
        slots.release()


def reencode(upload, kind: str) -> SimpleUploadedFile:
    """A new file holding only `upload`'s pixels, in the same format (kind: "jpg" or "png")."""
    pillow_format, _content_type = FORMATS[kind]
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=[pillow_format])  # reads the header only
            if image.width * image.height > settings.HARBOUR_MAX_IMAGE_PIXELS:
                raise too_many_pixels()
            with decode_slot():
                return _save_pixels(image, kind, upload.name)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        if isinstance(error, BadImage):
            raise
        raise BadImage(
            "The image could not be read. It may be damaged: save it again, or upload a PDF"
        ) from None


def _save_pixels(image: Image.Image, kind: str, name: str) -> SimpleUploadedFile:
    pillow_format, content_type = FORMATS[kind]
    image.load()
    # Upright once the EXIF orientation is gone; in place, so no second copy of the pixels is held.
    ImageOps.exif_transpose(image, in_place=True)
    image.info.clear()  # Pillow would otherwise write some of it (a JPEG comment, for one) into the new file
    if kind == "jpg" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, pillow_format, **({"quality": 90} if kind == "jpg" else {}))
    return SimpleUploadedFile(name, out.getvalue(), content_type)
