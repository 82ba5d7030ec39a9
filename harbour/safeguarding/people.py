"""Young people and allegations about adults: the records a safeguarding lead keeps about a child across
channels and platforms, their chronology, and the LADO timer of an allegation about a member of staff.

A young person record (docs/safeguarding.md rule 9) is a name or a pseudonym, an optional date of birth and
the platform authors that are that child; its chronology reads every concern linked to them, or raised
about one of their authors, as one list in date order. Only safeguarding leads (Capability.HANDLE_CONCERNS)
keep them, and a chronology leaves out any concern the reader may not read (harbour/safeguarding/access.py:
an allegation about the reader). Changes are audited by number (`YoungPerson.audit_label`), never by name.

An allegation about a member of staff or a volunteer goes to the LADO within one working day (rule 14):
`lado_timer` says when that is due and whether a referral to a LADO destination has been recorded. Working
days are Monday to Friday less England and Wales bank holidays (BANK_HOLIDAYS, below).

Linking a concern to a young person changes the concern, so it is services.link_young_person.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from harbour.accounts.access import NotAllowed, require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership, Organisation
from harbour.audit.services import record
from harbour.inbox.models import Author
from harbour.safeguarding import access
from harbour.safeguarding.models import Category, Concern, DestinationKind, YoungPerson

NAME_LENGTH = 200
OLDEST = 30  # years: a care leaver or a young adult with SEND may still be worked with into their twenties
SEARCH_LIMIT = 20

# England and Wales bank holidays, from https://www.gov.uk/bank-holidays (its bank-holidays.json), with the
# substitute days where a holiday falls at a weekend. Add the next year's when gov.uk publishes it:
# tests/safeguarding/test_people.py fails once fewer than twelve months are left in this table.
BANK_HOLIDAYS_UNTIL = datetime.date(2028, 12, 31)
BANK_HOLIDAYS = frozenset(
    datetime.date.fromisoformat(day)
    for day in (
        "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25",
        "2026-12-28",
        "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27",
        "2027-12-28",
        "2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28", "2028-12-25",
        "2028-12-26",
    )
)  # fmt: skip


def _lead(by: Membership, organisation_id: int, refusal: str) -> None:
    require(by, Capability.HANDLE_CONCERNS, organisation_id, refusal)


# Young person records


def _clean_name(name) -> str:
    name = str(name or "").strip()
    if not name:
        raise ValueError("Enter the young person's name or a pseudonym.")
    if len(name) > NAME_LENGTH:
        raise ValueError(f"Keep the name to {NAME_LENGTH} characters or fewer.")
    return name


def _clean_date_of_birth(value: datetime.date | None) -> datetime.date | None:
    if value is None:
        return None
    today = timezone.localdate()
    if value > today:
        raise ValueError("A date of birth must be in the past.")
    if age(value, today) > OLDEST:
        raise ValueError(
            f"Harbour keeps records of children and young people up to {OLDEST}: check the year."
        )
    return value


@transaction.atomic(durable=True)
def add_young_person(
    organisation: Organisation, *, by: Membership, name: str, date_of_birth: datetime.date | None = None
) -> YoungPerson:
    """A new young person record: a name or a pseudonym, and a date of birth if it is known. Raises
    NotAllowed (not a safeguarding lead here) or ValueError with a sentence."""
    _lead(by, organisation.pk, "Only a safeguarding lead can keep young people's records.")
    young_person = YoungPerson.objects.create(
        organisation=organisation,
        name=_clean_name(name),
        date_of_birth=_clean_date_of_birth(date_of_birth),
        created_by=by,
    )
    record("safeguarding.young_person_added", by=by.user, organisation=organisation, obj=young_person)
    return young_person


@transaction.atomic(durable=True)
def change_young_person(
    young_person: YoungPerson, *, by: Membership, name: str, date_of_birth: datetime.date | None
) -> YoungPerson:
    """Change the name or date of birth; the audit event says which changed, never to what."""
    _lead(by, young_person.organisation_id, "Only a safeguarding lead can change a young person's record.")
    current = YoungPerson.objects.select_for_update().get(pk=young_person.pk)
    name, date_of_birth = _clean_name(name), _clean_date_of_birth(date_of_birth)
    changed = [
        field
        for field, value in (("name", name), ("date_of_birth", date_of_birth))
        if getattr(current, field) != value
    ]
    if changed:
        current.name, current.date_of_birth = name, date_of_birth
        current.save(update_fields=changed)
        record(
            "safeguarding.young_person_changed",
            by=by.user,
            organisation=current.organisation,
            obj=current,
            detail={"changed": changed},
        )
    return current


def _same_organisation(young_person: YoungPerson, author: Author) -> None:
    if author.organisation_id != young_person.organisation_id:
        raise NotAllowed("Choose an account from your own organisation's channels.")


@transaction.atomic(durable=True)
def link_author(young_person: YoungPerson, author: Author, *, by: Membership) -> YoungPerson:
    """Say that a platform author is this young person: the concerns about that author join their
    chronology. Linking one already linked does nothing."""
    _lead(by, young_person.organisation_id, "Only a safeguarding lead can change a young person's record.")
    _same_organisation(young_person, author)
    current = YoungPerson.objects.select_for_update().get(pk=young_person.pk)
    if not current.authors.filter(pk=author.pk).exists():
        current.authors.add(author)
        record(
            "safeguarding.young_person_author_linked",
            by=by.user,
            organisation=current.organisation,
            obj=current,
            detail={"platform": author.platform},
        )
    return current


@transaction.atomic(durable=True)
def unlink_author(young_person: YoungPerson, author: Author, *, by: Membership) -> YoungPerson:
    """Take a platform author off the record (linked in error): their concerns leave the chronology."""
    _lead(by, young_person.organisation_id, "Only a safeguarding lead can change a young person's record.")
    _same_organisation(young_person, author)
    current = YoungPerson.objects.select_for_update().get(pk=young_person.pk)
    if current.authors.filter(pk=author.pk).exists():
        current.authors.remove(author)
        record(
            "safeguarding.young_person_author_unlinked",
            by=by.user,
            organisation=current.organisation,
            obj=current,
            detail={"platform": author.platform},
        )
    return current


# Reading


def young_people(by: Membership | None) -> QuerySet[YoungPerson]:
    """The young people `by` may see: every record of their organisation for a safeguarding lead, else
    none."""
    if by is None or not by.is_active or not by.can(Capability.HANDLE_CONCERNS):
        return YoungPerson.objects.none()
    return YoungPerson.objects.filter(organisation_id=by.organisation_id).annotate(
        author_count=Count("authors", distinct=True)
    )


def find_authors(by: Membership, query: str) -> list[Author]:
    """The organisation's platform authors whose handle or display name contains `query` (at most
    SEARCH_LIMIT, most recently seen first)."""
    query = str(query or "").strip().lstrip("@")
    if not query or not by.can(Capability.HANDLE_CONCERNS):
        return []
    return list(
        Author.objects.filter(organisation_id=by.organisation_id)
        .filter(Q(handle__icontains=query) | Q(display_name__icontains=query))
        .order_by("-last_seen", "pk")[:SEARCH_LIMIT]
    )


def concerns_of(young_person: YoungPerson, by: Membership) -> QuerySet[Concern]:
    """The concerns about this young person that `by` may read: linked to them, or raised about one of
    their platform authors."""
    authors = young_person.authors.all()
    return (
        access.readable_concerns(by)
        .filter(organisation_id=young_person.organisation_id)
        .filter(Q(young_person=young_person) | Q(author__in=authors))
        .distinct()
    )


def age(date_of_birth: datetime.date | None, on: datetime.date) -> int | None:
    """Whole years from `date_of_birth` to `on` (None without a date of birth)."""
    if date_of_birth is None:
        return None
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


@dataclass(frozen=True)
class Moment:
    """One line of a chronology: when, which concern, and what: the concern raised, a post kept as its
    evidence, an entry of its record, or a referral."""

    at: datetime.datetime
    concern: Concern
    kind: str  # "raised", "post", "entry" or "referral"
    thing: object  # the concern, the evidence snapshot's post (a dict), the Entry or the Referral
    age: int | None  # the young person's age then

    @property
    def post(self) -> dict:  # for "post": the snapshot's item, with the channel's name
        return self.thing if self.kind == "post" else {}


def _when(value: str | None, fallback: datetime.datetime) -> datetime.datetime:
    try:
        return datetime.datetime.fromisoformat(value) if value else fallback
    except ValueError:
        return fallback


def chronology(young_person: YoungPerson, *, by: Membership) -> list[Moment]:
    """Every concern about the young person that `by` may read, with the posts kept as its evidence (at
    the time they were posted), its record's entries (at the time they happened) and its referrals, as
    one list in date order. Raises NotAllowed when `by` may not keep young people's records."""
    _lead(by, young_person.organisation_id, "Only a safeguarding lead can read a young person's chronology.")
    concerns = list(
        concerns_of(young_person, by)
        .select_related("raised_by__user", "author", "item__channel")
        .prefetch_related("evidence", "entries__recorded_by__user", "referrals")
    )
    born = young_person.date_of_birth
    moments = []

    def add(at: datetime.datetime, concern: Concern, kind: str, thing) -> None:
        moments.append(Moment(at, concern, kind, thing, age(born, timezone.localtime(at).date())))

    for concern in concerns:
        add(concern.raised_at, concern, "raised", concern)
        for evidence in concern.evidence.all():
            post = evidence.snapshot.get("item") or {}
            at = _when(post.get("received_at"), evidence.captured_at)
            url = str(post.get("url") or "")
            web = url if url.startswith(("https://", "http://")) else ""  # never a javascript: link
            channel = evidence.snapshot.get("channel") or {}
            add(at, concern, "post", {**post, "received_at": at, "url": web, "channel": channel})
        for entry in concern.entries.all():
            add(entry.happened_at, concern, "entry", entry)
        for referral in concern.referrals.all():
            add(referral.made_at, concern, "referral", referral)
    order = {"post": 0, "raised": 1, "entry": 2, "referral": 3}
    return sorted(moments, key=lambda m: (_sorted_at(m), order[m.kind], m.at, m.concern.pk))


def _minute(at: datetime.datetime) -> datetime.datetime:
    return at.replace(second=0, microsecond=0)


def _sorted_at(moment: Moment) -> datetime.datetime:
    """When a moment sorts. An entry's or a referral's time is typed to the minute (14:30) while the raising
    is kept to the microsecond, so one made in the minute its concern was raised would come before the
    raising: it sorts at the raising instead (and after it). Backdated further, it stays where it is."""
    raised = moment.concern.raised_at
    if moment.kind in ("entry", "referral") and moment.at < raised and _minute(moment.at) == _minute(raised):
        return raised
    return moment.at


@transaction.atomic(durable=True)
def read_chronology(young_person: YoungPerson, *, by: Membership) -> list[Moment]:
    """chronology(), with the reading audited (as every view of a concern is)."""
    moments = chronology(young_person, by=by)
    record(
        "safeguarding.chronology_viewed", by=by.user, organisation=young_person.organisation, obj=young_person
    )
    return moments


# Allegations about adults: the LADO within one working day


def is_working_day(day: datetime.date) -> bool:
    if day > BANK_HOLIDAYS_UNTIL:
        # The table has run out (its test says so a year ahead): weekends are still known.
        return day.weekday() < 5
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def next_working_day(day: datetime.date) -> datetime.date:
    day += datetime.timedelta(days=1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def lado_due_on(raised_at: datetime.datetime) -> datetime.date:
    """The day by the end of which an allegation raised at `raised_at` is due with the LADO: the next
    working day after the day it was raised (a Friday's is due by the end of Monday, a Saturday's too)."""
    return next_working_day(timezone.localtime(raised_at).date())


@dataclass(frozen=True)
class LadoTimer:
    due_on: datetime.date
    due_at: datetime.datetime  # the end of due_on: the first moment it is late
    referred_at: datetime.datetime | None  # the first referral to a LADO destination, if there is one
    now: datetime.datetime

    @property
    def referred(self) -> bool:
        return self.referred_at is not None

    @property
    def overdue(self) -> bool:
        return self.referred_at is None and self.now >= self.due_at

    @property
    def referred_late(self) -> bool:
        return self.referred_at is not None and self.referred_at >= self.due_at

    @property
    def time_left(self) -> datetime.timedelta:
        return max(self.due_at - self.now, datetime.timedelta(0))

    @property
    def time_over(self) -> datetime.timedelta:
        return max(self.now - self.due_at, datetime.timedelta(0))


def lado_timer(concern: Concern, now: datetime.datetime | None = None) -> LadoTimer | None:
    """The LADO timer of an allegation about a member of staff or a volunteer (None for any other
    category: a low-level concern is recorded, not referred)."""
    if concern.category != Category.ALLEGATION:
        return None
    now = now or timezone.now()
    due_on = lado_due_on(concern.raised_at)
    due_at = timezone.make_aware(
        datetime.datetime.combine(due_on + datetime.timedelta(days=1), datetime.time())
    )
    referred_at = (
        concern.referrals.filter(destination_kind=DestinationKind.LADO)
        .order_by("made_at")
        .values_list("made_at", flat=True)
        .first()
    )
    return LadoTimer(due_on=due_on, due_at=due_at, referred_at=referred_at, now=now)
