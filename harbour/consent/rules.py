"""Whether a person may be named or shown: one use, on one channel, on one day (guidance 6.4: "always get
signed permission from the young person and parent/carer").

- A never-publish flag in force blocks every use, whatever else is recorded.
- Each party's latest decision about the use counts (the person themselves; for anyone under 18, each of
  their parents and carers too). A refusal or a withdrawal by any one of them blocks.
- Otherwise the person's own consent is needed, and for anyone under 18 a parent's or carer's too, in
  force that day (started, not expired, not withdrawn) and covering the channel.

`standing` answers for one person; `Standing.missing` says, in words for the register and the gate,
which consent is missing. Nothing here writes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.db.models import Q

from harbour.consent.models import (
    COVERS,
    ConsentRecord,
    Decision,
    Guardianship,
    NeverPublish,
    Person,
    PersonKind,
    Use,
)


class Outcome(StrEnum):
    OK = "ok"
    MISSING = "missing"  # not yet given by someone who must give it
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    NEVER_PUBLISH = "never_publish"


@dataclass(frozen=True)
class Standing:
    person_id: int
    use: str
    channel_id: int | None
    outcome: Outcome
    missing: tuple[str, ...] = ()  # "the young person's", "a parent's or carer's"
    relied_on: tuple[int, ...] = ()  # the ConsentRecord ids that make it OK

    @property
    def ok(self) -> bool:
        return self.outcome == Outcome.OK

    def sentence(self, name: str) -> str:
        """What the register and the gate say, with `name` already isolated by the caller."""
        use = Use(self.use).label.lower()
        match self.outcome:
            case Outcome.OK:
                return f"Consent for {use} of {name} is in force."
            case Outcome.NEVER_PUBLISH:
                return f"Do not publish {name}."
            case Outcome.REFUSED:
                return f"Consent for {use} of {name} was refused."
            case Outcome.WITHDRAWN:
                return f"Consent for {use} of {name} was withdrawn."
            case Outcome.EXPIRED:
                return f"Consent for {use} of {name} has expired."
        return f"Consent for {use} of {name} is missing: {' and '.join(self.missing)}."


YOUNG_PERSONS = "the young person's"
THEIR_OWN = "their own"
GUARDIANS = "a parent's or carer's"


def never_published(person_ids) -> set[int]:
    """Which of these people have a never-publish flag in force."""
    return set(
        NeverPublish.objects.filter(person_id__in=list(person_ids), lifted_at__isnull=True).values_list(
            "person_id", flat=True
        )
    )


def standing(person: Person, use: str, channel_id: int | None, day: date) -> Standing:
    """`channel_id` None: on every channel (the register's summary asks for consents on all channels)."""
    return standings([person], [use], channel_id, day)[person.pk, use]


def standings(people, uses, channel_id: int | None, day: date) -> dict[tuple[int, str], Standing]:
    """Whether each use stands for each person, {(person_id, use): Standing}, in three queries whatever the
    number of people (never-publish flags, their consents on the channel, their parents and carers).
    tests/consent/test_standings.py compares it with a plain one-person reading of the rules."""
    people = list(people)
    uses = list(uses)
    ids = [person.pk for person in people]
    if not ids or not uses:
        return {}
    flagged = never_published(ids)
    wanted = set().union(*(COVERS.get(use, frozenset({use})) for use in uses))
    records = ConsentRecord.objects.filter(person_id__in=ids, use__in=wanted, starts__lte=day)
    if channel_id is None:
        records = records.filter(all_channels=True)
    else:
        records = records.filter(Q(all_channels=True) | Q(channels__id=channel_id)).distinct()
    of_person: dict[int, list[ConsentRecord]] = defaultdict(list)
    for record in records.order_by("-starts", "-recorded_at", "-pk"):  # newest first
        of_person[record.person_id].append(record)
    guardians_of: dict[int, set[int]] = defaultdict(set)
    for child_id, guardian_id in Guardianship.objects.filter(child_id__in=ids).values_list(
        "child_id", "guardian_id"
    ):
        guardians_of[child_id].add(guardian_id)
    answers = {}
    for person in people:
        for use in uses:
            if person.pk in flagged:
                answers[person.pk, use] = Standing(person.pk, use, channel_id, Outcome.NEVER_PUBLISH)
                continue
            covering = COVERS.get(use, frozenset({use}))
            answers[person.pk, use] = _decide(
                person,
                use,
                channel_id,
                day,
                [r for r in of_person[person.pk] if r.use in covering],
                guardians_of[person.pk],
            )
    return answers


def stands_on_channels(wanted: set[tuple[int, str, int]], day: date) -> dict[tuple[int, str, int], bool]:
    """Whether each (person, use, channel) stands on `day` (True or False), by the same rule as `standings`
    (_decide) over records read once for every channel: five queries in all, where `standings` reads one
    channel a call (the dashboard's consent coverage). tests/dashboard/test_measures.py checks that both
    give the same answers."""
    ids = {person for person, _, _ in wanted}
    if not ids:
        return {}
    people = Person.objects.in_bulk(ids)
    flagged = never_published(ids)
    uses = set().union(*(COVERS.get(use, frozenset({use})) for _, use, _ in wanted))
    records = list(
        ConsentRecord.objects.filter(person_id__in=ids, use__in=uses, starts__lte=day)
        .prefetch_related("channels")
        .order_by("-starts", "-recorded_at", "-pk")  # newest first, as standings reads them
    )
    of_person: dict[int, list[ConsentRecord]] = defaultdict(list)
    for record in records:
        of_person[record.person_id].append(record)
    guardians_of: dict[int, set[int]] = defaultdict(set)
    for child, guardian in Guardianship.objects.filter(child_id__in=ids).values_list(
        "child_id", "guardian_id"
    ):
        guardians_of[child].add(guardian)
    answers = {}
    for person_id, use, channel_id in wanted:
        if person_id in flagged or person_id not in people:
            answers[person_id, use, channel_id] = False
            continue
        covering = COVERS.get(use, frozenset({use}))
        held = [
            r
            for r in of_person[person_id]
            if r.use in covering and (r.all_channels or any(c.pk == channel_id for c in r.channels.all()))
        ]
        answers[person_id, use, channel_id] = _decide(
            people[person_id], use, channel_id, day, held, guardians_of[person_id]
        ).ok
    return answers


def _decide(person, use, channel_id, day, records, guardian_ids) -> Standing:
    """The rules over one person's records already read (newest first) and their guardians' ids."""
    parties = {person.pk} | guardian_ids
    latest: dict[tuple[int, str], ConsentRecord] = {}
    for record in records:
        if record.given_by_id in parties:
            latest.setdefault((record.given_by_id, record.use), record)
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
