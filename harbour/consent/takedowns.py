"""Taking down live posts that no longer have consent (issue 21): a withdrawal, an expiry, a refusal that
replaces a consent or a new never-publish flag opens a `Takedown` for every live publication whose ledger
(`PublishedUse`) shows it named or showed the person in a way that no longer stands.

A publication is live while it is published and has no takedown done. One takedown at a time per
publication; a second cause is added to its `reasons`.
"""

from datetime import timedelta

from django.utils import timezone

from harbour.audit.services import record
from harbour.consent.models import ConsentRecord, Person, PublishedUse, Takedown, TakedownState
from harbour.consent.rules import standing
from harbour.publishing.models import Publication, PublicationState

DUE_IN = timedelta(hours=24)  # a withdrawal is acted on within a day (the manager is alerted after)


def live_publications(person: Person):
    """The person's publications that are out and not taken down."""
    taken_down = Takedown.objects.filter(state=TakedownState.DONE).values("publication_id")
    ids = PublishedUse.objects.filter(person=person).values("publication_id")
    return (
        Publication.objects.filter(pk__in=ids, state=PublicationState.PUBLISHED)
        .exclude(pk__in=taken_down)
        .select_related("channel")
    )


def open_for(person: Person, *, reason: str, consent: ConsentRecord | None = None) -> list[Takedown]:
    """Inside the caller's transaction: a takedown for each live publication of `person` whose use of them
    no longer stands today. Returns the takedowns opened or added to."""
    today = timezone.localdate()
    now = timezone.now()
    opened = []
    for publication in live_publications(person):
        uses = set(
            PublishedUse.objects.filter(publication=publication, person=person).values_list("use", flat=True)
        )
        if all(standing(person, use, publication.channel_id, today).ok for use in uses):
            continue
        cause = [reason, person.pk]
        takedown = (
            Takedown.objects.select_for_update()
            .filter(publication=publication)
            .exclude(state=TakedownState.DONE)
            .first()
        )
        if takedown is None:
            takedown = Takedown.objects.create(
                organisation_id=publication.organisation_id,
                publication=publication,
                person=person,
                reason=reason,
                reasons=[cause],
                consent=consent,
                due_at=now + DUE_IN,
            )
            record(
                "takedown.opened",
                obj=takedown,
                organisation=publication.organisation,
                detail={"reason": reason},
            )
            _after_opening(takedown)
        elif cause not in takedown.reasons:
            takedown.reasons = [*takedown.reasons, cause]
            takedown.save(update_fields=["reasons"])
        opened.append(takedown)
    return opened


def _after_opening(takedown: Takedown) -> None:
    """What happens once a takedown is opened: the connector's delete is queued (where the platform allows
    it) and the channel's owners are told. Filled in by the takedown task (issue 21)."""
