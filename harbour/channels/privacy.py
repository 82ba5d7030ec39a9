"""The privacy and safety settings to check on each channel (guidance 3.4 and 5.3): the platform's own,
from its registry entry (harbour/connectors/<platform>/platform.py), then these, which every account needs.

Each item names where the setting lives in the platform's own app, so the person checking can
find it. Platforms change their settings often: a review asks for notes where something moved.
"""

from harbour.connectors import registry
from harbour.connectors.platform import ChecklistItem

GENERIC = [
    ChecklistItem(
        "two_factor",
        "Two-factor sign-in is on for the account",
        "Use the platform's two-factor option (an authenticator app where offered), with the recovery codes "
        "kept in the organisation's password manager, not on one person's phone.",
    ),
    ChecklistItem(
        "organisational_recovery",
        "The recovery email address and phone number belong to the organisation",
        "A shared mailbox such as youth-social@…, never a member of staff's own email or mobile number "
        "(guidance 3.7: the account is in the organisation's name).",
    ),
    ChecklistItem(
        "strong_password",
        "The password is long, unique to this account and kept in the organisation's password manager",
        "At least 8 characters with upper and lower case, a number and a symbol (guidance 3.4); change it "
        "when someone with access leaves.",
    ),
    ChecklistItem(
        "location_off",
        "Location is off: posts and photos carry no location",
        "Switch off location tagging in the app and on the phones staff post from (guidance 5.3).",
    ),
    ChecklistItem(
        "connected_apps",
        "Only known apps can reach the account",
        "Remove any connected app or app password that nobody can account for; Harbour's should be the only "
        "one besides the platform's own app.",
    ),
    ChecklistItem(
        "profile_names_organisation",
        "The profile shows the organisation's name and links to the published disclaimer",
        "Put the disclaimer's public link in the profile's bio or website field (guidance 3.5).",
    ),
]


def checklist(platform: str) -> list[ChecklistItem]:
    """The platform's own settings (its registry entry), then the ones every account needs. Harbour's own
    pages (a hosted platform: consultations) have no account to secure, so only their own."""
    entry = registry.entry(platform)
    return [*entry.privacy_checklist, *([] if entry.hosted else GENERIC)]
