"""The demo's referral contacts and its closed concern, for `harbour seed_demo` (called from
harbour/safeguarding/demo.py): the Derby and Derbyshire contacts (destinations.DERBY_AND_DERBYSHIRE), and a
disclosure that was referred to Derby's children's social care front door, given its reference, and closed
with an outcome and the reason for it.

Made through the services with the demo's safeguarding lead and moderator as actors; safe to run again (the
contacts are added only where missing, and an organisation with any referral already gets no concern), and
it gives up quietly when the people it needs are not there as the demo left them.
"""

import datetime

from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.safeguarding import destinations, services
from harbour.safeguarding.models import Category, Destination, DestinationKind, Referral, Severity

SUMMARY = (
    "A young person wrote to the page in a private message that they had been left at home on their own for "
    "four days with no food in the house, and asked us not to tell anyone."
)
FRONT_DOOR = "Derby City Children's Social Care: Initial Response Team"


def seed(organisation, members) -> None:
    lead, moderator = members.get(Role.SAFEGUARDING_LEAD), members.get(Role.MODERATOR)
    if lead is None or moderator is None:
        return
    try:
        destinations.add_derby_and_derbyshire(organisation, by=lead)
        front_door = Destination.objects.filter(
            organisation=organisation,
            kind=DestinationKind.CHILDRENS_SOCIAL_CARE,
            name=FRONT_DOOR,
            active=True,
        ).first()
        if front_door is None or Referral.objects.filter(organisation=organisation).exists():
            return
        _closed_concern(organisation, lead, moderator, front_door)
    except (NotAllowed, ValueError):
        # Someone using the demo changed a demo person's role or their training: leave it as it is.
        return


def _closed_concern(organisation, lead, moderator, front_door) -> None:
    now = timezone.now()
    concern = services.raise_concern(
        organisation, by=moderator, summary=SUMMARY, category=Category.DISCLOSURE, severity=Severity.HIGH
    )
    services.open_concern(concern, by=lead)
    services.add_entry(
        concern,
        by=lead,
        version=concern.version,
        kind="action",
        text="Rang the young person's youth worker, who saw them at the drop-in that evening: they were safe, "
        "and had been eating at a friend's house.",
        happened_at=now - datetime.timedelta(minutes=50),
    )
    services.add_entry(
        concern,
        by=lead,
        version=concern.version + 1,
        kind="decision",
        text="Refer to children's social care today, without asking the family first.",
        reason="Neglect over several days; asking a parent first could put the young person at risk.",
        happened_at=now - datetime.timedelta(minutes=40),
    )
    referral = services.record_referral(
        concern,
        by=lead,
        version=concern.version + 2,
        destination=front_door,
        made_at=now - datetime.timedelta(minutes=30),
        shared="What the young person wrote, their first name and age, the youth worker's name, and what we "
        "have done so far.",
        lawful_basis="safeguarding",
        reason="A young person at risk of neglect: social care decide whether to assess.",
    )
    services.add_reference(referral, by=lead, reference="IRT-DEMO-0427")
    services.close(
        concern,
        by=lead,
        version=concern.version + 3,
        outcome="Social care accepted the referral and allocated a social worker; the youth worker stays in "
        "touch with the young person each week.",
        reason="The front door confirmed the assessment has started, and the young person knows who to talk to.",
    )
