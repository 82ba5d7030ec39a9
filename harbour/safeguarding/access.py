"""Who reads which concern: the one place it is decided (views and services both ask here).

Safeguarding leads (members with Capability.HANDLE_CONCERNS) read every concern of their organisation,
except one about themselves: an allegation or a low-level concern names a member (`about_member`), who
never sees it, whatever their role. A member who raised a concern sees that it was received, by whom and
whether it is open (`raised_by`), never the record. Everyone else sees nothing; managers see counts
(Capability.COUNT_CONCERNS), never content.
"""

from django.db.models import QuerySet

from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.safeguarding.models import Concern


def readable_concerns(by: Membership | None) -> QuerySet[Concern]:
    """The concerns `by` may read in full."""
    if by is None or not by.is_active or not by.can(Capability.HANDLE_CONCERNS):
        return Concern.objects.none()
    return Concern.objects.filter(organisation_id=by.organisation_id).exclude(about_member=by)


def can_read(by: Membership | None, concern: Concern) -> bool:
    return (
        by is not None
        and by.is_active
        and by.can(Capability.HANDLE_CONCERNS)
        and concern.organisation_id == by.organisation_id
        and concern.about_member_id != by.pk
    )


def raised_by(by: Membership | None) -> QuerySet[Concern]:
    """What `by` raised, for the receipt: its status and who has it, never the record."""
    if by is None or not by.is_active:
        return Concern.objects.none()
    return Concern.objects.filter(organisation_id=by.organisation_id, raised_by=by)
