"""A test platform for the replies tests: the moderation tests' recording connector, registered as
"test_replies" with Bluesky's 300-character limit, so that the starter privacy advice fits."""

from harbour.connectors.platform import PlatformCapability
from harbour.connectors.registry import PLATFORMS
from tests.inbox.inbox_sources import make_platform
from tests.moderation.platforms import ModeratedSource


class RepliesSource(ModeratedSource):
    platform = "test_replies"


PLATFORMS["test_replies"] = make_platform(
    "test_replies",
    f"{__name__}.RepliesSource",
    capabilities=frozenset(PlatformCapability),
    max_text_length=300,
    hide_means="Test platform: nothing leaves the test.",
)
