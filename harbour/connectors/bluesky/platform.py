"""Bluesky in Harbour's registry. API sources for each capability: docs/connectors.md, "Platforms"."""

from harbour.connectors.platform import ChecklistItem, PlatformCapability, PlatformEntry, ReportReason
from harbour.connectors.text_length import GRAPHEMES

BLUESKY = PlatformEntry(
    key="bluesky",
    label="Bluesky",
    report_to="Bluesky's moderation team",
    connector="harbour.connectors.bluesky.connector.BlueskyConnector",
    minimum_age=13,  # Bluesky's terms of service
    credential_kinds=("app_password",),
    handle_credential="identifier",
    config_from={"service": "service", "web_url": "web_url"},
    capabilities={
        PlatformCapability.HIDE,
        PlatformCapability.UNHIDE,
        PlatformCapability.BLOCK,
        PlatformCapability.MUTE,
        PlatformCapability.DELETE,
        PlatformCapability.REPLY,
        PlatformCapability.REPORT,
        PlatformCapability.DIRECT_MESSAGES,
        PlatformCapability.PUBLISH,
        PlatformCapability.PUBLISH_IMAGES,
        PlatformCapability.PUBLISH_VIDEO,
    },
    max_images=4,
    # One video a post (app.bsky.embed.video), an MP4 of at most 100 MB (the lexicon's maxSize 100000000)
    # and 3 minutes (Bluesky's limit since app version 1.99, March 2025). Sources: docs/connectors.md.
    max_video_seconds=180,
    max_video_bytes=100_000_000,
    max_text_length=300,
    counting=GRAPHEMES,  # app.bsky.feed.post's text: maxGraphemes 300
    # com.atproto.moderation.defs's reason types (the connector's REASON_TYPES).
    report_reasons=(
        ReportReason.SPAM,
        ReportReason.SEXUAL,
        ReportReason.RUDE,
        ReportReason.MISLEADING,
        ReportReason.VIOLATION,
        ReportReason.OTHER,
    ),
    hide_means=(
        "Hides a reply under one of the organisation's own posts (a threadgate). Bluesky's apps fold it "
        "away for everyone, but it is not deleted: it stays on the author's account and other apps may "
        "still show it. Report it as well if it breaks Bluesky's rules."
    ),
    block_means=(
        "Blocks the account from the organisation's account (a public block record): it can no longer reply "
        "to, mention or follow the organisation on Bluesky. Harbour stops seeing its replies and mentions "
        "too, so nothing more from it is screened: report it as well if it worried you."
    ),
    mute_means=(
        "Mutes the account for the organisation's account (private; the account is not told). Bluesky stops "
        "notifying the organisation about it, so Harbour stops seeing and screening its replies and "
        "mentions. Unmute to see them again."
    ),
    privacy_checklist=(
        ChecklistItem(
            "bsky_reply_controls",
            "New posts default to a reply setting the moderators can keep up with",
            "Settings → Moderation → Interaction settings: choose who can reply to new posts (for example people "
            "you follow or mention) and whether quote posts are allowed; these become each post's threadgate.",
        ),
        ChecklistItem(
            "bsky_muted_words",
            "Muted words and tags cover slurs and known harmful terms",
            "Settings → Moderation → Muted words & tags. Harbour screens everything too; "
            "this keeps them out of the "
            "app's own notifications.",
        ),
        ChecklistItem(
            "bsky_adult_content_off",
            "Adult content is switched off",
            "Settings → Moderation → Content filters: 'Enable adult content' is off, "
            "and sexual and graphic labels "
            "are set to hide.",
        ),
        ChecklistItem(
            "bsky_chat_restricted",
            "Direct messages are restricted",
            "Settings → Privacy and security → Chat: allow new messages from 'No one' or 'Users I follow', never "
            "'Everyone'. Young people should be pointed to a monitored route instead.",
        ),
        ChecklistItem(
            "bsky_app_password_dms",
            "Harbour signs in with its own app password that can read direct messages",
            "Settings → Privacy and security → App passwords: one named for Harbour, with 'Allow access to your "
            "direct messages' ticked, so that messages to the account are screened and supervisors see them.",
        ),
        ChecklistItem(
            "bsky_moderation_lists",
            "Block and mute lists the organisation relies on are subscribed",
            "Settings → Moderation → Moderation lists. Record in the notes which lists, or that none are used.",
        ),
    ),
)
