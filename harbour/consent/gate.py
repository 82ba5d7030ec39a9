"""The consent register's gate on posts (publishing/gate.py runs it at submission, at approval and at the
moment of posting, so a consent withdrawn in between stops the post).

What a post uses (`uses_in`): each person tagged in an image from the media library (a photograph or a
video of them), each person the author tagged as named or quoted in the words, and anyone in the register
whose full name the words contain. For each use, on each of the post's channels, on the day it goes out,
rules.standing must be OK. Besides: an image that shows young people must have them tagged, and a first
name in the words that is a never-publish young person's blocks too (the author cannot tell which Jamie it
is; neither can the reader). Licences are the check panel's (publishing/checks.py, media_licence).

The ledger of what went out (ledger.py) records the same `uses_in`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import timezone

from harbour.consent.models import MediaAsset, MediaKind, Person, PersonKind, Use
from harbour.consent.rules import never_published, standing
from harbour.lib.bidi import isolate
from harbour.publishing.draft import Check, Draft, Status
from harbour.publishing.models import Shows

KEY = "consent"
LABEL = "Consent and permissions"
ADVICE = (
    "Record the missing consents in the consent register, or send a consent request, or leave the person "
    "out of the words and choose another image."
)
WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True)
class PlannedUse:
    person: Person
    use: str  # Use
    asset_id: int | None = None


def _assets(draft: Draft) -> dict[int, MediaAsset]:
    ids = [image.asset_id for image in draft.images if image.asset_id is not None]
    assets = MediaAsset.objects.filter(organisation_id=draft.organisation_id, pk__in=ids).prefetch_related(
        "people"
    )
    return {asset.pk: asset for asset in assets}


def _words(draft: Draft) -> str:
    return "\n".join([draft.text, *draft.variants.values()])


def _named_in_words(draft: Draft) -> tuple[list[Person], list[Person]]:
    """(people whose full name the words contain, young people whose first name alone they contain)."""
    text = _words(draft)
    words = set(WORD.findall(text))
    if not words:
        return [], []
    candidates = Person.objects.filter(
        organisation_id=draft.organisation_id, erased_at__isnull=True, first_name__in=words
    )
    full, first = [], []
    for person in candidates:
        if person.last_name and re.search(rf"(?<!\w){re.escape(person.full_name)}(?!\w)", text):
            full.append(person)
        elif person.kind == PersonKind.YOUNG_PERSON:
            first.append(person)
    return full, first


def uses_in(draft: Draft) -> list[PlannedUse]:
    """Every (person, use) the post makes of the register, images first, without repeats."""
    if draft.organisation_id is None:
        return []
    return _uses(draft, _assets(draft), _named_in_words(draft)[0])


def _uses(draft: Draft, assets: dict[int, MediaAsset], full: list[Person]) -> list[PlannedUse]:
    """uses_in, from the draft's assets and the people its words name in full, already read."""
    seen: dict[tuple[int, str, int | None], PlannedUse] = {}

    def add(person: Person, use: str, asset_id: int | None = None) -> None:
        seen.setdefault((person.pk, use, asset_id), PlannedUse(person, use, asset_id))

    for image in draft.images:
        asset = assets.get(image.asset_id)
        if asset is None:
            continue
        use = Use.VIDEO if asset.kind == MediaKind.VIDEO else Use.PHOTO
        for person in asset.people.all():
            add(person, use, asset.pk)
    tagged = {p.person_id: p for p in draft.people}
    people = Person.objects.filter(organisation_id=draft.organisation_id, pk__in=tagged).in_bulk()
    for named in draft.people:
        if named.person_id in people:
            add(people[named.person_id], named.use)
    for person in full:
        add(person, Use.FULL_NAME)
    return list(seen.values())


def consent_gate(draft: Draft) -> list[Check]:
    if draft.organisation_id is None:
        return []
    day = draft.goes_out_on or timezone.localdate()
    blocks: list[str] = []

    assets = _assets(draft)
    for image in draft.images:
        if image.asset_id is None:
            continue
        asset = assets.get(image.asset_id)
        if asset is None:
            blocks.append(f"{isolate(image.name)} is no longer in the media library.")
            continue
        young = [p for p in asset.people.all() if p.kind == PersonKind.YOUNG_PERSON]
        if asset.shows == Shows.YOUNG_PEOPLE and not young:
            blocks.append(
                f"{isolate(image.name)} shows young people, and nobody has tagged who they are in the media "
                "library."
            )

    full, first_only = _named_in_words(draft)
    uses = _uses(draft, assets, full)
    flagged = never_published({u.person.pk for u in uses})
    told: set[int] = set()
    for planned in uses:
        name = isolate(planned.person.full_name)
        if planned.person.pk in flagged:
            if planned.person.pk not in told:
                told.add(planned.person.pk)
                blocks.append(f"Do not publish {name}.")
            continue
        for channel in draft.channels:
            result = standing(planned.person, planned.use, channel.id, day)
            if not result.ok:
                blocks.append(f"On {isolate(channel.name)}: {result.sentence(name)}")

    tagged = {u.person.pk for u in uses}
    untagged = [person for person in first_only if person.pk not in tagged]
    flagged_names = never_published({person.pk for person in untagged})
    for person in untagged:
        if person.pk in flagged_names:
            blocks.append(
                f"The words name {isolate(person.first_name)}, and a young person of that name in the register "
                "must never be published. Leave the name out."
            )

    if blocks:
        return [
            Check(
                key=KEY,
                label=LABEL,
                status=Status.BLOCKS,
                summary=" ".join(dict.fromkeys(blocks)),
                advice=(ADVICE,),
            )
        ]
    if not uses and not draft.images:
        return []
    return [
        Check(
            key=KEY,
            label=LABEL,
            status=Status.OK,
            summary="Consent is in force for everyone the post names or shows.",
        )
    ]
