"""Everything Harbour holds about a person in the consent register, for a subject access request
(docs/privacy.md "Subject access"): plain data, turned into JSON here and into a PDF by pdf.py.

Two parts. The register part: the entry, groups, parents and carers or children, never-publish flags,
consents and their evidence (listed, not the files), consent requests, media they are tagged in, the posts
that named or showed them (the ledger) and takedowns. The safeguarding part: never-publish flags (their reason
and note), and through `Person.safeguarding_record` the young person's record, their concerns (their entries and referrals) and the
inbox items of the platform accounts linked to them. Each safeguarding item has a key ("concern:12") that a
lead may withhold (services.withhold), and a withheld item is left out whole.
"""

import datetime
import json

from django.db.models import Q
from django.utils import timezone

from harbour.consent.models import (
    AssetPerson,
    ConsentRecord,
    ConsentRequest,
    Guardianship,
    NeverPublish,
    Person,
    PublishedUse,
    Takedown,
)
from harbour.inbox.models import Item
from harbour.publishing.models import PostImage, PostPerson
from harbour.safeguarding.models import Concern

ITEM_LIMIT = 1_000


def needs_lead_review(person: Person) -> bool:
    """Whether a safeguarding lead reviews the request first: a safeguarding record or a never-publish flag."""
    return (
        person.safeguarding_record_id is not None or NeverPublish.objects.filter(person=person).exists()
    )  # inbox items of a young person's linked accounts, newest first


def _date(value) -> str | None:
    """A date as 2026-03-27; a time as 2026-03-27 16:05 in the site's time zone."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def safeguarding_items(person: Person) -> list[dict]:
    """The safeguarding part, one entry per item a lead may withhold: {"key", "kind", "title", "data"}. A
    never-publish flag is here too, whatever its reason: its reason and note (an adoption, a court order, who the
    child is kept from) are for a lead to release."""
    items = [
        {
            "key": f"never_publish:{flag.pk}",
            "kind": "Do not publish",
            "title": flag.audit_label(),
            "data": {
                "reason": flag.get_reason_display(),
                "note": flag.note,
                "set": _date(flag.set_at),
                "lifted": _date(flag.lifted_at),
            },
        }
        for flag in NeverPublish.objects.filter(person=person).order_by("set_at", "pk")
    ]
    young = person.safeguarding_record
    if young is None:
        return items
    items += [
        {
            "key": f"young_person:{young.pk}",
            "kind": "Safeguarding record",
            "title": young.audit_label(),
            "data": {
                "name": young.name,
                "date_of_birth": _date(young.date_of_birth),
                "created": _date(young.created_at),
            },
        }
    ]
    authors = list(young.authors.all())
    concerns = Concern.objects.filter(organisation_id=person.organisation_id).filter(
        Q(young_person=young) | Q(author__in=authors)
    )
    for concern in concerns.distinct().order_by("raised_at", "pk").prefetch_related("entries", "referrals"):
        items.append(
            {
                "key": f"concern:{concern.pk}",
                "kind": "Safeguarding concern",
                "title": f"{concern.audit_label()}: {concern.get_category_display()}",
                "data": {
                    "category": concern.get_category_display(),
                    "raised": _date(concern.raised_at),
                    "status": concern.get_status_display(),
                    "summary": concern.summary,
                    "closed": _date(concern.closed_at),
                    "outcome": concern.outcome,
                    "entries": [
                        {
                            "kind": e.get_kind_display(),
                            "happened": _date(e.happened_at),
                            "text": e.text,
                            "reason": e.reason,
                        }
                        for e in concern.entries.all()
                    ],
                    "referrals": [
                        {
                            "to": r.destination_name,
                            "made": _date(r.made_at),
                            "shared": r.shared,
                            "reason": r.reason,
                        }
                        for r in concern.referrals.all()
                    ],
                },
            }
        )
    inbox = Item.objects.filter(organisation_id=person.organisation_id, author__in=authors).select_related(
        "channel", "author"
    )
    for item in inbox.order_by("-received_at", "-pk")[:ITEM_LIMIT]:
        items.append(
            {
                "key": f"item:{item.pk}",
                "kind": "Message to a channel",
                "title": f"Item #{item.pk} on {item.channel.name}",
                "data": {
                    "channel": item.channel.name,
                    "from": item.author.handle or item.author.display_name,
                    "received": _date(item.received_at),
                    "text": item.text,
                    "url": item.url,
                },
            }
        )
    return items


def register_part(person: Person) -> dict:
    consents = (
        ConsentRecord.objects.filter(Q(person=person) | Q(given_by=person))
        .select_related("person", "given_by", "evidence")
        .prefetch_related("channels")
    )
    evidence = {}
    for consent in consents:
        e = consent.evidence
        evidence[e.pk] = {
            "id": f"evidence:{e.pk}",
            "kind": e.get_kind_display(),
            "recorded": _date(e.recorded_at),
            "file": e.original_name or ("kept" if e.file else ""),
            "signed_name": e.signed_name,
            "sha256": e.sha256,
        }
    requests = ConsentRequest.objects.filter(Q(person=person) | Q(sent_to=person))
    tags = AssetPerson.objects.filter(person=person).select_related("asset")
    uses = PublishedUse.objects.filter(person=person).select_related(
        "publication__post", "publication__channel"
    )
    return {
        "register_entry": {
            "id": f"person:{person.pk}",
            "kind": person.get_kind_display(),
            "first_name": person.first_name,
            "last_name": person.last_name,
            "date_of_birth": _date(person.date_of_birth),
            "age_band": person.get_age_band_display() if person.age_band else "",
            "role": person.role,
            "email": person.email,
            "phone": person.phone,
            "notes": person.notes,
            "added": _date(person.created_at),
            "erased": _date(person.erased_at),
            "groups": [g.name for g in person.groups.all()],
        },
        "parents_and_carers": [
            {"name": link.guardian.full_name, "relationship": link.relationship}
            for link in Guardianship.objects.filter(child=person).select_related("guardian")
        ],
        "children": [
            {"name": link.child.full_name, "relationship": link.relationship}
            for link in Guardianship.objects.filter(guardian=person).select_related("child")
        ],
        "consents": [
            {
                "id": f"consent:{c.pk}",
                "about": c.person.full_name,
                "given_by": c.given_by.full_name,
                "use": c.get_use_display(),
                "decision": c.get_decision_display(),
                "channels": "All channels"
                if c.all_channels
                else ", ".join(ch.name for ch in c.channels.all()),
                "starts": _date(c.starts),
                "expires": _date(c.expires),
                "withdrawn": _date(c.withdrawn_at),
                "withdrawal_note": c.withdrawal_note,
                "evidence": f"evidence:{c.evidence_id}",
            }
            for c in consents
        ],
        "evidence": list(evidence.values()),
        "consent_requests": [
            {
                "id": f"request:{r.pk}",
                "sent": _date(r.created_at),
                "to": r.email,
                "uses": list(r.uses),
                "state": r.get_state_display(),
                "answered": _date(r.answered_at),
            }
            for r in requests
        ],
        "media": [
            {
                "id": f"media:{t.asset_id}",
                "title": t.asset.title,
                "alt_text": t.asset.alt_text,
                "added": _date(t.asset.added_at),
                "archived": _date(t.asset.archived_at),
            }
            for t in tags
        ],
        "posts": [
            {
                "id": f"publication:{u.publication_id}",
                "post": u.publication.post.title,
                "channel": u.publication.channel.name,
                "use": u.get_use_display(),
                "published": _date(u.publication.finished_at),
                "url": u.publication.url,
            }
            for u in uses
        ],
        "posts_in_harbour": [
            {
                "id": f"post:{tag.post_id}",
                "post": tag.post.title,
                "state": tag.post.get_state_display(),
                "how": how,
                "created": _date(tag.post.created_at),
            }
            for tag, how in [
                *[
                    (t, f"Named: {t.use.replace('_', ' ')}")
                    for t in PostPerson.objects.filter(person=person).select_related("post")
                ],
                *[
                    (i, f"Shown in the image {i.asset.title}")
                    for i in PostImage.objects.filter(asset__tags__person=person).select_related(
                        "post", "asset"
                    )
                ],
            ]
        ],
        "takedowns": [
            {
                "id": f"takedown:{t.pk}",
                "publication": f"publication:{t.publication_id}",
                "reason": t.get_reason_display(),
                "state": t.get_state_display(),
                "opened": _date(t.created_at),
                "done": _date(t.done_at),
            }
            for t in Takedown.objects.filter(person=person)
        ],
    }


def build(request) -> dict:
    """The export of a subject access request: the register part, and the safeguarding items that a lead did
    not withhold."""
    person = request.person
    withheld = set(request.withheld.values_list("item", flat=True))
    safeguarding = [
        {"id": item["key"], "kind": item["kind"], "title": item["title"], **item["data"]}
        for item in safeguarding_items(person)
        if item["key"] not in withheld
    ]
    return {
        "about": person.full_name,
        "organisation": request.organisation.name,
        "request": request.audit_label(),
        "received": _date(request.received_on),
        **register_part(person),
        "safeguarding": safeguarding,
    }


def as_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()
