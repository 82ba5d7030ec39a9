"""Changes people make to the inbox, each with its audit event. `by` is the acting Membership, whose
organisation and capability (harbour/accounts/capabilities.py) each service checks itself."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.audit.services import record
from harbour.channels.models import Channel, Status
from harbour.connectors.base import Batch
from harbour.connectors.file_import.parse import parse_export, unreadable_file
from harbour.connectors.platform import Delivery
from harbour.inbox.ingest import store_pushed
from harbour.inbox.models import Item


class FileUnreadable(Exception):
    """Nothing in an uploaded file could be stored; str() says why. batch has the rows' problems."""

    def __init__(self, message: str, batch: Batch):
        super().__init__(message)
        self.batch = batch


@dataclass
class ImportResult:
    stored: int
    batch: Batch

    @property
    def already_had(self) -> int:
        return len(self.batch.items) - self.stored

    @property
    def skipped(self) -> int:
        """Rows that could not be read (each is one of batch.problems)."""
        return len(self.batch.problems)


def import_file(channel: Channel, data: bytes, filename: str, *, by: Membership) -> ImportResult:
    """Screen and store the comments in a CSV or JSON export. Bad rows are listed and the rest kept;
    rows already imported are not stored twice. A file with nothing to store raises FileUnreadable.

    Not one transaction around it all: the comments are screened before the write transaction opens
    (ingest.store_batch), and the audit event is written inside it, with the comments."""
    if not by.can(Capability.IMPORT_ITEMS) or by.organisation_id != channel.organisation_id:
        raise NotAllowed("Only managers, moderators and safeguarding leads can import comments.")
    if not can_import_into(channel, by):
        raise NotAllowed(
            "Only the channel's own moderators and owners, managers and safeguarding leads can import into it."
        )
    if channel.platform_entry.delivery != Delivery.UPLOADED:
        raise NotAllowed("Only a file import channel takes uploaded files.")
    if channel.status != Status.ACTIVE:
        raise NotAllowed("The channel must be active before comments are imported into it.")
    batch = parse_export(data, filename)
    unreadable = unreadable_file(batch)
    if unreadable:
        raise FileUnreadable(unreadable, batch)

    def audit(stored: int) -> None:
        record(
            "channel.items_imported",
            by=by.user,
            obj=channel,
            detail={
                "file": filename[:200],
                "bytes": len(data),
                "rows": len(batch.items),
                "stored": stored,
                "problems": len(batch.problems),
            },
        )

    stored = store_pushed(channel, batch, within=audit)
    return ImportResult(stored, batch)


def readable_channels(membership: Membership) -> QuerySet[Channel]:
    """The channels of the member's organisation whose items they may read: every one with
    READ_EVERY_CHANNEL; otherwise, with VIEW_INBOX, only those they own or moderate, since a channel's
    direct messages are for the people named to look after it (guidance 3.1); none without VIEW_INBOX."""
    channels = Channel.objects.filter(organisation_id=membership.organisation_id)
    if membership.can(Capability.READ_EVERY_CHANNEL):
        return channels
    if not membership.can(Capability.VIEW_INBOX):
        return channels.none()
    return channels.filter(Q(owners=membership) | Q(moderators=membership)).distinct()


def can_import_into(channel: Channel, membership: Membership) -> bool:
    """Importing adds to the channel's inbox: only those who read that inbox may do it."""
    return (
        membership.can(Capability.IMPORT_ITEMS)
        and readable_channels(membership).filter(pk=channel.pk).exists()
    )


def readable_items(membership: Membership) -> QuerySet[Item]:
    """The items the member may read: the base of every inbox list, count and page."""
    items = Item.objects.filter(organisation_id=membership.organisation_id)
    if membership.can(Capability.READ_EVERY_CHANNEL):
        return items
    return items.filter(channel__in=readable_channels(membership).values("pk"))


def can_read(membership: Membership, item: Item) -> bool:
    return readable_items(membership).filter(pk=item.pk).exists()
