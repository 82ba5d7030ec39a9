"""Posts the organisation publishes: written once for one or more channels, proof read by someone
independent, then posted at their time (guidance 4.1, 4.2, 4.3, 6; docs/publishing.md).

- `Post`: the words, with a `Variant` per channel (its own text where the platform needs it), its
  `PostImage`s (assets from the media library, harbour/consent) and its `PostPerson`s (people from the
  consent register its words name or quote). `revision` moves on with every change to what would be published, and everyone who made
  such a change is one of its `contributors`: none of them may approve it.
- `PostVersion`: what was submitted for proof reading, frozen, with the hash of the exact text and media.
- `Review`: a proof reader's decision on one version (append-only, harbour/publishing/triggers.py), with
  `ReviewComment`s tied to the words they are about. An approval counts only for the version it names, so
  any change after approval needs approval again.
- `Publication`: one post going out on one channel, its attempt record: the idempotency key the connector
  sends, so the platform can be asked whether it arrived before a retry, and the outcome. Only the outcome
  fields change after it is written, through `harbour.jobs.claims.claim`.
"""

import hashlib
import json

from django.db import models
from django.db.models import Q
from django.utils import timezone

from harbour.accounts.models import Membership, Organisation
from harbour.accounts.tenancy import OrganisationQuerySet
from harbour.channels.models import Channel
from harbour.inbox.screened import ScreenedText

TITLE_LENGTH = 120
TEXT_LENGTH = 5_000  # longer than any platform takes: the limits check says what each channel allows
ALT_TEXT_LENGTH = 1_000  # Bluesky's and Mastodon's limits are higher; screen readers read it all
COMMENT_LENGTH = 2_000
MAX_IMAGES = 4  # the most any platform Harbour posts to takes in one post


class AppendOnlyError(RuntimeError):
    pass


class PostState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for proof reading"
    SCHEDULED = "scheduled", "Approved and scheduled"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Not published"  # one or more channels failed for good: see its publications


class PostQuerySet(models.QuerySet):
    def for_org(self, org):
        return self.filter(organisation=org)


class Post(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=TITLE_LENGTH)  # for the organisation only; never published
    text = models.TextField(max_length=TEXT_LENGTH)
    channels = models.ManyToManyField(Channel, through="Variant", related_name="+")
    # None: as soon as it is approved.
    publish_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=PostState.choices, default=PostState.DRAFT)
    # Moves on with every change to what would be published (text, channels, variants, images).
    revision = models.PositiveIntegerField(default=1)
    contributors = models.ManyToManyField(Membership, related_name="+")  # everyone who changed the words
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)  # when the last channel's copy went out

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "state"], name="publishing_post_state")]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:  # harbour.audit.events.object_label: never the post's words
        return f"Post #{self.pk}"

    @property
    def current_version(self) -> "PostVersion | None":
        return self.versions.order_by("-number").first()

    def text_for(self, channel_id: int) -> str:
        """What goes out on this channel: its variant's text, or the post's."""
        for variant in self.variants.all():
            if variant.channel_id == channel_id:
                return variant.text or self.text
        raise ValueError(f"post {self.pk} is not for channel {channel_id}")


class Variant(models.Model):
    """The post on one channel: its own text where the platform needs it ("" means the post's text), and
    who may reply to it there, where the platform offers a choice (PlatformEntry.reply_controls)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="variants")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=TEXT_LENGTH, blank=True)
    # The platform's own value (ReplyControl.value); "" where the platform offers no choice (and for a post
    # written before the choice existed, which goes out with the channel's own setting).
    reply_control = models.CharField(max_length=40, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["channel__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["post", "channel"], name="publishing_one_variant")]


class Shows(models.TextChoices):
    """Who can be seen in an image (guidance 6.4: signed permission for any young person shown)."""

    NOBODY = "nobody", "Nobody can be identified"
    ADULTS = "adults", "Adults only (staff, volunteers, partners) who agreed"
    YOUNG_PEOPLE = "young_people", "Young people"


class Source(models.TextChoices):
    """Where an image came from, and so the permission to post it (guidance 6.3: copyright)."""

    OWN = "own", "Our own photo or design"
    LICENSED = "licensed", "Licensed (stock library, bought)"
    CREATIVE_COMMONS = "creative_commons", "Creative Commons, with attribution"
    PERMISSION = "permission", "The owner gave us permission"
    UNKNOWN = "unknown", "Not known yet"


def licence_recorded(source: str, licence: str) -> bool:
    """Whether an image may be posted as far as copyright goes (guidance 6.3): the organisation's own, or a
    licence, attribution or permission written down. The one rule: the check panel and the media library."""
    return source == Source.OWN or (
        source in (Source.LICENSED, Source.CREATIVE_COMMONS, Source.PERMISSION) and bool(licence.strip())
    )


def image_path(image, filename: str) -> str:
    """Where a post's own images were stored before the media library (migration 0001 names it)."""
    return f"publishing/{image.organisation_id}/{filename}"


class PostImage(models.Model):
    """An image in a post: an asset from the organisation's media library (harbour/consent: saved again
    without EXIF or GPS, with its alt text, who is shown, who is tagged and its licence), at a position."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")
    asset = models.ForeignKey("consent.MediaAsset", on_delete=models.PROTECT, related_name="post_images")
    position = models.PositiveSmallIntegerField(default=0)
    added_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["post", "asset"], name="publishing_image_once")]

    def audit_label(self) -> str:
        return f"Image #{self.pk} of post #{self.post_id}"


class PostPerson(models.Model):
    """Someone in the consent register whom the post's words name or quote, tagged by the author: the
    consent gate needs their consent for that use (consent.models.Use: first name, full name, quote)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey("consent.Person", on_delete=models.PROTECT, related_name="post_tags")
    use = models.CharField(max_length=12)
    added_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["post", "person", "use"], name="publishing_person_once")
        ]


def content_hash(content: dict) -> str:
    """The SHA-256 of a version's content as canonical JSON: what an approval names."""
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def content_of(post: Post) -> dict:
    """What would be published: a version's content, and what its hash is of."""
    variants = list(post.variants.select_related("channel").order_by("channel_id"))
    images = list(post.images.select_related("asset").order_by("position", "pk"))
    people = list(post.people.order_by("person_id", "use"))
    return {
        "title": post.title,
        "text": post.text,
        # A channel's reply_control only where one is chosen, so that a version frozen before the choice
        # existed keeps its hash.
        "channels": [
            {"id": v.channel_id, "name": v.channel.name, "text": v.text}
            | ({"reply_control": v.reply_control} if v.reply_control else {})
            for v in variants
        ],
        "images": [
            {
                "asset": i.asset_id,
                "sha256": i.asset.sha256,
                "alt_text": i.asset.alt_text,
                "mime_type": i.asset.mime_type,
                "shows": i.asset.shows,
                "source": i.asset.source or Source.UNKNOWN,
                "licence": i.asset.licence,
            }
            for i in images
        ],
        "people": [{"person": p.person_id, "use": p.use} for p in people],
    }


class PostVersion(ScreenedText):
    """What was submitted for proof reading, frozen: `content` holds the title, text, each channel's text
    and each image's hash and alt text; `checks` the check panel as it stood; the screening fields the
    outgoing screen of every text in it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    revision = models.PositiveIntegerField()  # the post's revision it froze
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    checks = models.JSONField(default=list)
    submitted_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["post", "number"], name="publishing_version_number")]

    def audit_label(self) -> str:
        return f"Post #{self.post_id} version {self.number}"

    def texts(self) -> dict[int | None, str]:
        """What this version says where: None for the post's own text, and each channel's id for what
        goes out there (its own text, or the post's)."""
        text = self.content["text"]
        return {None: text, **{c["id"]: c["text"] or text for c in self.content["channels"]}}

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("A submitted version never changes: submit a new one")
        super().save(*args, **kwargs)


class Verdict(models.TextChoices):
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Sent back with comments"


class AppendOnlyQuerySet(OrganisationQuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Proof reading decisions are append-only")

    def delete(self):
        raise AppendOnlyError("Proof reading decisions cannot be deleted")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Proof reading decisions are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Proof reading decisions cannot be deleted")


class Review(AppendOnlyModel):
    """One proof reader's decision on one version: who, when, and the hash of exactly what they read."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="reviews")
    version = models.ForeignKey(PostVersion, on_delete=models.PROTECT, related_name="reviews")
    content_hash = models.CharField(max_length=64)
    reviewer = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    comments = models.TextField(max_length=COMMENT_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "reviewer"], name="publishing_one_review_each")
        ]

    def audit_label(self) -> str:
        return f"{self.get_verdict_display()}: post #{self.post_id}"


class ReviewComment(AppendOnlyModel):
    """A comment tied to words in the version: `channel` None for the post's text, else that channel's
    variant; `start`/`end` index the text, `quote` is the words (so the comment still reads if the text
    moves on)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="text_comments")
    channel = models.ForeignKey(Channel, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField(max_length=TEXT_LENGTH)
    comment = models.TextField(max_length=COMMENT_LENGTH)

    class Meta:
        ordering = ["start", "pk"]


class PublicationState(models.TextChoices):
    PENDING = "pending", "Scheduled"
    RUNNING = "running", "Posting"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"  # the post changed or was taken back before it went out


# The only fields that change after a publication is written, and only through claims.claim.
OUTCOME_FIELDS = frozenset(
    {
        "state",
        "attempts",
        "next_try_at",
        "started_at",
        "finished_at",
        "platform_id",
        "url",
        "error",
        "what_to_do",
    }
)


class PublicationQuerySet(models.QuerySet):
    def for_org(self, org):
        return self.filter(organisation=org)

    def update(self, **kwargs):
        changed = sorted(set(kwargs) - OUTCOME_FIELDS)
        if changed:
            raise AppendOnlyError(f"A publication's request never changes: {', '.join(changed)}")
        return super().update(**kwargs)


def publish_key() -> str:
    """The idempotency key a publication sends with the post (PublishRequest.key): a fresh Bluesky TID,
    which is also a valid Mastodon Idempotency-Key."""
    from harbour.connectors.base import new_publish_key

    return new_publish_key()


class Publication(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="publications")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="publications")
    version = models.ForeignKey(PostVersion, on_delete=models.PROTECT, related_name="publications")
    key = models.CharField(max_length=64, unique=True, default=publish_key)
    publish_at = models.DateTimeField()  # its time when approved; next_try_at moves with retries
    created_at = models.DateTimeField(default=timezone.now)

    # The outcome (see the module's docstring).
    state = models.CharField(
        max_length=10, choices=PublicationState.choices, default=PublicationState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    platform_id = models.CharField(max_length=500, blank=True)
    url = models.URLField(max_length=500, blank=True)
    error = models.TextField(blank=True)
    what_to_do = models.TextField(blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["publish_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "channel"],
                condition=~Q(state="cancelled"),  # a failed one is tried again as itself (try_again)
                name="publishing_once_per_channel",
            )
        ]
        indexes = [
            models.Index(fields=["state", "next_try_at"], name="publishing_due"),
            models.Index(fields=["channel", "state", "finished_at"], name="publishing_channel_posts"),
        ]

    def __str__(self) -> str:
        return f"Post #{self.post_id} on {self.channel}"

    def audit_label(self) -> str:
        return f"Post #{self.post_id} on channel #{self.channel_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("A publication's request never changes: claim its outcome instead")
        super().save(*args, **kwargs)
