"""Media a platform fetches (harbour/publishing/public_media.py): for a platform that takes a post's images
and video from an address (Instagram and Threads do), sending gives each a signed public address that a
HTTP client, not signed in, can fetch while the post is being posted, and that gives the library's
file byte for byte; once the post is out the address opens nothing, nor does an altered or an expired
one; without HARBOUR_SITE_URL the post fails with a sentence saying what to set; a platform that takes
the files gets no address."""

from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from harbour.connectors.base import Batch, Connector, Published
from harbour.connectors.platform import PlatformCapability
from harbour.connectors.registry import PLATFORMS
from harbour.publishing import public_media, sending, services
from harbour.publishing.models import Publication, PublicationState
from tests.cast import active_channel, give_training
from tests.inbox import inbox_sources
from tests.publishing.library import attach, video_asset
from tests.publishing.platform import PublishingSource

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]
SITE = "https://harbour.example.org"


def fetch(url: str, method: str = "get", **headers):
    """`url` asked of Harbour's whole stack (every middleware) as the platform's servers would: over HTTPS,
    signed in as nobody. The answer and its body."""
    parts = urlsplit(url)
    answer = getattr(Client(), method)(parts.path, secure=True, HTTP_HOST=parts.hostname, headers=headers)
    return answer, b"".join(answer.streaming_content) if answer.streaming else answer.content


class FetchingSource(Connector):
    """As Instagram's publishing API does: the platform downloads each image from its address during the
    publish call (over HTTP, signed in as nobody)."""

    platform = "test_fetching"
    FETCHED: list = []  # (url, status, bytes) for each download

    def verify(self):
        return inbox_sources.test_account(self.platform)

    def fetch(self, cursor, limit=50):
        return Batch([], next_cursor=cursor)

    def report_url(self, item):
        return item.url

    def publish(self, request):
        for media in (*request.images, *([request.video] if request.video else [])):
            answer, body = fetch(media.url)
            FetchingSource.FETCHED.append((media.url, answer.status_code, body))
        return Published(f"post-{request.key}", f"https://example.test/{request.key}")


PLATFORMS["test_fetching"] = inbox_sources.make_platform(
    "test_fetching",
    f"{__name__}.FetchingSource",
    capabilities=frozenset(
        {PlatformCapability.PUBLISH, PlatformCapability.PUBLISH_IMAGES, PlatformCapability.PUBLISH_VIDEO}
    ),
    max_images=4,
    max_video_seconds=60,
    max_video_bytes=10_000_000,
    max_text_length=2200,
    fetches_media=True,
)


@pytest.fixture(autouse=True)
def fresh(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "harbour.example.org"]
    settings.HARBOUR_SITE_URL = SITE
    FetchingSource.FETCHED = []
    PublishingSource.reset()
    yield
    FetchingSource.FETCHED = []


def approved_post(org, author, reviewer, platform, *, video=False):
    give_training(reviewer, "approve")
    channel = active_channel(org, platform)
    post = services.create_post(
        by=author,
        title="Open day",
        text="Our open day is on Saturday! What will you try?",
        channel_ids=[channel.pk],
    )
    if video:
        attach(post, author, asset=video_asset(org, author, seconds=1))
    else:
        attach(post, author, title="Poster")
        attach(post, author, title="Hall", alt_text="The sports hall set out with stalls")
    post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=reviewer, version_number=1, approve=True)
    return Publication.objects.get(post=post)


def files_of(publication) -> list[bytes]:
    out = []
    for image in publication.post.images.select_related("asset").order_by("position"):
        with image.asset.file.open("rb") as handle:
            out.append(handle.read())
    return out


def test_the_platform_fetches_each_image_from_its_signed_address_while_it_is_posted(org, author, reviewer):
    publication = approved_post(org, author, reviewer, "test_fetching")
    sending.publish(publication.pk)
    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED
    assert [(status, content) for _, status, content in FetchingSource.FETCHED] == [
        (200, data) for data in files_of(publication)
    ]
    for url, _, _ in FetchingSource.FETCHED:
        assert url.startswith(f"{SITE}/p/media/")
        assert fetch(url)[0].status_code == 404  # the post is out: the address opens nothing


def test_a_video_is_fetched_too(org, author, reviewer):
    publication = approved_post(org, author, reviewer, "test_fetching", video=True)
    sending.publish(publication.pk)
    [(_, status, content)] = FetchingSource.FETCHED
    assert status == 200 and content == files_of(publication)[0]


def test_an_altered_expired_or_finished_address_opens_nothing(org, author, reviewer):
    publication = approved_post(org, author, reviewer, "test_fetching")
    image = publication.post.images.first()
    Publication.objects.filter(pk=publication.pk).update(state=PublicationState.RUNNING)
    url = public_media.address(publication, image)
    answer, body = fetch(url, Range="bytes=0-9")
    assert answer.status_code == 206 and body == files_of(publication)[0][:10]
    answer, _ = fetch(url)
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"
    assert answer["X-Robots-Tag"] == "noindex, nofollow"
    token = url.rstrip("/").rsplit("/", 1)[1]
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert fetch(url.replace(token, altered))[0].status_code == 404
    assert fetch(url, "post")[0].status_code == 405  # only fetched, never written
    assert reverse("publishing_public:media", args=[token]) in url
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=3601), tick=False):
        assert fetch(url)[0].status_code == 404
    Publication.objects.filter(pk=publication.pk).update(state=PublicationState.FAILED)
    assert fetch(url)[0].status_code == 404


def test_without_the_site_address_the_post_fails_saying_what_to_set(org, author, reviewer, settings):
    settings.HARBOUR_SITE_URL = ""
    publication = approved_post(org, author, reviewer, "test_fetching")
    sending.publish(publication.pk)
    publication.refresh_from_db()
    assert publication.state == PublicationState.FAILED and "HARBOUR_SITE_URL" in publication.error
    assert FetchingSource.FETCHED == []


def test_a_platform_that_takes_the_files_gets_no_address(org, author, reviewer):
    publication = approved_post(org, author, reviewer, "test_publishing")
    sending.publish(publication.pk)
    [request] = PublishingSource.REQUESTS
    assert request.images and all(image.url == "" for image in request.images)
