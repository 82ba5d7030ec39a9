"""What Harbour knows about each kind of platform a channel can run on."""

from django.db import models


class Platform(models.TextChoices):
    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"
    FILE_IMPORT = "file_import", "File import (CSV or JSON export)"
    WEBHOOK = "webhook", "Webhook (another system sends items)"
    DEMO = "demo", "Demonstration feed"


# The platform's own minimum age, offered as the starting value of a channel's age rating (guidance 2.3).
# Bluesky's terms set 13. Each Mastodon server sets its own (mastodon.social asks for 16), so the
# proposer must check the server's rules. An import or webhook has no platform rules of its own.
MINIMUM_AGE = {
    Platform.BLUESKY: 13,
    Platform.MASTODON: 16,
    Platform.DEMO: 13,
}

# Platforms that send Harbour their items (an uploaded file, a signed webhook): never polled.
PUSHED = (Platform.FILE_IMPORT, Platform.WEBHOOK)

# Platforms where Harbour signs in to an account and so holds a credential.
CREDENTIAL_KINDS = {
    Platform.BLUESKY: ("app_password",),
    Platform.MASTODON: ("access_token",),
    Platform.WEBHOOK: ("webhook_secret",),
    Platform.FILE_IMPORT: (),
    Platform.DEMO: (),
}

# Where the organisation reports a post that breaks the rules, in the disclaimer's words: the platform's
# own reporting route, never its name in Harbour ("Demonstration feed" is no place to report to).
REPORT_TO = {
    Platform.BLUESKY: "Bluesky's moderation team",
    Platform.MASTODON: "the moderators of the Mastodon server where it was posted",
    Platform.FILE_IMPORT: "the site where it was posted",
    Platform.WEBHOOK: "the site where it was posted",
    Platform.DEMO: "the site where it was posted",
}
