"""The demonstration feed in Harbour's registry: Harbour itself plays the platform, so every action but
reporting works (there is nobody to report to)."""

from harbour.connectors.platform import PlatformCapability, PlatformEntry

DEMO = PlatformEntry(
    key="demo",
    label="Demonstration feed",
    report_to="the site where it was posted",
    connector="harbour.connectors.demo.connector.DemoConnector",
    minimum_age=13,
    config_from={"started_at": "started_at", "pace_seconds": "pace_seconds"},
    starts_when_active=True,
    capabilities={
        PlatformCapability.HIDE,
        PlatformCapability.UNHIDE,
        PlatformCapability.BLOCK,
        PlatformCapability.MUTE,
        PlatformCapability.DELETE,
        PlatformCapability.REPLY,
        PlatformCapability.DIRECT_MESSAGES,
        PlatformCapability.PUBLISH,
        PlatformCapability.PUBLISH_IMAGES,
        PlatformCapability.PUBLISH_VIDEO,
    },
    max_images=4,
    # Harbour plays the platform, so these are its choice: Bluesky's limits (3 minutes, 100 MB), so that a
    # demonstration shows the checks a real channel makes.
    max_video_seconds=180,
    max_video_bytes=100_000_000,
    max_text_length=500,
    hide_means="Demo channel: the reply is marked hidden in Harbour; there is no real platform.",
    block_means="Demo channel: the block is recorded in Harbour only; the feed goes on as written.",
    mute_means="Demo channel: the mute is recorded in Harbour only; the feed goes on as written.",
)
