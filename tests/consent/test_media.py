"""The media library (harbour/consent/media.py and its pages): an image is saved again without EXIF or GPS,
a wrong file, an oversized one or an image bomb is refused with a clear message and nothing kept; alt text,
who is shown and a licence or permission (with its evidence) are required as the source needs; people are
tagged from the register only (never another organisation's), a never-publish person shows "Do not
publish"; the files are served only to members who may read the register, and the pages do what each
role may."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from harbour.accounts.access import NotAllowed
from harbour.audit.models import AuditEvent
from harbour.consent import media, services
from harbour.consent.models import AssetPerson, ConsentEvidence, MediaAsset, PersonKind
from tests.cast import GPS_IFD, gps_tagged_jpeg, png_claiming

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def png(colour="teal", name="poster.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (30, 20), colour).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def pdf(name="permission.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def add(org, by, upload=None, **changes):
    fields = {
        "title": "Summer camp, canoeing",
        "alt_text": "Two canoes on a calm lake at sunset",
        "shows": "nobody",
        "source": "own",
        "licence": "",
    } | changes
    return media.add_asset(org, by=by, upload=upload or png(), **fields)


def young(org, by, first="Kai", last="Morgan"):
    return services.add_person(
        org, by=by, kind=PersonKind.YOUNG_PERSON, first_name=first, last_name=last, age_band="13_15"
    )


def stored_files(tmp_path) -> list:
    return [p for p in tmp_path.rglob("*") if p.is_file()]


# The services


def test_a_gps_tagged_photo_is_saved_without_exif(org, author):
    original = gps_tagged_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test file really has GPS
    asset = add(org, author, SimpleUploadedFile("camp.jpg", original))
    with asset.file.open("rb") as handle:
        content = handle.read()
    stored = Image.open(io.BytesIO(content))
    assert stored.format == "JPEG" and (asset.width, asset.height) == stored.size == (20, 40)  # upright
    assert not stored.getexif() and b"Exif" not in content and b"PhoneMaker" not in content
    assert b"youth club" not in content and asset.mime_type == "image/jpeg" and len(asset.sha256) == 64
    assert asset.file.name.startswith(f"consent/{org.pk}/media/") and "camp" not in asset.file.name
    event = AuditEvent.objects.get(action="consent.media_added")
    assert event.detail["source"] == "own" and "Summer" not in str(event.detail)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.png", png_claiming(30_000, 30_000), "too large"),
        ("notes.txt", b"just words", "must be a PNG or JPEG image, or an MP4 or MOV video"),
        (
            "photo.png",
            gps_tagged_jpeg(),
            "must be a PNG or JPEG image, or an MP4 or MOV video",
        ),  # a JPEG named .png
        ("form.pdf", b"%PDF-1.4 a document", "must be a PNG or JPEG image, or an MP4 or MOV video"),
        ("broken.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", "could not be read"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message_and_nothing_kept(
    org, author, tmp_path, name, content, message
):
    with pytest.raises(NotAllowed) as refused:
        add(org, author, SimpleUploadedFile(name, content))
    assert message in str(refused.value).lower() or message in str(refused.value)
    assert not MediaAsset.objects.exists() and not stored_files(tmp_path)


def test_an_oversized_file_is_refused(org, author, settings, tmp_path):
    settings.HARBOUR_MAX_UPLOAD_BYTES = 20
    with pytest.raises(NotAllowed, match="must be smaller than"):
        add(org, author, png())
    assert not MediaAsset.objects.exists() and not stored_files(tmp_path)


def test_alt_text_and_a_licence_as_the_source_needs(org, author, tmp_path):
    with pytest.raises(NotAllowed, match="alt text"):
        add(org, author, alt_text="   ")
    with pytest.raises(NotAllowed, match="Creative Commons licence"):
        add(org, author, source="creative_commons")
    with pytest.raises(NotAllowed, match="owner's permission"):
        add(org, author, source="permission", licence="Sam Lee, by email, 2 May 2026")
    assert not MediaAsset.objects.exists() and not stored_files(tmp_path)
    cc = add(org, author, source="creative_commons", licence="CC BY 4.0, photo by Sam Lee")
    assert cc.licence_recorded
    unknown = add(org, author, source="unknown", licence="someone said it was fine")
    assert unknown.licence == "" and not unknown.licence_recorded  # unknown is never a licence
    assert not MediaAsset(source="unknown", licence="someone said so").licence_recorded  # the model's rule
    owned = add(org, author, source="own", licence="ignored")
    assert owned.licence == "" and owned.licence_recorded


def test_permission_from_the_owner_keeps_the_evidence_private(org, author, client_for, reviewer, outsider):
    asset = add(
        org, author, source="permission", licence="Sam Lee, by email, 2 May 2026", permission_upload=pdf()
    )
    assert asset.licence_recorded and asset.permission_evidence.mime_type == "application/pdf"
    url = reverse("consent:media_permission", args=[asset.pk])
    response = client_for(reviewer).get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert client_for(outsider).get(url).status_code == 404
    # Changing the source away from permission forgets the link, the evidence stays on the register.
    media.change_asset(asset, by=author, title="T", alt_text="A lake", shows="nobody", source="own")
    asset.refresh_from_db()
    assert asset.permission_evidence is None and ConsentEvidence.objects.count() == 1


def test_tagging_people_from_the_register_only(org, other_org, author, outsider):
    asset = add(org, author, shows="young_people")
    kai = young(org, author)
    media.tag_person(asset, kai, by=author)
    assert list(asset.people.all()) == [kai]
    with pytest.raises(NotAllowed, match="already tagged"):
        media.tag_person(asset, kai, by=author)
    stranger = young(other_org, outsider, first="Lee")
    with pytest.raises(NotAllowed, match="your own organisation"):
        media.tag_person(asset, stranger, by=author)
    media.untag_person(asset, kai, by=author)
    assert not AssetPerson.objects.exists()
    with pytest.raises(NotAllowed, match="not tagged"):
        media.untag_person(asset, kai, by=author)
    assert [
        e.detail["person"]
        for e in AuditEvent.objects.filter(action__startswith="consent.media_")
        .exclude(action="consent.media_added")
        .order_by("pk")
    ] == [kai.pk, kai.pk]


def test_who_may_change_the_library(org, author, reviewer, moderator, outsider, dsl):
    with pytest.raises(NotAllowed, match="Only managers, safeguarding leads and authors"):
        add(org, reviewer)
    with pytest.raises(NotAllowed):
        add(org, moderator)
    asset = add(org, dsl)
    with pytest.raises(NotAllowed):
        media.archive_asset(asset, by=outsider)
    media.archive_asset(asset, by=author)
    with pytest.raises(NotAllowed, match="already archived"):
        media.archive_asset(asset, by=author)


# The pages


def test_adding_an_image_on_the_page_then_tagging_a_never_publish_child(org, author, dsl, client_for):
    client = client_for(author)
    assert client.get(reverse("consent:media_add")).status_code == 200
    data = {
        "file": png(),
        "title": "Youth council",
        "alt_text": "Six young people around a table, voting",
        "shows": "young_people",
        "source": "own",
    }
    response = client.post(reverse("consent:media_add"), data)
    asset = MediaAsset.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "consent:media_asset", args=[asset.pk]
    )
    kai = young(org, author)
    services.set_never_publish(kai, by=dsl, reason="court_order", note="Order of 3 March")
    page = client.get(reverse("consent:media_asset", args=[asset.pk]), {"q": "kai"}).content.decode()
    assert "Kai Morgan" in page and "Do not publish" in page and "Order of 3 March" not in page
    assert "court" not in page.lower()
    assert client.post(reverse("consent:media_tag", args=[asset.pk]), {"person": kai.pk}).status_code == 302
    library = client.get(reverse("consent:media")).content.decode()
    assert "Cannot be posted yet" in library and "Do not publish" in library
    assert "Order of 3 March" not in library


def test_bad_input_on_the_page_keeps_what_was_typed(org, author, client_for):
    client = client_for(author)
    data = {
        "file": SimpleUploadedFile("notes.txt", b"just words"),
        "title": "Youth council",
        "alt_text": "Six young people around a table, voting",
        "shows": "nobody",
        "source": "licensed",
        "licence": "",
    }
    response = client.post(reverse("consent:media_add"), data)
    page = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in page
    assert "Six young people around a table, voting" in page and "Youth council" in page
    data["file"] = png()
    page = client.post(reverse("consent:media_add"), data).content.decode()
    assert "Say which licence covers it" in page and not MediaAsset.objects.exists()


def test_the_library_shows_who_lacks_consent(org, author, client_for):
    asset = add(org, author, shows="young_people")
    kai = young(org, author)
    media.tag_person(asset, kai, by=author)
    page = client_for(author).get(reverse("consent:media")).content.decode()
    assert "Cannot be posted yet" in page and "Kai Morgan" in page
    assert "the young person" in page.lower() or "parent" in page.lower()
    untagged = add(org, author, shows="young_people", title="Games night")
    page = client_for(author).get(reverse("consent:media_asset", args=[untagged.pk])).content.decode()
    assert "nobody has tagged who they are" in page


def test_the_file_is_served_only_to_members_who_may_read_the_register(
    org, author, reviewer, moderator, outsider, client_for
):
    asset = add(org, author)
    url = reverse("consent:media_file", args=[asset.pk])
    response = client_for(reviewer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert (
        response["Content-Disposition"].startswith("inline")
        and response["X-Content-Type-Options"] == "nosniff"
    )
    assert client_for(moderator).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404


def test_a_reviewer_reads_the_library_but_changes_nothing(org, author, reviewer, client_for):
    asset = add(org, author)
    client = client_for(reviewer)
    page = client.get(reverse("consent:media_asset", args=[asset.pk])).content.decode()
    assert "Summer camp" in page and "Archive this image" not in page and "Tag someone" not in page
    assert client.get(reverse("consent:media_add")).status_code == 403
    assert client.post(reverse("consent:media_archive", args=[asset.pk])).status_code == 403
    asset.refresh_from_db()
    assert asset.archived_at is None


def test_archiving_on_the_page(org, author, client_for):
    asset = add(org, author)
    client = client_for(author)
    assert client.post(reverse("consent:media_archive", args=[asset.pk]), follow=True).status_code == 200
    assert "Summer camp" not in client.get(reverse("consent:media")).content.decode()
    assert "Summer camp" in client.get(reverse("consent:media"), {"archived": "1"}).content.decode()


def test_uploading_a_new_image_from_a_post_comes_back_to_add_it(org, author, client_for):
    from harbour.publishing import services as publishing
    from tests.cast import active_channel

    channel = active_channel(org, "demo")
    post = publishing.create_post(by=author, title="Camp", text="Camp! What next?", channel_ids=[channel.pk])
    client = client_for(author)
    data = {
        "file": png(),
        "title": "Camp poster",
        "alt_text": "A poster: summer camp, sign up now",
        "shows": "nobody",
        "source": "own",
    }
    response = client.post(reverse("consent:media_add") + f"?post={post.pk}", data)
    asset = MediaAsset.objects.get()
    assert response["Location"] == reverse("consent:media_asset", args=[asset.pk]) + f"?post={post.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Add it to the post" in page and reverse("publishing:image_add", args=[post.pk]) in page
    added = client.post(
        reverse("publishing:image_add", args=[post.pk]), {"asset": asset.pk, "revision": post.revision}
    )
    assert added.status_code == 302 and post.images.get().asset == asset
    uses = client.get(reverse("consent:media_asset", args=[asset.pk])).content.decode()
    assert "Posts that use it" in uses and reverse("publishing:post", args=[post.pk]) in uses
