"""Facebook Pages in Harbour's registry. API sources for each capability: docs/connectors.md, "Facebook Pages"."""

from harbour.connectors.platform import ChecklistItem, PlatformCapability, PlatformEntry

FACEBOOK = PlatformEntry(
    key="facebook",
    label="Facebook",
    report_to="Facebook's moderators, through the menu on the comment, post or message",
    connector="harbour.connectors.facebook.connector.FacebookConnector",
    minimum_age=13,  # Meta's terms of service
    credential_kinds=("access_token",),  # the Page access token (Facebook Login for Business)
    config_from={"graph_url": "graph_url", "account_id": "account_id"},
    # Only what harbour/connectors/facebook/connector.py really does, each tested against the simulator
    # (tests/connectors/test_facebook*.py). Meta has no API for reports, and a Page cannot mute anyone.
    capabilities={
        PlatformCapability.HIDE,
        PlatformCapability.UNHIDE,
        PlatformCapability.DELETE,
        PlatformCapability.REPLY,
        PlatformCapability.BLOCK,
        PlatformCapability.DIRECT_MESSAGES,
        PlatformCapability.PUBLISH,
        PlatformCapability.PUBLISH_IMAGES,
    },
    # Meta documents no number for a post's attached photos; four is what a Harbour post holds.
    max_images=4,
    max_text_length=63_206,  # a Page post's message
    hide_means=(
        "Hides the comment (or a visitor's post) on the Page: the person who wrote it and their friends "
        "still see it, so they are not told it was hidden, but nobody else does. It is not deleted. "
        "Report it on Facebook as well if it breaks Facebook's rules."
    ),
    block_means=(
        "Bans the person from the Page: they can no longer comment on or post to it, or message it, though "
        "they can still see and share its posts. What they wrote before stays until it is hidden or deleted."
    ),
    privacy_checklist=(
        ChecklistItem(
            "fb_profanity_filter",
            "The Page's profanity filter is set to strong",
            "Professional dashboard → Moderation (or Settings → Privacy → Public posts and comments): set "
            "'Profanity filter' to Strong, so comments with common swear words are hidden automatically.",
        ),
        ChecklistItem(
            "fb_moderation_words",
            "The Page hides comments with the organisation's list of words",
            "Moderation → 'Hide comments containing certain words': add slurs, known harmful terms, and words "
            "that ask for contact details ('snap', 'add me', phone number patterns). Review the list each term.",
        ),
        ChecklistItem(
            "fb_who_can_post",
            "Only the Page can post on the Page",
            "Settings → Privacy → Page and tagging: turn off 'Allow others to post to your Page' (or have "
            "visitors' posts reviewed before they appear), so strangers cannot post where young people look.",
        ),
        ChecklistItem(
            "fb_tagging",
            "Others cannot tag the Page in photos, and tags are reviewed",
            "Settings → Privacy → Page and tagging: turn off 'Allow others to tag your Page' and turn on "
            "'Review tags people add to your posts before they appear'. Never tag a young person's profile.",
        ),
        ChecklistItem(
            "fb_messenger",
            "Messenger greets people with the organisation's safe contact words",
            "Meta Business Suite → Inbox → Automations: an instant reply that says who reads messages, when, "
            "and where to go in an emergency (Childline 0800 1111, 999), and set the Page's response hours.",
        ),
        ChecklistItem(
            "fb_page_roles",
            "Only named staff have access to the Page, with the least they need",
            "Settings → Page access (Business Suite → Business settings → People): remove anyone who has left, "
            "and give moderators 'Community activity' rather than full control.",
        ),
    ),
)
