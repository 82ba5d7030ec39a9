"""A post's video on its pages: the composer, the media picker, the post's and the proof reader's pages and
each channel's preview show it as a <video controls preload="metadata"> playing from the media library's
own address (consent:media_file, which answers byte ranges), with its alt text beside it and as its
aria-label; the picker lists only ready videos, and only images once the post has images; a channel whose
platform takes no video says so in its preview."""

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.consent.models import MediaState
from harbour.publishing import services
from tests.cast import active_channel
from tests.publishing.library import attach, library_image, video_asset

pytestmark = pytest.mark.django_db

TEXT = "Watch our canoe race on the river! Who do you think will win next year?"
ALT = "Two canoes racing on a river, people cheering on the bank"


@pytest.fixture
def channel(org):
    made = active_channel(org, "test_video_platform")
    made.name = "Derby video feed"
    made.save()
    return made


@pytest.fixture
def post(author, channel):
    import tests.publishing.platform  # noqa: F401  (registers the test platforms)

    return services.create_post(by=author, title="Regatta", text=TEXT, channel_ids=[channel.pk])


def video_element(asset) -> str:
    src = reverse("consent:media_file", args=[asset.pk])
    return f'<video controls preload="metadata" src="{src}" aria-label="\u2068{html.escape(asset.alt_text)}\u2069"'


def body(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_the_composer_shows_the_video_with_its_alt_text_and_offers_nothing_more(client_for, author, post):
    video = video_asset(post.organisation, author, seconds=2, alt_text=ALT)
    attach(post, author, asset=video)
    page = body(client_for(author), "publishing:edit", post.pk)
    assert video_element(video) in page
    assert f'<dd class="govuk-summary-list__value" dir="auto">{html.escape(ALT)}</dd>' in page
    assert "2 seconds" in page
    assert "A post with a video has nothing else" in page
    assert reverse("publishing:image_add", args=[post.pk]) not in page
    # the preview for the channel, whose platform takes video
    assert 'class="harbour-post-image__large"' in page and "Video. Alt text:" in page


def test_the_picker_lists_ready_videos_only(client_for, author, post):
    org = post.organisation
    ready = video_asset(org, author, title="Ready race", alt_text=ALT)
    preparing = video_asset(org, author, title="Still encoding", state=MediaState.PREPARING)
    failed = video_asset(org, author, title="Broken upload", state=MediaState.FAILED, problem="Not a video.")
    image = library_image(org, author, title="Tents", alt_text="Tents in a field at sunset")
    page = body(client_for(author), "publishing:image_add", post.pk)
    assert f'name="asset" value="{ready.pk}"' in page and video_element(ready) in page
    assert f'name="asset" value="{image.pk}"' in page
    for hidden in (preparing, failed):
        assert f'name="asset" value="{hidden.pk}"' not in page
        assert hidden.title not in page
    assert "Add an image or video from the media library" in page


def test_once_the_post_has_images_the_picker_lists_images_only(client_for, author, post):
    org = post.organisation
    video = video_asset(org, author, title="Ready race")
    attach(post, author)
    other = library_image(org, author, title="Campfire", alt_text="A campfire under the stars")
    page = body(client_for(author), "publishing:image_add", post.pk)
    assert f'name="asset" value="{other.pk}"' in page
    assert f'name="asset" value="{video.pk}"' not in page and "videos are not listed" in page


def test_once_the_post_has_a_video_the_picker_offers_nothing(client_for, author, post):
    org = post.organisation
    attach(post, author, asset=video_asset(org, author))
    image = library_image(org, author, title="Campfire")
    page = body(client_for(author), "publishing:image_add", post.pk)
    assert "This post has a video" in page and f'name="asset" value="{image.pk}"' not in page


def test_adding_a_video_being_prepared_through_the_page_says_why(client_for, author, post):
    preparing = video_asset(post.organisation, author, state=MediaState.PREPARING)
    client = client_for(author)
    response = client.post(
        reverse("publishing:image_add", args=[post.pk]),
        {"asset": str(preparing.pk), "revision": str(post.revision)},
        follow=True,
    )
    assert "That video is still being prepared: try again in a minute." in response.content.decode()
    assert not post.images.exists()


def test_the_post_and_the_proof_readers_pages_show_the_video(client_for, author, reviewer, post):
    from tests.cast import give_training

    give_training(reviewer, "approve")
    video = video_asset(post.organisation, author, alt_text=ALT)
    attach(post, author, asset=video)
    post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    for client, name in (
        (client_for(author), "publishing:post"),
        (client_for(reviewer), "publishing:review"),
    ):
        page = body(client, name, post.pk)
        assert video_element(video) in page
        assert "Video: alt text" in page and html.escape(ALT) in page


def test_a_channel_that_takes_no_video_says_so_in_its_preview(client_for, author, org):
    import tests.publishing.platform  # noqa: F401

    channel = active_channel(org, "test_publishing")
    post = services.create_post(by=author, title="Regatta", text=TEXT, channel_ids=[channel.pk])
    attach(post, author, asset=video_asset(org, author))
    page = body(client_for(author), "publishing:edit", post.pk)
    assert "Harbour cannot post a video to test_publishing: it would not go out on this channel." in page
    assert "test_publishing does not take videos from Harbour." in page  # the check


def test_an_image_post_looks_as_before(client_for, author, org):
    channel = active_channel(org, "demo", started_at=timezone.now().isoformat())
    post = services.create_post(by=author, title="Camp", text=TEXT, channel_ids=[channel.pk])
    image = attach(post, author, alt_text="Tents in a field at sunset")
    page = body(client_for(author), "publishing:edit", post.pk)
    assert f'src="{reverse("publishing:image", args=[image.pk])}"' in page and "<video" not in page
    assert "Add another image from the media library" in page


def test_removing_the_video_says_so_and_the_picker_offers_videos_again(client_for, author, post):
    video = video_asset(post.organisation, author, title="Ready race")
    image = attach(post, author, asset=video)
    post.refresh_from_db()
    client = client_for(author)
    response = client.post(
        reverse("publishing:image_remove", args=[image.pk]), {"revision": str(post.revision)}, follow=True
    )
    assert "The video is removed from the post. It stays in the media library." in response.content.decode()
    assert f'name="asset" value="{video.pk}"' in body(client, "publishing:image_add", post.pk)


def test_the_posts_own_address_plays_its_video_in_byte_ranges(client_for, author, viewer, post):
    video = video_asset(post.organisation, author)
    image = attach(post, author, asset=video)
    address = reverse("publishing:image", args=[image.pk])
    response = client_for(author).get(address, HTTP_RANGE="bytes=0-99")
    assert response.status_code == 206 and response["Content-Type"] == "video/mp4"
    assert response["Content-Range"] == f"bytes 0-99/{video.file.size}"
    with video.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read(100)
    assert client_for(viewer).get(address).status_code == 403  # not for members who cannot see posts
