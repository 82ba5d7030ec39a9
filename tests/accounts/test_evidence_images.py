"""Evidence images are saved afresh with Pillow: no EXIF or GPS survives, nothing appended survives,
and a decompression bomb is refused with a clear message before it is decoded."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from conftest import sign_in
from harbour.accounts import services
from harbour.accounts.models import Course, CourseKind, TrainingRecord

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}


@pytest.fixture
def course(org):
    services.seed_defaults(org)
    return Course.objects.get(organisation=org, kind=CourseKind.SOCIAL_MEDIA)


def upload(client, member, course, name, content):
    sign_in(client, member.user)
    data = {"member": member.pk, "course": course.pk, "completed_on": "01/03/2026", "evidence": SimpleUploadedFile(name, content)}
    return client.post(reverse("accounts:training_add"), data)


def stored(record) -> bytes:
    with record.evidence.open("rb") as handle:
        return handle.read()


def gps_tagged_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotated, so the stored picture must be turned upright
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 55.0, 21.5), 3: "W", 4: (1.0, 28.0, 39.9)})
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "orange").save(out, "JPEG", exif=exif, comment=b"taken at the youth club")
    return out.getvalue()


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


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels: a decompression bomb's first bytes."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_with_a_clear_message(client, moderator, course):
    html = upload(client, moderator, course, "cert.png", png_claiming(60_000, 60_000)).content.decode()
    assert "The image is too large: it must be at most 50 megapixels" in html
    assert not TrainingRecord.objects.exists()


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
