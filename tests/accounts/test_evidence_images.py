"""Evidence images are saved afresh with Pillow: no EXIF or GPS survives, nothing appended survives,
and a decompression bomb is refused with a clear message before it is decoded."""

import io
import struct
import warnings
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from harbour.accounts import services
from harbour.accounts.models import Course, CourseKind, TrainingRecord
from tests.cast import GPS_IFD, gps_tagged_jpeg, png_claiming, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


@pytest.fixture
def course(org):
    services.seed_defaults(org)
    return Course.objects.get(organisation=org, kind=CourseKind.SOCIAL_MEDIA)


def upload(client, member, course, name, content):
    sign_in(client, member.user)
    data = {
        "member": member.pk,
        "course": course.pk,
        "completed_on": "01/03/2026",
        "evidence": SimpleUploadedFile(name, content),
    }
    return client.post(reverse("accounts:training_add"), data)


def stored(record) -> bytes:
    with record.evidence.open("rb") as handle:
        return handle.read()


def test_a_gps_tagged_photo_is_stored_without_exif(client, moderator, course):
    original = gps_tagged_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test file really has GPS
    response = upload(client, moderator, course, "photo.jpg", original)
    assert response.status_code == 302
    content = stored(TrainingRecord.objects.get())
    image = Image.open(io.BytesIO(content))
    assert image.format == "JPEG" and image.size == (20, 40)  # turned upright by the old orientation
    assert not image.getexif() and not image.getexif().get_ifd(GPS_IFD)
    assert b"Exif" not in content and b"PhoneMaker" not in content and b"youth club" not in content


def test_an_html_jpeg_polyglot_loses_its_html(client, moderator, course):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "JPEG", comment=b"<script>alert(1)</script>")
    polyglot = out.getvalue() + b"<html><body><script>alert(document.cookie)</script></body></html>"
    assert upload(client, moderator, course, "cert.jpg", polyglot).status_code == 302
    content = stored(TrainingRecord.objects.get())
    assert b"<script" not in content and b"<html" not in content
    assert Image.open(io.BytesIO(content)).size == (8, 8)


def test_a_decompression_bomb_is_refused_with_a_clear_message(client, moderator, course):
    html = upload(client, moderator, course, "cert.png", png_claiming(60_000, 60_000)).content.decode()
    assert "The image is too large: it must be at most 25 megapixels" in html
    assert not TrainingRecord.objects.exists()


def png_bomb(width: int, height: int) -> bytes:
    """A real, valid PNG of width × height white RGB pixels: every row is there, so decoding it would
    take width × height × 4 bytes, but it compresses to a few hundred kilobytes."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * (width * 3)  # filter byte, then the pixels
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


MEASURE = """
import os, resource, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from harbour.accounts import images
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    images.reencode(SimpleUploadedFile("cert.png", data), "png")
    outcome = "accepted"
except images.BadImage as error:
    outcome = str(error)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024, outcome)
"""


def test_a_real_7000_by_7000_bomb_is_refused_from_its_header_without_decoding(tmp_path):
    """Issue 15, item 8: a 7000 × 7000 PNG of about 143 KB passed the old 50-megapixel cap and took
    about 870 MB a web worker. It is refused now, and refusing it costs next to no memory."""
    import subprocess
    import sys

    bomb = png_bomb(7000, 7000)
    assert len(bomb) < 300_000
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the header, read here on purpose
        assert Image.open(io.BytesIO(bomb)).size == (7000, 7000)  # a real image, not just a header
    path = tmp_path / "bomb.png"
    path.write_bytes(bomb)
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=120, check=True
    )
    grew_mb, outcome = result.stdout.split(" ", 1)
    assert outcome.startswith("The image is too large: it must be at most 25 megapixels")
    assert int(grew_mb) < 20, f"refusing the bomb took {grew_mb} MB"


def test_a_phone_photo_of_a_certificate_fits_under_the_cap(client, moderator, course):
    out = io.BytesIO()
    Image.new("RGB", (4032, 3024), "white").save(out, "JPEG")  # a 12-megapixel phone camera's photo
    assert upload(client, moderator, course, "photo.jpg", out.getvalue()).status_code == 302
    assert Image.open(io.BytesIO(stored(TrainingRecord.objects.get()))).size == (4032, 3024)


def small_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 20), "white").save(out, "PNG")
    return out.getvalue()


def test_when_every_decoding_turn_is_taken_the_upload_is_refused_with_try_again(
    client, moderator, course, settings
):
    from harbour.accounts import images

    settings.HARBOUR_IMAGE_DECODES_AT_ONCE = 1
    settings.HARBOUR_IMAGE_DECODE_WAIT_SECONDS = 0
    with images.decode_slot():  # another request is decoding
        html = upload(client, moderator, course, "cert.png", small_png()).content.decode()
    assert "Harbour is busy reading other images. Wait a minute, then upload the file again" in html
    assert not TrainingRecord.objects.exists()
    assert (
        upload(client, moderator, course, "cert.png", small_png()).status_code == 302
    )  # the turn is free again


def test_decoding_never_runs_more_than_the_limit_at_once(settings):
    """Eight threads upload at once; the real decoder is wrapped only to count how many run together."""
    import threading
    import time

    from django.core.files.uploadedfile import SimpleUploadedFile

    from harbour.accounts import images

    settings.HARBOUR_IMAGE_DECODES_AT_ONCE = 2
    settings.HARBOUR_IMAGE_DECODE_WAIT_SECONDS = 30
    running, most, lock = 0, 0, threading.Lock()
    real = images._save_pixels

    def counted(*args):
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        try:
            time.sleep(0.05)  # long enough for the others to pile up
            return real(*args)
        finally:
            with lock:
                running -= 1

    images._save_pixels = counted
    try:
        results = []
        threads = [
            threading.Thread(
                target=lambda: results.append(
                    images.reencode(SimpleUploadedFile("c.png", small_png()), "png")
                )
            )
            for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        images._save_pixels = real
    assert len(results) == 8 and most == 2


def test_the_pixel_cap_is_a_setting(client, moderator, course, settings):
    settings.HARBOUR_MAX_IMAGE_PIXELS = 1_000
    out = io.BytesIO()
    Image.new("RGB", (50, 50), "white").save(out, "PNG")
    html = upload(client, moderator, course, "cert.png", out.getvalue()).content.decode()
    assert "at most 0.001 megapixels" in html and not TrainingRecord.objects.exists()


def test_a_damaged_image_is_refused_not_stored(client, moderator, course):
    broken = gps_tagged_jpeg()[:200]
    html = upload(client, moderator, course, "cert.jpg", broken).content.decode()
    assert "The image could not be read" in html and not TrainingRecord.objects.exists()


def test_pdfs_are_kept_as_they_are(client, moderator, course):
    pdf = b"%PDF-1.4\n%certificate\n"
    assert upload(client, moderator, course, "cert.pdf", pdf).status_code == 302
    assert stored(TrainingRecord.objects.get()) == pdf
