"""Instagram in Harbour's registry. API sources for each capability: docs/connectors.md, "Instagram"."""

from harbour.connectors.platform import ChecklistItem, PlatformCapability, PlatformEntry

INSTAGRAM = PlatformEntry(
    key="instagram",
    label="Instagram",
    report_to="Instagram, from the comment's or message's own menu (Report)",
    connector="harbour.connectors.instagram.connector.InstagramConnector",
    minimum_age=13,  # Instagram's terms of use
    credential_kinds=("access_token",),  # the linked Page's access token (and app_secret, from settings)
    config_from={"graph_url": "graph_url", "account_id": "account_id", "page_id": "page_id"},
    # Meta has no API for reports, blocks or mutes. Posts are images (one, or a carousel of up to 10) or a
    # video (a reel), which Meta downloads from the signed public address Harbour gives each while it is
    # posted (docs/connectors.md, "Instagram").
    capabilities={
        PlatformCapability.HIDE,
        PlatformCapability.UNHIDE,
        PlatformCapability.DELETE,
        PlatformCapability.REPLY,
        PlatformCapability.DIRECT_MESSAGES,
        PlatformCapability.PUBLISH,
        PlatformCapability.PUBLISH_IMAGES,
        PlatformCapability.PUBLISH_VIDEO,
    },
    max_images=10,  # a carousel's children
    # A reel: 3 seconds to 15 minutes, at most 300 MB (the reel specifications on Meta's IG User media
    # reference; the connector also checks the 3-second floor, the width and the shape).
    max_video_seconds=15 * 60,
    min_video_seconds=3,  # the reel specifications: 3 seconds to 15 minutes
    needs_media=True,  # an Instagram post is an image, a carousel or a reel
    image_types=frozenset({"image/jpeg"}),  # the content publishing reference: JPEG only
    max_video_bytes=300_000_000,  # "300MB": read as 300,000,000 bytes, the smaller reading
    fetches_media=True,
    max_text_length=2200,  # a caption or a comment; a direct message takes 1,000 (the connector checks)
    hide_means=(
        "Hides the comment from everyone on Instagram except the person who wrote it, who is not told. "
        "It stays in Harbour, and 'Show again' makes it visible again."
    ),
    privacy_checklist=(
        ChecklistItem(
            "ig_hidden_words",
            "Hidden words and comment filters are on",
            "Settings → Hidden words: turn on 'Hide comments' and 'Advanced comment filtering', and add the "
            "organisation's own list of words (names of local places, slurs, known harmful terms).",
        ),
        ChecklistItem(
            "ig_who_can_comment",
            "Who can comment is set as the organisation decided",
            "Settings → Comments → 'Allow comments from': everyone, or only followers or people the account "
            "follows. Record why in the notes.",
        ),
        ChecklistItem(
            "ig_tags_mentions",
            "Tags and mentions need the organisation's approval",
            "Settings → Tags and mentions: allow tags from 'People you follow' and turn on 'Manually approve "
            "tags', so a photo of a young person cannot be linked to the account without a check; allow "
            "@mentions from people the account follows.",
        ),
        ChecklistItem(
            "ig_message_requests",
            "Messages from people who don't follow go to requests",
            "Settings → Messages and story replies → Message controls: messages from people who don't follow "
            "the account go to message requests (or are not received), and story replies are limited to "
            "followers.",
        ),
        ChecklistItem(
            "ig_limits",
            "Limits are ready to use",
            "Settings → Limits: staff know how to limit comments and messages from accounts that don't "
            "follow or followed recently, for a pile-on.",
        ),
        ChecklistItem(
            "ig_page_roles",
            "Only the right people manage the linked Facebook Page",
            "Meta Business Suite → Settings → People: everyone with access to the Page linked to the "
            "Instagram account is still staff and needs it.",
        ),
        ChecklistItem(
            "ig_permissions",
            "Harbour's Meta permissions are only those it needs",
            "Facebook → Settings → Business integrations: Harbour's app has instagram_basic, "
            "instagram_manage_comments, instagram_manage_messages, instagram_content_publish (for approved "
            "posts) and the Page's read and metadata permissions, and nothing to advertise.",
        ),
    ),
)
