"""The demo's consent register for `harbour seed_demo`: made-up young people, their parents and carers, a
youth worker, the groups they belong to and the consents each has given, so that the register, the
publishing gate and the takedowns have something real to show at once.

- Maya Okafor (14) and her mother: photographs and first name, both consents in force.
- Leo Brennan (15): his own consent, his father's missing (a consent request waits for him).
- Aisha Rahman (13): both consents, then her mother withdrew consent for photographs.
- Jordan Price (12): never publish (set by the safeguarding lead; authors see only "do not publish").
- Ellie Shaw (17): her own and her carer's consent for photographs and her full name.
- Sam Taylor: a youth worker who agreed to appear in photographs.

Everyone here is invented. Made through the services with the demo's people as actors. Safe to run again:
a person is added only if nobody of that name is in the register.
"""

import datetime

from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.consent import services
from harbour.consent.models import (
    Decision,
    EvidenceKind,
    Group,
    NeverPublishReason,
    Person,
    PersonKind,
    Use,
)

GIVEN = Decision.GIVEN
GROUPS = ("Youth council", "Tuesday youth club")


def seed(organisation, members) -> None:
    author, lead = members[Role.AUTHOR], members[Role.SAFEGUARDING_LEAD]
    try:
        groups = _groups(organisation, author)
        _people(organisation, author, lead, groups)
    except NotAllowed:
        # Someone using the demo changed a demo person's role: the register stays as it is.
        return


def _groups(organisation, author) -> dict[str, Group]:
    have = {g.name: g for g in Group.objects.for_org(organisation)}
    for name in GROUPS:
        if name not in have:
            have[name] = services.add_group(organisation, by=author, name=name)
    return have


def _born(years: int, days: int = 40) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def _term() -> tuple[datetime.date, datetime.date]:
    """Consents from two months ago to the end of next summer."""
    today = timezone.localdate()
    return today - datetime.timedelta(days=60), datetime.date(today.year + 1, 8, 31)


def _person(organisation, author, groups=(), **fields) -> Person | None:
    """The new person, or None if someone of that name is already in the register."""
    if (
        Person.objects.for_org(organisation)
        .filter(first_name=fields["first_name"], last_name=fields.get("last_name", ""))
        .exists()
    ):
        return None
    return services.add_person(organisation, by=author, groups=groups, **fields)


def _consent(person, author, given_by, uses, *, decision=GIVEN):
    starts, expires = _term()
    return services.record_consent(
        person,
        by=author,
        given_by=given_by,
        decisions={use: decision for use in uses},
        starts=starts,
        expires=expires,
        evidence_kind=EvidenceKind.SIGNATURE,
        signed_name=given_by.full_name,
    )


def _family(organisation, author, groups, child: dict, parent: dict, relationship: str):
    young = _person(organisation, author, groups=groups, kind=PersonKind.YOUNG_PERSON, **child)
    if young is None:
        return None, None
    carer = _person(organisation, author, kind=PersonKind.PARENT, **parent)
    if carer is None:
        carer = Person.objects.for_org(organisation).get(
            first_name=parent["first_name"], last_name=parent["last_name"]
        )
    services.link_guardian(young, carer, by=author, relationship=relationship)
    return young, carer


def _people(organisation, author, lead, groups) -> None:
    council, club = groups["Youth council"], groups["Tuesday youth club"]
    photo_and_name = [Use.PHOTO, Use.FIRST_NAME]

    maya, mother = _family(
        organisation,
        author,
        [council],
        {"first_name": "Maya", "last_name": "Okafor", "date_of_birth": _born(14)},
        {"first_name": "Grace", "last_name": "Okafor", "email": "grace.okafor@example.com"},
        "Mother",
    )
    if maya:
        _consent(maya, author, maya, photo_and_name)
        _consent(maya, author, mother, photo_and_name)

    leo, _father = _family(
        organisation,
        author,
        [club],
        {"first_name": "Leo", "last_name": "Brennan", "date_of_birth": _born(15, days=200)},
        {"first_name": "Niall", "last_name": "Brennan", "email": "niall.brennan@example.com"},
        "Father",
    )
    if leo:
        _consent(leo, author, leo, photo_and_name)  # his father's is missing

    aisha, her_mother = _family(
        organisation,
        author,
        [council, club],
        {"first_name": "Aisha", "last_name": "Rahman", "date_of_birth": _born(13, days=90)},
        {"first_name": "Farah", "last_name": "Rahman", "email": "farah.rahman@example.com"},
        "Mother",
    )
    if aisha:
        _consent(aisha, author, aisha, photo_and_name)
        given = _consent(aisha, author, her_mother, photo_and_name)
        photo = next(c for c in given if c.use == Use.PHOTO)
        services.withdraw_consent(photo, by=author, note="Mrs Rahman phoned the centre to withdraw it.")

    jordan, _carer = _family(
        organisation,
        author,
        [club],
        {"first_name": "Jordan", "last_name": "Price", "date_of_birth": _born(12, days=150)},
        {"first_name": "Karen", "last_name": "Hughes"},
        "Foster carer",
    )
    if jordan:
        services.set_never_publish(
            jordan,
            by=lead,
            reason=NeverPublishReason.LOOKED_AFTER,
            note="Placement address must stay private.",
        )

    ellie, her_carer = _family(
        organisation,
        author,
        [council],
        {"first_name": "Ellie", "last_name": "Shaw", "age_band": "16_17"},
        {"first_name": "Tom", "last_name": "Shaw"},
        "Grandparent",
    )
    if ellie:
        _consent(ellie, author, ellie, [Use.PHOTO, Use.FULL_NAME])
        _consent(ellie, author, her_carer, [Use.PHOTO, Use.FULL_NAME])

    sam = _person(
        organisation, author, kind=PersonKind.ADULT, first_name="Sam", last_name="Taylor", role="Youth worker"
    )
    if sam:
        _consent(sam, author, sam, [Use.PHOTO, Use.FIRST_NAME])
