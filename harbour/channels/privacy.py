"""The privacy and safety settings to check on each platform (guidance 3.4 and 5.3).

Each item names where the setting lives in the platform's own app, so the person checking can
find it. Platforms change their settings often: a review asks for notes where something moved.
"""

from dataclasses import dataclass

from harbour.channels.platforms import Platform


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    hint: str


GENERIC = [
    Item(
        "two_factor",
        "Two-factor sign-in is on for the account",
        "Use the platform's two-factor option (an authenticator app where offered), with the recovery codes "
        "kept in the organisation's password manager, not on one person's phone.",
    ),
    Item(
        "organisational_recovery",
        "The recovery email address and phone number belong to the organisation",
        "A shared mailbox such as youth-social@…, never a member of staff's own email or mobile number "
        "(guidance 3.7: the account is in the organisation's name).",
    ),
    Item(
        "strong_password",
        "The password is long, unique to this account and kept in the organisation's password manager",
        "At least 8 characters with upper and lower case, a number and a symbol (guidance 3.4); change it "
        "when someone with access leaves.",
    ),
    Item(
        "location_off",
        "Location is off: posts and photos carry no location",
        "Switch off location tagging in the app and on the phones staff post from (guidance 5.3).",
    ),
    Item(
        "connected_apps",
        "Only known apps can reach the account",
        "Remove any connected app or app password that nobody can account for; Harbour's should be the only "
        "one besides the platform's own app.",
    ),
    Item(
        "profile_names_organisation",
        "The profile shows the organisation's name and links to the published disclaimer",
        "Put the disclaimer's public link in the profile's bio or website field (guidance 3.5).",
    ),
]

BLUESKY = [
    Item(
        "bsky_reply_controls",
        "New posts default to a reply setting the moderators can keep up with",
        "Settings → Moderation → Interaction settings: choose who can reply to new posts (for example people "
        "you follow or mention) and whether quote posts are allowed; these become each post's threadgate.",
    ),
    Item(
        "bsky_muted_words",
        "Muted words and tags cover slurs and known harmful terms",
        "Settings → Moderation → Muted words & tags. Harbour screens everything too; "
        "this keeps them out of the "
        "app's own notifications.",
    ),
    Item(
        "bsky_adult_content_off",
        "Adult content is switched off",
        "Settings → Moderation → Content filters: 'Enable adult content' is off, "
        "and sexual and graphic labels "
        "are set to hide.",
    ),
    Item(
        "bsky_chat_restricted",
        "Direct messages are restricted",
        "Settings → Privacy and security → Chat: allow new messages from 'No one' or 'Users I follow', never "
        "'Everyone'. Young people should be pointed to a monitored route instead.",
    ),
    Item(
        "bsky_app_password_dms",
        "Harbour signs in with its own app password that can read direct messages",
        "Settings → Privacy and security → App passwords: one named for Harbour, with 'Allow access to your "
        "direct messages' ticked, so that messages to the account are screened and supervisors see them.",
    ),
    Item(
        "bsky_moderation_lists",
        "Block and mute lists the organisation relies on are subscribed",
        "Settings → Moderation → Moderation lists. Record in the notes which lists, or that none are used.",
    ),
]

MASTODON = [
    Item(
        "masto_follow_requests",
        "Follow requests are set as the organisation decided",
        "Preferences → Profile → 'Require follow requests': decide whether followers must be approved, and "
        "record why in the notes.",
    ),
    Item(
        "masto_discoverability",
        "Discoverability is set as the organisation decided",
        "Preferences → Public profile → Privacy and reach: "
        "'Feature profile and posts in discovery algorithms', "
        "'Include public posts in search results' and 'Display follows and followers on profile'.",
    ),
    Item(
        "masto_private_mentions",
        "Private mentions from people the account does not follow are filtered",
        "Notifications → Filter settings: filter 'Unsolicited private mentions' "
        "and 'People you don't follow', "
        "so direct messages from strangers go to a request list rather than straight in.",
    ),
    Item(
        "masto_default_visibility",
        "The default post visibility is right for the channel",
        "Preferences → Other → Posting defaults → Posting privacy (public, quiet public or followers only).",
    ),
    Item(
        "masto_sensitive_media",
        "Sensitive media is hidden and the account marks its own media when needed",
        "Preferences → Appearance → Media: hide media marked as sensitive; "
        "Preferences → Other: mark media as "
        "sensitive where an image could upset.",
    ),
    Item(
        "masto_keyword_filters",
        "Keyword filters cover slurs and known harmful terms",
        "Preferences → Filters: one filter with the terms to hide from the account's home and notifications.",
    ),
    Item(
        "masto_server_rules",
        "The server's rules and minimum age have been read and suit the audience",
        "The server's About page lists its rules, minimum age and moderation contact. Record the minimum age "
        "in the notes.",
    ),
    Item(
        "masto_token_scopes",
        "Harbour's access token has only the scopes it needs",
        "Preferences → Development (or Account → Authorised apps): read, write:statuses and "
        "write:conversations at most; never admin scopes.",
    ),
]

CHECKLISTS: dict[str, list[Item]] = {
    Platform.BLUESKY: BLUESKY + GENERIC,
    Platform.MASTODON: MASTODON + GENERIC,
    Platform.FILE_IMPORT: GENERIC,
    Platform.WEBHOOK: GENERIC,
    Platform.DEMO: GENERIC,
}


def checklist(platform: str) -> list[Item]:
    return CHECKLISTS.get(platform, GENERIC)
