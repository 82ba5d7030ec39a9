"""A post's images come from the media library only (harbour/publishing/services.add_image): an asset of
the post's own organisation, not archived, once per post, at most four; its alt text, who is shown, who is
tagged and its licence are the asset's, and the version hashes them with the asset's id and SHA-256, so a
change needs approval again. A bad upload to the library leaves the post as it was. Removing an image
keeps the asset in the library. (The library's own checks of files: tests/consent/test_media.py.)"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from harbour.accounts.access import NotAllowed
from harbour.consent import media
from harbour.publishing import services
from harbour.publishing.checks import draft_of
from harbour.publishing.models import MAX_IMAGES, PostImage, content_of
from harbour.publishing.sending import request_for
from tests.cast import active_channel, give_training, png_claiming
from tests.publishing.library import attach, library_image

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


@pytest.fixture
def post(org, author):
    channel = active_channel(org, "demo")
    return services.create_post(
        by=author, title="Camp", text="Camp photos! What was your best bit?", channel_ids=[channel.pk]
    )


def test_an_image_from_the_library_is_read_through_its_asset(post, author):
    image = attach(post, author, alt_text="Tents in a field at sunset", source="creative_commons",
                   licence="CC BY 4.0, photo by Sam Lee")  # fmt: skip
    post.refresh_from_db()
    assert post.revision == 2
    facts = draft_of(post).images
    assert len(facts) == 1 and facts[0].asset_id == image.asset_id
    assert (facts[0].alt_text, facts[0].source, facts[0].licence) == (
        "Tents in a field at sunset", "creative_commons", "CC BY 4.0, photo by Sam Lee"
    )  # fmt: skip
    content = content_of(post)["images"][0]
    assert content["asset"] == image.asset_id and content["sha256"] == image.asset.sha256


def test_only_the_organisations_own_unarchived_images_once_and_at_most_four(post, author, outsider):
    elsewhere = library_image(outsider.organisation, outsider)
    with pytest.raises(NotAllowed, match="your own organisation's media library"):
        services.add_image(post, by=author, revision=post.revision, asset=elsewhere)
    archived = library_image(post.organisation, author)
    media.archive_asset(archived, by=author)
    with pytest.raises(NotAllowed, match="archived"):
        services.add_image(post, by=author, revision=post.revision, asset=archived)
    first = attach(post, author)
    with pytest.raises(NotAllowed, match="already in the post"):
        attach(post, author, asset=first.asset)
    for _ in range(MAX_IMAGES - 1):
        attach(post, author)
    with pytest.raises(NotAllowed, match=f"at most {MAX_IMAGES} images"):
        attach(post, author)
    assert [i.position for i in post.images.all()] == list(range(MAX_IMAGES))


def test_a_bad_upload_to_the_library_leaves_the_post_as_it_was(post, author, tmp_path):
    revision = post.revision
    with pytest.raises(NotAllowed, match="too large"):
        attach(post, author, upload=SimpleUploadedFile("camp.png", png_claiming(60_000, 60_000)))
    post.refresh_from_db()
    assert not PostImage.objects.exists() and post.revision == revision
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_removing_keeps_the_asset_and_a_changed_image_needs_approval_again(post, author, reviewer):
    give_training(reviewer, "approve")
    image = attach(post, author)
    post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    services.remove_image(image, by=author, revision=post.revision)
    post.refresh_from_db()
    assert post.state == "draft" and not post.images.exists()
    image.asset.refresh_from_db()
    assert image.asset.archived_at is None


def test_what_goes_out_is_the_assets_file_with_the_approved_alt_text(post, author, reviewer):
    give_training(reviewer, "approve")
    image = attach(post, author, alt_text="Tents in a field at sunset")
    post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=reviewer, version_number=1, approve=True)
    media.change_asset(image.asset, by=author, title="Camp", alt_text="Changed later in the library",
                       shows="nobody", source="own")  # fmt: skip
    publication = post.publications.get()
    request = request_for(publication)
    assert request.images[0].alt_text == "Tents in a field at sunset"
    assert request.images[0].data.startswith(b"\x89PNG")
