"""A test platform for the publishing tests: a real Connector subclass, registered as "test_publishing",
that keeps what it published by idempotency key (as Bluesky's record keys do) and answers from a script;
and "test_video_platform", the same connector on a platform that also takes one short video. Importing
this module registers both."""

from harbour.connectors.base import Batch, Connector, Published
from harbour.connectors.platform import PlatformCapability
from harbour.connectors.registry import PLATFORMS
from tests.inbox.inbox_sources import make_platform, test_account


class PublishingSource(Connector):
    platform = "test_publishing"
    SCRIPT: list = []  # exceptions to raise, one a publish call, before any call succeeds
    POSTS: dict = {}  # key -> (text, number of images)
    REQUESTS: list = []  # every PublishRequest that made a post, in order
    LOST_ANSWER = False  # the post is made, then the answer is lost (a timeout after the platform acted)
    finds: list = []

    @classmethod
    def reset(cls):
        cls.SCRIPT, cls.POSTS, cls.LOST_ANSWER, cls.finds, cls.REQUESTS = [], {}, False, [], []

    def verify(self):
        return test_account(self.platform)

    def fetch(self, cursor, limit=50):
        return Batch([], next_cursor=cursor)

    def report_url(self, item):
        return item.url

    def publish(self, request):
        if PublishingSource.SCRIPT:
            raise PublishingSource.SCRIPT.pop(0)
        if request.key in PublishingSource.POSTS:
            raise AssertionError(f"published twice with key {request.key}")
        PublishingSource.POSTS[request.key] = (request.text, len(request.images))
        PublishingSource.REQUESTS.append(request)
        if PublishingSource.LOST_ANSWER:
            PublishingSource.LOST_ANSWER = False
            from harbour.connectors.base import PlatformUnavailable

            raise PlatformUnavailable("The platform did not answer in time")
        return Published(f"post-{request.key}", f"https://example.test/post/{request.key}")

    def find_published(self, request, since):
        PublishingSource.finds.append(request.key)
        if request.key in PublishingSource.POSTS:
            return Published(f"post-{request.key}", f"https://example.test/post/{request.key}")
        return None


PLATFORMS["test_publishing"] = make_platform(
    "test_publishing",
    f"{__name__}.PublishingSource",
    capabilities=frozenset({PlatformCapability.PUBLISH, PlatformCapability.PUBLISH_IMAGES}),
    max_images=2,
    max_text_length=280,
)
PLATFORMS["test_video_platform"] = make_platform(
    "test_video_platform",
    f"{__name__}.PublishingSource",
    capabilities=frozenset(
        {PlatformCapability.PUBLISH, PlatformCapability.PUBLISH_IMAGES, PlatformCapability.PUBLISH_VIDEO}
    ),
    max_images=2,
    max_video_seconds=3,
    max_video_bytes=2_000_000,
    max_text_length=280,
)
