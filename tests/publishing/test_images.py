"""A post's images are saved afresh with Pillow (no EXIF, no GPS, nothing appended: a photo of a young
person must not say where it was taken), and a wrong file, an oversized one or a decompression bomb is
refused with a clear message before anything is stored."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from harbour.accounts.access import NotAllowed
from harbour.publishing import services
from harbour.publishing.models import PostImage
from tests.cast import GPS_IFD, active_channel, gps_tagged_jpeg, png_claiming

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


@pytest.fixture
def post(org, author):
    channel = active_channel(org, "demo")
    return services.create_post(
        by=author, title="Camp", text="Camp photos! What was your best bit?", channel_ids=[channel.pk]
    )


def add(post, author, name, content):
    post.refresh_from_db()
    return services.add_image(
        post,
        by=author,
        revision=post.revision,
        upload=SimpleUploadedFile(name, content),
        alt_text="Tents in a field at sunset",
        shows="nobody",
        consent_confirmed=False,
        source="own",
    )


def test_a_gps_tagged_photo_is_stored_without_exif(post, author):
    original = gps_tagged_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test file really has GPS
    image = add(post, author, "camp.jpg", original)
    with image.file.open("rb") as handle:
        content = handle.read()
    stored = Image.open(io.BytesIO(content))
    assert stored.format == "JPEG" and (image.width, image.height) == stored.size == (20, 40)  # upright
    assert not stored.getexif() and b"Exif" not in content and b"PhoneMaker" not in content
    assert b"youth club" not in content  # the JPEG comment is gone too
    assert image.mime_type == "image/jpeg" and len(image.sha256) == 64 and image.original_name == "camp.jpg"
    assert image.file.name.startswith(f"publishing/{post.organisation_id}/") and "camp" not in image.file.name


@pytest.mark.parametrize(
    "name, content, error",
    [
        (
            "camp.png",
            png_claiming(60_000, 60_000),
            "The image is too large: it must be at most 25 megapixels",
        ),
        ("notes.txt", b"just some words", "The image must be a JPEG or PNG file"),
        ("camp.png", gps_tagged_jpeg(), "The image must be a JPEG or PNG file"),  # a JPEG named .png
        ("camp.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "The image could not be read"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_kept(post, author, name, content, error):
    revision = post.revision
    with pytest.raises(NotAllowed, match=error):
        add(post, author, name, content)
    post.refresh_from_db()
    assert not PostImage.objects.exists() and post.revision == revision


def test_an_oversized_file_is_refused(post, author, settings):
    settings.HARBOUR_MAX_UPLOAD_BYTES = 1_000
    with pytest.raises(NotAllowed, match="The image must be smaller than"):
        add(post, author, "camp.jpg", gps_tagged_jpeg() + b"\x00" * 2_000)
    assert not PostImage.objects.exists()
