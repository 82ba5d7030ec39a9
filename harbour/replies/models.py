"""Saved replies: the organisation's own library of replies, privacy advice among them (guidance 5.3)."""

from django.db import models
from django.utils import timezone

from harbour.accounts.models import Membership, Organisation
from harbour.inbox.screened import ScreenedText

TITLE_LENGTH = 100
TEXT_LENGTH = 1_000  # a reply still has to fit the channel's platform when it is sent


class ReplyKind(models.TextChoices):
    GENERAL = "general", "General reply"
    PRIVACY_ADVICE = "privacy_advice", "Privacy advice"


class AdviceTopic(models.TextChoices):
    """The kind of personal information a piece of privacy advice is for (services.TOPIC_OF_DETECTOR)."""

    ANY = "", "Any personal information"
    PHONE = "phone", "A phone number or email address"
    ADDRESS = "address", "A home address or postcode"
    SCHOOL = "school", "The name of a school"
    AGE_PLACE = "age_place", "An age, a birthday or a place to meet"
    ADD_ME = "add_me", "“Add me on…” or a username on another app"


class SavedReplyQuerySet(models.QuerySet):
    def for_org(self, organisation):
        return self.filter(organisation=organisation)


class SavedReply(ScreenedText):
    """A reply the organisation keeps to send again. Its text is screened as an outgoing draft and its
    reading age measured whenever it is saved (services.save_reply)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=TITLE_LENGTH)
    text = models.TextField(max_length=TEXT_LENGTH)
    kind = models.CharField(max_length=20, choices=ReplyKind.choices, default=ReplyKind.GENERAL)
    topic = models.CharField(max_length=20, choices=AdviceTopic.choices, default=AdviceTopic.ANY, blank=True)
    active = models.BooleanField(default=True)
    reading_age = models.DecimalField(max_digits=4, decimal_places=1, default=0)
    created_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = SavedReplyQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title", "pk"]
        indexes = [models.Index(fields=["organisation", "kind", "active"], name="replies_by_kind")]

    def __str__(self) -> str:
        return self.title

    @property
    def whole_reading_age(self) -> int:
        return round(self.reading_age)
