"""What Harbour keeps about a channel's connection to a Meta account (harbour/channels/oauth.py): which
account, who connected it and when, the permissions Meta granted and when the token stops working. The
token itself is a Credential (encrypted), never here."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from harbour.accounts.models import Organisation
from harbour.accounts.tenancy import OrganisationQuerySet

# What each permission lets Harbour do, in words for the manager (Meta's permissions reference).
PERMISSION_WORDS = {
    "instagram_basic": "Read the Instagram account's profile and posts",
    "instagram_manage_comments": "Read, hide, delete and reply to comments on the Instagram account's posts",
    "instagram_manage_messages": "Read and answer the Instagram account's direct messages",
    "instagram_content_publish": "Publish approved posts (images, carousels and reels) to the Instagram account",
    "pages_show_list": "See which Pages you manage, to pick one",
    "pages_read_engagement": "Read the Page's posts and the comments on them",
    "pages_read_user_content": "Read what visitors post on the Page, and comments by others",
    "pages_manage_engagement": "Hide, delete and reply to comments on the Page",
    "pages_manage_posts": "Publish and delete the Page's posts",
    "pages_manage_metadata": "Subscribe the Page to Harbour's webhook, so comments arrive at once",
    "pages_messaging": "Read and answer the Page's messages",
    "business_management": "Reach a Page or account that a Business Portfolio owns",
    "threads_basic": "Read the Threads profile and posts (needed for everything else)",
    "threads_read_replies": "Read replies to the account's threads",
    "threads_manage_replies": "Reply, and hide or show replies to the account's threads",
    "threads_manage_mentions": "Read posts that mention the account",
    "threads_content_publish": "Publish threads as the account",
    "threads_delete": "Delete the account's own threads and replies",
}


def permission_rows(granted, declined=()) -> list[tuple[str, str, str]]:
    """(permission, what it allows, "Granted" | "Declined") for the channel page."""
    rows = [(p, PERMISSION_WORDS.get(p, "Not used by Harbour"), "Granted") for p in sorted(granted)]
    return rows + [(p, PERMISSION_WORDS.get(p, "Not used by Harbour"), "Declined") for p in sorted(declined)]


# How long before the token or its data access ends the channel page warns, and managers are reminded.
WARN_DAYS = 14


class MetaConnection(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    channel = models.OneToOneField(
        "channels.Channel", on_delete=models.CASCADE, related_name="meta_connection"
    )
    account_id = models.CharField(max_length=40)
    account_name = models.CharField(max_length=300)  # from Meta: shown inside <bdi>
    permissions = models.JSONField(default=list)  # granted, as Meta names them
    declined = models.JSONField(default=list)
    expires_at = models.DateTimeField(null=True, blank=True)  # None: the token does not expire
    data_access_expires_at = models.DateTimeField(null=True, blank=True)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    connected_at = models.DateTimeField(default=timezone.now)
    # The end (ends_at) the managers were last reminded of: one reminder for each end, however often the
    # daily job runs; connecting again gives a new end, and so a new reminder before it.
    reminded_for = models.DateTimeField(null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Meta connection of channel {self.channel_id}"

    @property
    def ends_at(self):
        """When the connection stops working: the sooner of the token's expiry and its data access."""
        ends = [when for when in (self.expires_at, self.data_access_expires_at) if when]
        return min(ends) if ends else None

    def permission_rows(self) -> list[tuple[str, str, str]]:
        return permission_rows(self.permissions, self.declined)

    def ending_soon(self, now=None) -> bool:
        ends = self.ends_at
        return ends is not None and ends - (now or timezone.now()) <= timedelta(days=WARN_DAYS)
