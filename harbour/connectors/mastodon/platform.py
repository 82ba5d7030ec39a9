"""Mastodon in Harbour's registry. API sources for each capability: docs/connectors.md, "Platforms"."""

from harbour.connectors.platform import ChecklistItem, PlatformCapability, PlatformEntry, ReportReason
from harbour.connectors.text_length import MASTODON as MASTODON_COUNTING

MASTODON = PlatformEntry(
    key="mastodon",
    label="Mastodon",
    report_to="the moderators of the Mastodon server where it was posted",
    connector="harbour.connectors.mastodon.connector.MastodonConnector",
    # Each server sets its own minimum age (mastodon.social asks for 16), so the proposer must check the
    # server's rules (the checklist asks for it too).
    minimum_age=16,
    credential_kinds=("access_token",),
    config_from={"instance_url": "server_url"},
    asks_server_url=True,
    capabilities={
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
    # Mastodon's own limit on one video since 4.2: 99 MB (VIDEO_LIMIT = 99.megabytes, 103,809,024 bytes; what
    # mastodon.social's /api/v2/instance gives as video_size_limit). A server may set its own, which the
    # connector reads from it. Mastodon sets no limit on a video's length: an hour here, so that the size
    # and Harbour's own limit (HARBOUR_MAX_VIDEO_SECONDS) are what bind. Sources: docs/connectors.md.
    max_video_seconds=3600,
    max_video_bytes=99 * 1024 * 1024,
    max_text_length=500,  # a server may allow more; 500 is Mastodon's own
    counting=MASTODON_COUNTING,
    # POST /api/v1/reports's categories, less "violation": it must name the server's rules (rule_ids).
    report_reasons=(ReportReason.SPAM, ReportReason.LEGAL, ReportReason.OTHER),
    hide_means=(
        "Mastodon gives an account no way to hide other people's replies. Report the reply to its "
        "server's moderators, or block the account."
    ),
    block_means=(
        "Blocks the account from the organisation's account: it can no longer follow or see the "
        "organisation's posts while signed in, and the server drops its mentions, so Harbour stops seeing "
        "them. Report it as well if it worried you."
    ),
    mute_means=(
        "Mutes the account's posts for the organisation's account (it is not told). Harbour asks the server "
        "to keep notifying the organisation about it, so its mentions are still screened."
    ),
    privacy_checklist=(
        ChecklistItem(
            "masto_follow_requests",
            "Follow requests are set as the organisation decided",
            "Preferences → Profile → 'Require follow requests': decide whether followers must be approved, and "
            "record why in the notes.",
        ),
        ChecklistItem(
            "masto_discoverability",
            "Discoverability is set as the organisation decided",
            "Preferences → Public profile → Privacy and reach: "
            "'Feature profile and posts in discovery algorithms', "
            "'Include public posts in search results' and 'Display follows and followers on profile'.",
        ),
        ChecklistItem(
            "masto_private_mentions",
            "Private mentions from people the account does not follow are filtered",
            "Notifications → Filter settings: filter 'Unsolicited private mentions' "
            "and 'People you don't follow', "
            "so direct messages from strangers go to a request list rather than straight in.",
        ),
        ChecklistItem(
            "masto_default_visibility",
            "The default post visibility is right for the channel",
            "Preferences → Other → Posting defaults → Posting privacy (public, quiet public or followers only).",
        ),
        ChecklistItem(
            "masto_sensitive_media",
            "Sensitive media is hidden and the account marks its own media when needed",
            "Preferences → Appearance → Media: hide media marked as sensitive; "
            "Preferences → Other: mark media as "
            "sensitive where an image could upset.",
        ),
        ChecklistItem(
            "masto_keyword_filters",
            "Keyword filters cover slurs and known harmful terms",
            "Preferences → Filters: one filter with the terms to hide from the account's home and notifications.",
        ),
        ChecklistItem(
            "masto_server_rules",
            "The server's rules and minimum age have been read and suit the audience",
            "The server's About page lists its rules, minimum age and moderation contact. Record the minimum age "
            "in the notes.",
        ),
        ChecklistItem(
            "masto_token_scopes",
            "Harbour's access token has only the scopes it needs",
            "Preferences → Development (or Account → Authorised apps): read, write:statuses and "
            "write:conversations at most; never admin scopes.",
        ),
    ),
)
