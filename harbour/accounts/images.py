"""Uploaded images are decoded and saved again with Pillow before they are stored (SECURITY G1).

Saving afresh keeps only the pixels: EXIF (with any GPS position of where a photo of a child was taken),
comments and anything appended to the file (an HTML/JPEG polyglot) are left behind. The pixel cap is
checked from the header, before anything is decoded, so a decompression bomb costs nothing.
"""

import io
import warnings

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"jpg": ("JPEG", "image/jpeg"), "png": ("PNG", "image/png")}


class BadImage(ValueError):
    """The image cannot be accepted; the message says why, in words to show the person."""


def too_many_pixels() -> BadImage:
    megapixels = settings.HARBOUR_MAX_IMAGE_PIXELS / 1_000_000
    return BadImage(f"The image is too large: it must be at most {megapixels:g} megapixels. Save it smaller and try again")


def reencode(upload, kind: str) -> SimpleUploadedFile:
    """A new file holding only `upload`'s pixels, in the same format (kind: "jpg" or "png")."""
    pillow_format, content_type = FORMATS[kind]
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=[pillow_format])
            if image.width * image.height > settings.HARBOUR_MAX_IMAGE_PIXELS:
                raise too_many_pixels()
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        if isinstance(error, BadImage):
            raise
        raise BadImage("The image could not be read. It may be damaged: save it again, or upload a PDF") from None
    image = ImageOps.exif_transpose(image)  # keep it the right way up once the EXIF orientation is gone
    image.info.clear()  # Pillow would otherwise write some of it (a JPEG comment, for one) into the new file
    if kind == "jpg" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, pillow_format, **({"quality": 90} if kind == "jpg" else {}))
    return SimpleUploadedFile(upload.name, out.getvalue(), content_type)
