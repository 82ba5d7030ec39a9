"""The demo's data protection records for `harbour seed_demo`: the organisation's retention rules, and two
subject access requests (harbour/consent/demo.py's invented people), so that both paths show at once:

- Grace Okafor asked what is held about her daughter Maya: ready for the manager to download.
- Jordan Price's foster carer asked what is held about him: Jordan is flagged never publish, so the request
  waits for a safeguarding lead's review before anything is released (docs/safeguarding.md rule 31).

Made through the services with the demo's manager. Safe to run again: each is added only where missing.
"""

from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.consent.models import Person
from harbour.privacy import retention, services
from harbour.privacy.models import CountsFrom, RecordKind, RetentionPolicy, SubjectAccessRequest, Unit

RULES = [
    (RecordKind.CONSENT, 6, Unit.YEARS, CountsFrom.CONSENT_ENDED),
    (RecordKind.EVIDENCE, 6, Unit.YEARS, CountsFrom.WITH_CONSENT),
    (RecordKind.MEDIA, 3, Unit.YEARS, CountsFrom.LAST_USE),
    (RecordKind.POST, 2, Unit.YEARS, CountsFrom.PUBLISHED),
]
REQUESTS = [
    ("Maya", "Okafor", "Grace Okafor, her mother"),
    ("Jordan", "Price", "Karen Hughes, his foster carer"),
]


def seed(organisation, members) -> None:
    manager = members[Role.MANAGER]
    try:
        for kind, period, unit, counts_from in RULES:
            if not RetentionPolicy.objects.filter(organisation=organisation, kind=kind).exists():
                retention.set_rule(
                    organisation, by=manager, kind=kind, period=period, unit=unit, counts_from=counts_from
                )
        for first, last, requester in REQUESTS:
            person = Person.objects.for_org(organisation).filter(first_name=first, last_name=last).first()
            if person is None or SubjectAccessRequest.objects.filter(person=person).exists():
                continue
            services.open_access_request(
                organisation, by=manager, person=person, requester=requester, received_on=timezone.localdate()
            )
    except (NotAllowed, ValueError):
        # Someone using the demo changed the manager's role, or the rules: the records stay as they are.
        return
