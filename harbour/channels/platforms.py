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

# Platforms where Harbour signs in to an account and so holds a credential.
CREDENTIAL_KINDS = {
    Platform.BLUESKY: ("app_password",),
    Platform.MASTODON: ("access_token",),
    Platform.WEBHOOK: ("webhook_secret",),
    Platform.FILE_IMPORT: (),
    Platform.DEMO: (),
}
