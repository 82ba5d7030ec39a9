"""What training each member has, and what is due (guidance section 7). Changes go through services.py."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from harbour.accounts.access import TRAINING_FOR, Gap, training_gaps
from harbour.accounts.capabilities import role_can
from harbour.accounts.models import Membership, TrainingRecord


def required_permissions(role: str) -> list[str]:
    return [name for name in TRAINING_FOR if role_can(role, name)]


@dataclass
class MemberTraining:
    membership: Membership
    records: list[TrainingRecord]
    due: list[Gap] = field(default_factory=list)  # needed for their role, and missing or expired
    expiring: list[TrainingRecord] = field(default_factory=list)  # still valid, but not for 30 more days

    @property
    def up_to_date(self) -> bool:
        return not self.due


def member_training(membership: Membership, today: datetime.date | None = None) -> MemberTraining:
    today = today or timezone.localdate()
    records = list(
        TrainingRecord.objects.filter(membership=membership, organisation_id=membership.organisation_id)
        .select_related("course", "verified_by", "membership")
        .order_by("-completed_on")
    )
    due: dict[str, Gap] = {}
    for permission in required_permissions(membership.role):
        for gap in training_gaps(membership, permission, today):
            due.setdefault(gap.kind, gap)
    # Only the newest record of each course counts as expiring: an older one renewed since is no worry.
    newest = {}
    for training in records:
        newest.setdefault(training.course_id, training)
    expiring = [t for t in newest.values() if t.status(today) == "expiring"]
    return MemberTraining(membership, records, list(due.values()), expiring)
