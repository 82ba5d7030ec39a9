"""rules.standings (many people at once, in a fixed number of queries; rules.standing is it for one) answers
exactly what a plain one-person reading of the rules below (`reference`) answers for every person, use and
channel, over random registers: consents given and refused by the person
and by their parents and carers (and by people who are neither), withdrawn, expired, not yet started,
channel-scoped or on every channel, a full-name consent covering the first name, never-publish flags in force
or lifted, and every kind of age (date of birth either side of 18, age bands, nothing known). The register's
people list and the media library then cost the same number of queries for 5 people as for 50."""

import datetime

import pytest
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harbour.consent.models import (
    COVERS,
    AgeBand,
    ConsentEvidence,
    ConsentRecord,
    Decision,
    EvidenceKind,
    Guardianship,
    MediaAsset,
    NeverPublish,
    NeverPublishReason,
    Person,
    PersonKind,
    Use,
)
from harbour.consent.rules import (
    GUARDIANS,
    THEIR_OWN,
    YOUNG_PERSONS,
    Outcome,
    Standing,
    never_published,
    standing,
    standings,
)
from tests.cast import active_channel

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)
BIRTHS = [
    None,
    datetime.date(2014, 1, 1),  # 12
    datetime.date(2008, 6, 2),  # 18 tomorrow
    datetime.date(2008, 6, 1),  # 18 today
    datetime.date(1980, 1, 1),
]
AGE_BANDS = ["", *AgeBand.values]

person_st = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(PersonKind.values),
        "born": st.sampled_from(BIRTHS),
        "band": st.sampled_from(AGE_BANDS),
        "never": st.sampled_from([None, "in_force", "lifted"]),
    }
)
record_st = st.fixed_dictionaries(
    {
        "person": st.integers(0, 4),
        "giver": st.integers(0, 4),
        "use": st.sampled_from(Use.values),
        "decision": st.sampled_from(Decision.values),
        "channels": st.sampled_from(["all", "a", "b", "ab", "none"]),
        "starts": st.integers(-400, 30),  # days from TODAY
        "expires": st.one_of(st.none(), st.integers(0, 500)),  # days after the start
        "withdrawn": st.booleans(),
        "recorded": st.integers(0, 3),  # ties on purpose: the pk breaks them
    }
)
register_st = st.fixed_dictionaries(
    {
        "people": st.lists(person_st, min_size=1, max_size=5),
        "links": st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), max_size=5),
        "records": st.lists(record_st, max_size=14),
    }
)


def build(org, member, channels, register):
    people = []
    for i, spec in enumerate(register["people"]):
        people.append(
            Person.objects.create(
                organisation=org,
                kind=spec["kind"],
                first_name=f"P{i}",
                last_name="Test",
                date_of_birth=spec["born"],
                age_band=spec["band"] if spec["born"] is None else "",
            )
        )
        if spec["never"]:
            NeverPublish.objects.create(
                organisation=org,
                person=people[-1],
                reason=NeverPublishReason.values[0],
                set_by=member,
                lifted_at=timezone.now() if spec["never"] == "lifted" else None,
            )
    n = len(people)
    for child, guardian in register["links"]:
        child, guardian = people[child % n], people[guardian % n]
        if child != guardian and not Guardianship.objects.filter(child=child, guardian=guardian).exists():
            Guardianship.objects.create(organisation=org, child=child, guardian=guardian)
    evidence = ConsentEvidence.objects.create(organisation=org, kind=EvidenceKind.SIGNATURE, signed_name="X")
    base = timezone.now()
    for spec in register["records"]:
        starts = TODAY + datetime.timedelta(days=spec["starts"])
        expires = None if spec["expires"] is None else starts + datetime.timedelta(days=spec["expires"])
        record = ConsentRecord.objects.create(
            organisation=org,
            person=people[spec["person"] % n],
            given_by=people[spec["giver"] % n],
            use=spec["use"],
            decision=spec["decision"],
            all_channels=spec["channels"] == "all",
            starts=starts,
            expires=expires,
            evidence=evidence,
            recorded_at=base + datetime.timedelta(minutes=spec["recorded"]),
            withdrawn_at=base if spec["withdrawn"] else None,
        )
        if "a" in spec["channels"] and spec["channels"] != "all":
            record.channels.add(channels[0])
        if "b" in spec["channels"]:
            record.channels.add(channels[1])
    return people


def reference(person: Person, use: str, channel_id: int | None, day: datetime.date) -> Standing:
    """The rules read plainly for one person, query by query: what rules.standings must agree with."""
    if never_published([person.pk]):
        return Standing(person.pk, use, channel_id, Outcome.NEVER_PUBLISH)
    covering = COVERS.get(use, frozenset({use}))
    records = ConsentRecord.objects.filter(person=person, use__in=covering)
    if channel_id is None:
        records = records.filter(all_channels=True)
    else:
        records = records.filter(Q(all_channels=True) | Q(channels__id=channel_id)).distinct()
    records = list(records.filter(starts__lte=day).order_by("-starts", "-recorded_at", "-pk"))

    guardian_ids = set(person.guardianships.values_list("guardian_id", flat=True))
    parties = {person.pk} | guardian_ids
    latest: dict[tuple[int, str], ConsentRecord] = {}  # (party, use) -> that party's latest decision
    for record in records:  # newest first
        if record.given_by_id in parties:
            latest.setdefault((record.given_by_id, record.use), record)

    # A refusal or withdrawal of this very use by anyone whose consent counts blocks it. (Refusing the full
    # name does not refuse the first name alone.)
    exact = [r for (_, u), r in latest.items() if u == use]
    if any(r.decision == Decision.REFUSED for r in exact):
        return Standing(person.pk, use, channel_id, Outcome.REFUSED)
    if any(r.withdrawn_at is not None for r in exact):
        return Standing(person.pk, use, channel_id, Outcome.WITHDRAWN)

    def in_force(record: ConsentRecord) -> bool:
        return (
            record.decision == Decision.GIVEN
            and record.withdrawn_at is None
            and (record.expires is None or record.expires >= day)
        )

    def holding(party: int) -> list[ConsentRecord]:
        return [r for (p, _), r in latest.items() if p == party and in_force(r)]

    own = holding(person.pk)
    guardians = [r for g in guardian_ids for r in holding(g)]
    missing = []
    if not own:
        missing.append(YOUNG_PERSONS if person.kind == PersonKind.YOUNG_PERSON else THEIR_OWN)
    if person.is_under_18(day) and not guardians:
        missing.append(GUARDIANS)
    if missing:
        ended = list(latest.values())
        if any(r.withdrawn_at is not None for r in ended):
            outcome = Outcome.WITHDRAWN
        elif any(r.decision == Decision.GIVEN and not in_force(r) for r in ended):
            outcome = Outcome.EXPIRED
        else:
            outcome = Outcome.MISSING
        return Standing(person.pk, use, channel_id, outcome, missing=tuple(missing))
    relied = {r.pk for r in own + guardians}
    return Standing(person.pk, use, channel_id, Outcome.OK, relied_on=tuple(sorted(relied)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(register=register_st)
def test_standings_answers_what_standing_answers(org, manager, register):
    channels = [active_channel(org), active_channel(org, platform="test_bluesky")]
    with transaction.atomic():
        people = build(org, manager, channels, register)
        for channel_id in (None, channels[0].pk, channels[1].pk):
            many = standings(people, Use.values, channel_id, TODAY)
            assert len(many) == len(people) * len(Use.values)
            for person in people:
                for use in Use.values:
                    expected = reference(person, use, channel_id, TODAY)
                    assert many[person.pk, use] == expected, (person, use)
                    assert standing(person, use, channel_id, TODAY) == expected
        transaction.set_rollback(True)
    for channel in channels:
        channel.delete()


def test_standings_of_nobody_is_empty():
    assert standings([], Use.values, None, TODAY) == {}


def register_of(org, member, size):
    """`size` people: children, each with a parent who gave consent, and some never-publish flags."""
    channel = active_channel(org)
    evidence = ConsentEvidence.objects.create(organisation=org, kind=EvidenceKind.SIGNATURE, signed_name="X")
    children = []
    for i in range(size // 2):
        child = Person.objects.create(
            organisation=org, kind=PersonKind.YOUNG_PERSON, first_name=f"C{i}", date_of_birth=BIRTHS[1]
        )
        carer = Person.objects.create(organisation=org, kind=PersonKind.PARENT, first_name=f"G{i}")
        Guardianship.objects.create(organisation=org, child=child, guardian=carer)
        for giver in (child, carer):
            for use in (Use.PHOTO, Use.FULL_NAME):
                record = ConsentRecord.objects.create(
                    organisation=org,
                    person=child,
                    given_by=giver,
                    use=use,
                    decision=Decision.GIVEN,
                    starts=TODAY - datetime.timedelta(days=10),
                    evidence=evidence,
                )
                record.channels.add(channel)
        if i % 5 == 0:
            NeverPublish.objects.create(
                organisation=org, person=child, reason=NeverPublishReason.values[0], set_by=member
            )
        children.append(child)
    return children


def queries_for(client, url):
    client.get(url)  # the first request of a session reads a few things once
    with CaptureQueriesContext(connection) as seen:
        response = client.get(url)
    assert response.status_code == 200
    return len(seen)


def test_the_register_list_costs_the_same_for_5_people_as_for_50(org, manager, client_for):
    client = client_for(manager)
    register_of(org, manager, 6)
    few = queries_for(client, "/consent/")
    register_of(org, manager, 44)  # 50 people on the page now
    assert Person.objects.count() == 50
    many = queries_for(client, "/consent/")
    assert many == few, (few, many)
    assert many <= 30


def test_the_media_library_costs_the_same_for_2_images_as_for_20(org, manager, client_for):
    client = client_for(manager)

    def images(count, start):
        people = register_of(org, manager, 4)
        for i in range(count):
            asset = MediaAsset.objects.create(
                organisation=org,
                kind="image",
                title=f"Image {start + i}",
                alt_text="A",
                shows="young_people",
                added_by=manager,
            )
            asset.people.set(people, through_defaults={"organisation": org, "tagged_by": manager})

    images(2, 0)
    few = queries_for(client, "/consent/media/")
    images(18, 2)
    many = queries_for(client, "/consent/media/")
    assert many == few, (few, many)
    assert many <= 30


def test_the_list_says_none_recorded_for_adults_without_records_and_do_not_publish_everywhere(
    org, manager, client_for
):
    carer = Person.objects.create(organisation=org, kind=PersonKind.PARENT, first_name="Quiet")
    child = Person.objects.create(
        organisation=org, kind=PersonKind.YOUNG_PERSON, first_name="Young", date_of_birth=BIRTHS[1]
    )
    Guardianship.objects.create(organisation=org, child=child, guardian=carer)
    worker = Person.objects.create(organisation=org, kind=PersonKind.ADULT, first_name="Staffed")
    evidence = ConsentEvidence.objects.create(organisation=org, kind=EvidenceKind.SIGNATURE, signed_name="X")
    ConsentRecord.objects.create(  # the worker refused photos: that is shown, not "None recorded"
        organisation=org,
        person=worker,
        given_by=worker,
        use=Use.PHOTO,
        decision=Decision.REFUSED,
        all_channels=True,
        starts=TODAY,
        evidence=evidence,
    )
    flagged = Person.objects.create(organisation=org, kind=PersonKind.ADULT, first_name="Hidden")
    NeverPublish.objects.create(
        organisation=org, person=flagged, reason=NeverPublishReason.values[0], set_by=manager
    )
    page = client_for(manager).get("/consent/").content.decode()

    def row(name):
        start = page.index(f"<bdi>{name}")
        return page[start : page.index("</tr>", start)]

    assert row("Quiet").count("None recorded") == 2 and "Missing" not in row("Quiet")
    assert "None recorded" not in row("Young") and "Missing: the young person" in row("Young")
    assert "Refused" in row("Staffed") and "Missing: their own" in row("Staffed")
    assert row("Hidden").count("Do not publish") == 2 and "None recorded" not in row("Hidden")
