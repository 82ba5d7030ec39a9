"""Where an organisation refers concerns: its own list of contacts (docs/safeguarding.md rule 13: local
arrangements differ, so nothing is hard-coded), changed only through the services here, each audited.

DERBY_AND_DERBYSHIRE is the set from docs/safeguarding.md section 2, for the demo organisation and for any
organisation in Derby or Derbyshire to start from ("Add the Derby and Derbyshire contacts"). Only what that
page marks verified is given as a number or an address; anything it could not confirm is left out and said
so in the notes ("number to confirm"), never guessed.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction

from harbour.accounts.access import require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership, Organisation
from harbour.audit.services import record
from harbour.forms import limit
from harbour.safeguarding.models import Destination, DestinationKind

REFUSAL = "Only a safeguarding lead can change where concerns are referred."
FIELDS = ("kind", "name", "phone", "email", "url", "notes")


@dataclass(frozen=True)
class Contact:
    kind: DestinationKind
    name: str
    phone: str = ""
    email: str = ""
    url: str = ""
    notes: str = ""


DERBY_AND_DERBYSHIRE = (
    Contact(
        DestinationKind.POLICE_EMERGENCY,
        "Police: 999",
        phone="999",
        notes="A child in immediate danger, or a crime happening now.",
    ),
    Contact(
        DestinationKind.POLICE,
        "Police: 101",
        phone="101",
        notes="The police when it is not an emergency; also how a concern about radicalisation reaches Prevent "
        "when no Prevent contact is listed here.",
    ),
    Contact(
        DestinationKind.CHILDRENS_SOCIAL_CARE,
        "Derby City Children's Social Care: Initial Response Team",
        phone="01332 641172",
        url="https://derbycsc.proceduresonline.com/p_first_contact_team.html",
        notes="Derby city's front door (formerly the First Contact Team). A phone referral is followed up online "
        "within 48 hours. Out of hours (17:00 to 09:00 Monday to Friday, all day at weekends and on bank "
        "holidays) the Derby City Care Line takes calls: its number is unverified, to confirm before use.",
    ),
    Contact(
        DestinationKind.CHILDRENS_SOCIAL_CARE,
        "Call Derbyshire (Derbyshire County Council)",
        phone="01629 532600",
        url="https://derbyshirecaya.proceduresonline.com/p_call_ref.html",
        notes="Derbyshire county, not the city. For significant harm, also out of hours; otherwise a Starting "
        "Point online request. Checked against 2021 text.",
    ),
    Contact(
        DestinationKind.PARTNERSHIP,
        "Derby and Derbyshire Safeguarding Children Partnership (DDSCP)",
        url="https://ddscp.org.uk",
        notes="The local safeguarding partnership: its procedures are at derbyshirescbs.proceduresonline.com, "
        "now also derbyshirescp.trixonline.co.uk (which is current is unverified).",
    ),
    Contact(
        DestinationKind.LADO,
        "Derby City LADO (Local Authority Designated Officer)",
        notes="Number to confirm: Harbour has no verified number for Derby's LADO yet; ask the Initial Response "
        "Team. An allegation about a member of staff or a volunteer goes to the LADO within one working day.",
    ),
    Contact(
        DestinationKind.CEOP,
        "CEOP Safety Centre",
        url="https://www.ceop.police.uk/Safety-Centre/",
        notes="Online sexual abuse and grooming: sexual chat, requests for images, webcam acts, requests to meet, "
        "sextortion. Not bullying, fake accounts or hacking. Reports are not anonymous. Immediate danger: 999.",
    ),
    Contact(
        DestinationKind.IWF,
        "Internet Watch Foundation",
        url="https://iwf.org.uk/report",
        notes="Anonymous reports of child sexual abuse imagery, by web address only: never attach, upload or "
        "send an image.",
    ),
    Contact(
        DestinationKind.REPORT_REMOVE,
        "Report Remove (Childline and the IWF)",
        url="https://www.childline.org.uk",
        notes="Helps a young person under 18 report a nude image of themselves to have it taken down. They "
        "use it themselves, with a Childline account (age checked with Yoti from 13). Staff never upload the "
        "image for them.",
    ),
    Contact(
        DestinationKind.REPORT_HARMFUL_CONTENT,
        "Report Harmful Content",
        url="https://reportharmfulcontent.com",
        notes="Legal but harmful content, bullying and impersonation, for 13 and over (under-13s through a "
        "parent). Report to the platform first; it can help after 48 hours (from a 2019 source).",
    ),
    Contact(
        DestinationKind.PLATFORM,
        "The platform's own reporting",
        notes="Report the post or account on the platform itself: bullying, impersonation, fake or hacked "
        "accounts. Harbour's moderation actions include reporting on Bluesky and Mastodon.",
    ),
    Contact(
        DestinationKind.EXPLOITATION_SERVICE,
        "Safe and Sound (Derby)",
        url="https://safeandsoundgroup.org.uk",
        notes="Child exploitation (sexual and criminal exploitation, county lines, online grooming, "
        "trafficking); takes referrals from young people, families and professionals. 8 Bold Lane, Derby. "
        "Phone number to confirm (unverified).",
    ),
    Contact(
        DestinationKind.OTHER,
        "Professionals Online Safety Helpline",
        phone="0344 381 4772",
        email="helpline@saferinternet.org.uk",
        notes="Advice for the children's workforce on online safety, including bullying and fake accounts. "
        "Monday to Friday, 10:00 to 16:00.",
    ),
)


def active_destinations(organisation_id: int):
    return Destination.objects.filter(organisation_id=organisation_id, active=True)


def _check(values: dict) -> dict:
    """The contact's fields cleaned as a form would; ValueError with a sentence."""
    cleaned = {name: str(values.get(name) or "").strip() for name in FIELDS}
    try:
        cleaned["kind"] = DestinationKind(cleaned["kind"])
    except ValueError:
        raise ValueError("Choose what kind of contact it is.") from None
    if not cleaned["name"]:
        raise ValueError("Enter the contact's name.")
    for name in FIELDS[1:]:
        if len(cleaned[name]) > limit(Destination, name):
            raise ValueError(f"Keep the {name} to {limit(Destination, name):,} characters or fewer.")
    try:
        if cleaned["email"]:
            EmailValidator()(cleaned["email"])
        if cleaned["url"]:
            URLValidator(schemes=["https", "http"])(cleaned["url"])
    except ValidationError as exc:
        raise ValueError("Enter a real e-mail address and web address, or leave them empty.") from exc
    return cleaned


@transaction.atomic(durable=True)
def add_destination(organisation: Organisation, *, by: Membership, **values) -> Destination:
    require(by, Capability.HANDLE_CONCERNS, organisation.pk, REFUSAL)
    destination = Destination.objects.create(organisation=organisation, **_check(values))
    record(
        "safeguarding.destination_added",
        by=by.user,
        organisation=organisation,
        obj=destination,
        detail={"kind": destination.kind},
    )
    return destination


@transaction.atomic(durable=True)
def change_destination(destination: Destination, *, by: Membership, **values) -> Destination:
    """Change a contact's details. Referrals already made keep the name and kind they were made to."""
    require(by, Capability.HANDLE_CONCERNS, destination.organisation_id, REFUSAL)
    destination = Destination.objects.select_for_update().get(pk=destination.pk)
    cleaned = _check({name: values.get(name, getattr(destination, name)) for name in FIELDS})
    changed = sorted(name for name, value in cleaned.items() if getattr(destination, name) != value)
    if not changed:
        return destination
    for name, value in cleaned.items():
        setattr(destination, name, value)
    destination.save(update_fields=changed)
    record(
        "safeguarding.destination_changed",
        by=by.user,
        organisation=destination.organisation,
        obj=destination,
        detail={"changed": changed},
    )
    return destination


@transaction.atomic(durable=True)
def set_destination_active(destination: Destination, active: bool, *, by: Membership) -> Destination:
    """Retire a contact (the picker and the referral form stop offering it; referrals made to it stay) or
    use it again."""
    require(by, Capability.HANDLE_CONCERNS, destination.organisation_id, REFUSAL)
    destination = Destination.objects.select_for_update().get(pk=destination.pk)
    if destination.active == active:
        return destination
    destination.active = active
    destination.save(update_fields=["active"])
    record(
        "safeguarding.destination_restored" if active else "safeguarding.destination_retired",
        by=by.user,
        organisation=destination.organisation,
        obj=destination,
    )
    return destination


def missing_starters(organisation_id: int) -> list[Contact]:
    """The Derby and Derbyshire contacts this organisation does not have yet (by name, retired ones too)."""
    have = set(Destination.objects.filter(organisation_id=organisation_id).values_list("name", flat=True))
    return [contact for contact in DERBY_AND_DERBYSHIRE if contact.name not in have]


@transaction.atomic(durable=True)
def add_derby_and_derbyshire(organisation: Organisation, *, by: Membership) -> int:
    """Add the Derby and Derbyshire contacts the organisation lacks; how many were added. Safe to repeat."""
    require(by, Capability.HANDLE_CONCERNS, organisation.pk, REFUSAL)
    missing = missing_starters(organisation.pk)
    Destination.objects.bulk_create(
        Destination(organisation=organisation, **_check(contact.__dict__)) for contact in missing
    )
    if missing:
        record(
            "safeguarding.destinations_starters_added",
            by=by.user,
            organisation=organisation,
            detail={"rows": len(missing)},
        )
    return len(missing)
