"""Young people through their services: who keeps the records, that changing them is audited without a
name, linking accounts and concerns, the chronology across channels and platforms in date order, and the
working days behind an allegation's LADO timer."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Capability, Role, role_can
from harbour.audit.models import AuditEvent
from harbour.safeguarding import people, services
from harbour.safeguarding.models import Category, Concern, Destination, DestinationKind, Source, YoungPerson
from tests.cast import active_channel, give_training, make_author, make_item, make_member

pytestmark = pytest.mark.django_db

NAME = "Jordan Whitlock-Marsh"


def at(text: str) -> datetime.datetime:
    """An aware time in Europe/London from "2026-12-04 16:00"."""
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


@pytest.fixture
def lead(dsl):
    give_training(dsl, "handle_concerns")
    return dsl


@pytest.fixture
def raiser(moderator):
    give_training(moderator, "raise_concerns")
    return moderator


def audit_text() -> str:
    return " ".join(
        f"{e.action} {e.object_label} {e.detail} {e.actor_label}" for e in AuditEvent.objects.all()
    )


def test_only_a_lead_of_the_organisation_keeps_young_peoples_records(org, members, deputy, outsider):
    for role, member in members.items():
        if role_can(role, Capability.HANDLE_CONCERNS):
            continue
        with pytest.raises(NotAllowed, match="Only a safeguarding lead"):
            people.add_young_person(org, by=member, name=NAME)
    with pytest.raises(NotAllowed):
        people.add_young_person(org, by=outsider, name=NAME)
    assert people.add_young_person(org, by=members[Role.SAFEGUARDING_LEAD], name=NAME).name == NAME
    assert people.add_young_person(org, by=deputy, name="Another").name == "Another"
    assert not people.young_people(members[Role.MANAGER]).exists()
    assert not people.young_people(outsider).exists()
    assert people.young_people(deputy).count() == 2


def test_adding_and_changing_a_record_is_audited_without_the_name_or_date_of_birth(org, lead):
    young_person = people.add_young_person(org, by=lead, name=NAME, date_of_birth=datetime.date(2011, 3, 9))
    people.change_young_person(young_person, by=lead, name="J. W.", date_of_birth=datetime.date(2011, 3, 10))
    people.change_young_person(young_person, by=lead, name="J. W.", date_of_birth=datetime.date(2011, 3, 10))
    events = list(
        AuditEvent.objects.filter(action__startswith="safeguarding.young_person").order_by("sequence")
    )
    assert [e.action for e in events] == [
        "safeguarding.young_person_added",
        "safeguarding.young_person_changed",
    ]
    assert events[1].detail == {"changed": ["name", "date_of_birth"]}
    assert {e.object_label for e in events} == {f"Young person #{young_person.pk}"}
    text = audit_text()
    assert "Jordan" not in text and "J. W." not in text and "2011" not in text


def test_a_name_is_required_and_a_date_of_birth_is_in_the_past(org, lead):
    with pytest.raises(ValueError, match="Enter the young person's name or a pseudonym"):
        people.add_young_person(org, by=lead, name="  ")
    with pytest.raises(ValueError, match="must be in the past"):
        people.add_young_person(
            org, by=lead, name=NAME, date_of_birth=timezone.localdate() + timedelta(days=1)
        )
    with pytest.raises(ValueError, match="check the year"):
        people.add_young_person(org, by=lead, name=NAME, date_of_birth=datetime.date(1926, 1, 1))
    assert not YoungPerson.objects.exists()


def test_accounts_link_once_and_only_from_the_organisations_own_channels(org, other_org, lead):
    young_person = people.add_young_person(org, by=lead, name=NAME)
    theirs = make_author(active_channel(other_org), "did:plc:elsewhere", "elsewhere.bsky.social")
    with pytest.raises(NotAllowed, match="your own organisation's channels"):
        people.link_author(young_person, theirs, by=lead)
    ours = make_author(active_channel(org), "did:plc:jw", "jw.bsky.social", NAME)
    people.link_author(young_person, ours, by=lead)
    people.link_author(young_person, ours, by=lead)
    assert list(young_person.authors.all()) == [ours]
    assert AuditEvent.objects.filter(action="safeguarding.young_person_author_linked").count() == 1
    people.unlink_author(young_person, ours, by=lead)
    assert not young_person.authors.exists()
    assert "jw.bsky" not in audit_text() and "Jordan" not in audit_text()


def test_accounts_are_found_by_handle_or_name_in_the_organisation_only(org, other_org, lead, manager):
    channel = active_channel(org)
    by_handle = make_author(channel, "a1", "skater.jo", "Jo")
    by_name = make_author(channel, "a2", "xx_99", "Jo Skater")
    make_author(channel, "a3", "someone.else", "Someone")
    make_author(active_channel(other_org), "b1", "skater.elsewhere", "Skater Elsewhere")
    assert {a.pk for a in people.find_authors(lead, "@skater")} == {by_handle.pk, by_name.pk}
    assert people.find_authors(lead, "  ") == []
    assert people.find_authors(manager, "skater") == []


def test_linking_a_concern_is_for_a_lead_of_its_organisation_and_audited_by_number(
    org, other_org, lead, raiser
):
    concern = services.raise_concern(
        org, by=raiser, summary="Upset after a fight", category="bullying", severity=2
    )
    young_person = people.add_young_person(org, by=lead, name=NAME)
    elsewhere_lead = make_member(
        other_org, Role.SAFEGUARDING_LEAD, "lead@elsewhere.example", "Elsewhere Lead"
    )
    elsewhere = people.add_young_person(other_org, by=elsewhere_lead, name="Elsewhere child")
    with pytest.raises(NotAllowed, match="your organisation's young people"):
        services.link_young_person(concern, by=lead, young_person=elsewhere)
    with pytest.raises(NotAllowed, match="You cannot read this concern"):
        services.link_young_person(concern, by=raiser, young_person=young_person)
    services.link_young_person(concern, by=lead, young_person=young_person)
    assert Concern.objects.get(pk=concern.pk).young_person == young_person
    event = AuditEvent.objects.get(action="safeguarding.concern_young_person_linked")
    assert (event.object_label, event.detail) == (
        f"Concern #{concern.pk}",
        {"young_person": young_person.audit_label()},
    )
    services.link_young_person(concern, by=lead, young_person=None)
    assert Concern.objects.get(pk=concern.pk).young_person is None


@pytest.fixture
def two_accounts(org):
    """One young person's accounts on two channels of two platforms."""
    bluesky = active_channel(org, "bluesky")
    mastodon = active_channel(org, "mastodon")
    return (
        bluesky,
        make_author(bluesky, "did:plc:jw", "jw.bsky.social", "JW"),
        mastodon,
        make_author(mastodon, "109", "jw@mastodon.social", "Jordan W"),
    )


def test_the_chronology_reads_concerns_about_every_account_and_linked_ones_in_date_order(
    org, lead, moderator, raiser, two_accounts
):
    bluesky, on_bluesky, mastodon, on_mastodon = two_accounts
    young_person = people.add_young_person(org, by=lead, name=NAME, date_of_birth=datetime.date(2012, 1, 20))
    people.link_author(young_person, on_bluesky, by=lead)
    people.link_author(young_person, on_mastodon, by=lead)
    first_post = make_item(
        bluesky, "nobody at home likes me", author_id="did:plc:jw", minutes_ago=60 * 24 * 40
    )
    first = services.raise_concern(
        org, by=moderator, item=first_post, source=Source.ESCALATED, summary="Lonely at home",
        category="disclosure", severity=2,
    )  # fmt: skip
    Concern.objects.filter(pk=first.pk).update(raised_at=timezone.now() - timedelta(days=39))
    second_post = make_item(mastodon, "he wants pics again", author_id="109", minutes_ago=60)
    second = services.raise_concern(
        org, by=moderator, item=second_post, source=Source.ESCALATED, summary="Asked for images",
        category="grooming", severity=4,
    )  # fmt: skip
    by_hand = services.raise_concern(
        org, by=raiser, summary="Told me about the older boy", category="cse", severity=3
    )
    services.link_young_person(by_hand, by=lead, young_person=young_person)
    services.raise_concern(org, by=raiser, summary="Someone else entirely", category="bullying", severity=1)
    services.add_entry(
        first, by=lead, version=0, kind="action", text="Spoke to the youth worker",
        happened_at=timezone.now() - timedelta(days=30),
    )  # fmt: skip
    police = Destination.objects.create(
        organisation=org, kind=DestinationKind.POLICE, name="Derbyshire Police 101"
    )
    services.record_referral(
        second, by=lead, version=0, destination=police, made_at=timezone.now(),
        shared="The messages", lawful_basis="safeguarding", reason="Grooming", reference="DP-1",
    )  # fmt: skip

    moments = people.chronology(young_person, by=lead)

    assert {m.concern.pk for m in moments} == {first.pk, second.pk, by_hand.pk}
    assert [m.at for m in moments] == sorted(m.at for m in moments)
    kinds = [(m.kind, m.concern.pk) for m in moments]
    assert kinds[:3] == [("post", first.pk), ("raised", first.pk), ("entry", first.pk)]
    assert (
        kinds.index(("post", second.pk))
        < kinds.index(("raised", second.pk))
        < kinds.index(("referral", second.pk))
    )
    post = next(m for m in moments if m.kind == "post" and m.concern == second)
    assert (post.post["text"], post.post["channel"]["platform"]) == ("he wants pics again", "mastodon")
    assert moments[0].age == people.age(young_person.date_of_birth, timezone.localtime(moments[0].at).date())
    assert moments[-1].age == people.age(young_person.date_of_birth, timezone.localdate())


def test_a_concerns_raising_comes_before_its_entries_in_the_same_minute(org, lead, raiser):
    # The form takes an entry's time to the minute; the raising is kept to the microsecond.
    young_person = people.add_young_person(org, by=lead, name=NAME)
    concern = services.raise_concern(
        org, by=raiser, summary="Told me at the club", category="cse", severity=3
    )
    services.link_young_person(concern, by=lead, young_person=young_person)
    Concern.objects.filter(pk=concern.pk).update(raised_at=at("2026-12-04 14:30:42"))
    concern.refresh_from_db()
    services.add_entry(
        concern, by=lead, version=concern.version, kind="action", text="Phoned her mum",
        happened_at=at("2026-12-04 14:30"),
    )  # fmt: skip
    concern.refresh_from_db()
    services.add_entry(
        concern, by=lead, version=concern.version, kind="action", text="Told the school",
        happened_at=at("2026-12-04 14:29"),
    )  # fmt: skip

    moments = people.chronology(young_person, by=lead)

    assert [(m.kind, m.thing.text if m.kind == "entry" else "") for m in moments] == [
        ("entry", "Told the school"),
        ("raised", ""),
        ("entry", "Phoned her mum"),
    ]


def test_the_chronology_leaves_out_an_allegation_about_the_reader(org, lead, deputy, raiser):
    young_person = people.add_young_person(org, by=lead, name=NAME)
    about_deputy = services.raise_concern(
        org, by=raiser, summary="Messaged her from a personal account", category=Category.ALLEGATION,
        severity=3, about_member=deputy,
    )  # fmt: skip
    services.link_young_person(about_deputy, by=lead, young_person=young_person)
    assert [m.concern for m in people.chronology(young_person, by=lead)] == [about_deputy]
    assert people.chronology(young_person, by=deputy) == []


def test_only_a_lead_reads_a_chronology_and_reading_it_is_audited(org, lead, manager):
    young_person = people.add_young_person(org, by=lead, name=NAME)
    with pytest.raises(NotAllowed):
        people.read_chronology(young_person, by=manager)
    people.read_chronology(young_person, by=lead)
    event = AuditEvent.objects.get(action="safeguarding.chronology_viewed")
    assert event.object_label == f"Young person #{young_person.pk}"


def test_age_counts_whole_years_to_the_birthday():
    born = datetime.date(2012, 3, 9)
    assert people.age(born, datetime.date(2026, 3, 8)) == 13
    assert people.age(born, datetime.date(2026, 3, 9)) == 14
    assert people.age(None, datetime.date(2026, 3, 9)) is None


# The LADO timer: within one working day


@pytest.mark.parametrize(
    "raised, due",
    [
        ("2026-12-07 09:00", "2026-12-08"),  # Monday: by the end of Tuesday
        ("2026-12-04 16:00", "2026-12-07"),  # Friday: by the end of Monday
        ("2026-12-05 11:00", "2026-12-07"),  # Saturday: the next working day is Monday
        ("2026-12-24 10:00", "2026-12-29"),  # Christmas Day, and Boxing Day's substitute Monday
        ("2026-04-02 15:00", "2026-04-07"),  # Good Friday and Easter Monday
        ("2027-12-24 23:30", "2027-12-29"),  # both Christmas holidays moved to Monday and Tuesday
        ("2027-12-31 12:00", "2028-01-04"),  # New Year's Day 2028 is a Saturday: Monday the 3rd instead
    ],
)
def test_an_allegation_is_due_with_the_lado_by_the_end_of_the_next_working_day(raised, due):
    assert people.lado_due_on(at(raised)) == datetime.date.fromisoformat(due)


def test_the_bank_holiday_table_lasts_at_least_another_year():
    """Fails a year before the table runs out: add the next year from https://www.gov.uk/bank-holidays."""
    assert timezone.localdate() + timedelta(days=365) <= people.BANK_HOLIDAYS_UNTIL, (
        "Add the next year's England and Wales bank holidays to harbour/safeguarding/people.py"
    )
    for year in range(min(people.BANK_HOLIDAYS).year, people.BANK_HOLIDAYS_UNTIL.year + 1):
        days = [day for day in people.BANK_HOLIDAYS if day.year == year]
        assert len(days) >= 8, f"{year} has {len(days)} bank holidays in the table, not 8"
        assert all(day.weekday() < 5 for day in days), (
            f"{year}: a bank holiday at a weekend (use the substitute day)"
        )


def test_the_lado_timer_runs_until_a_referral_to_a_lado_is_recorded(org, lead, raiser, manager):
    concern = services.raise_concern(
        org,
        by=raiser,
        summary="Shouted at a child",
        category=Category.ALLEGATION,
        severity=3,
        about_member=manager,
    )
    Concern.objects.filter(pk=concern.pk).update(raised_at=at("2026-12-04 16:00"))
    concern.refresh_from_db()
    timer = people.lado_timer(concern, now=at("2026-12-07 23:00"))
    assert (timer.due_on, timer.overdue, timer.referred) == (datetime.date(2026, 12, 7), False, False)
    assert timer.time_left == timedelta(hours=1)
    later = people.lado_timer(concern, now=at("2026-12-08 02:00"))
    assert later.overdue and later.time_over == timedelta(hours=2)
    police = Destination.objects.create(organisation=org, kind=DestinationKind.POLICE, name="Police")
    services.record_referral(
        concern, by=lead, version=0, destination=police, made_at=timezone.now(), shared="What was said",
        lawful_basis="safeguarding", reason="A crime",
    )  # fmt: skip
    assert people.lado_timer(concern, now=at("2026-12-08 02:00")).overdue  # the police are not the LADO
    lado = Destination.objects.create(organisation=org, kind=DestinationKind.LADO, name="Derby LADO")
    services.record_referral(
        concern, by=lead, version=1, destination=lado, made_at=timezone.now(), shared="What was said",
        lawful_basis="safeguarding", reason="Allegation about staff",
    )  # fmt: skip
    referred = people.lado_timer(concern, now=at("2026-12-08 02:00"))
    assert referred.referred and not referred.overdue


def test_a_low_level_concern_has_no_lado_timer(org, raiser, manager):
    concern = services.raise_concern(
        org, by=raiser, summary="Over-friendly", category=Category.LOW_LEVEL, severity=1, about_member=manager
    )
    assert people.lado_timer(concern) is None
