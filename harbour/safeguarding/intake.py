"""Concerns that arrive by themselves, at ingest (docs/safeguarding.md rule 17): the screening engine's
escalations and the grooming tracker's stage alerts become concerns for the safeguarding lead, with the
messages that led to them, without waiting for a moderator.

- An item whose screening action is "escalate" raises a concern (source SCREENING): its category from the
  most severe findings (`category_for`, which moderation's escalate form preselects too), its severity
  from the item's.
- An item on which the grooming tracker raised its stage alert raises a concern about its author (source
  GROOMING_TRACKER), with the author's recent messages as evidence and the stages the tracker sees now.
  There is at most one open tracker concern per author: a later alert adds to it
  (services.add_tracker_evidence_in) instead of raising a second.

`raise_from_ingest` runs inside ingest's write transaction, after the items and the authors' running
states are stored (harbour/inbox/ingest.py), so the concerns and the items commit together; the author
rows are locked there, so two deliveries for one author cannot both raise a tracker concern.
"""

from harbour.inbox.models import AuthorState, Item
from harbour.inbox.screened import ScreeningAction
from harbour.lib.bidi import isolate
from harbour.safeguarding import services
from harbour.safeguarding.models import SUMMARY_LENGTH, Category, Concern, Severity, Source, Status
from harbour.screening import grooming_summary

# The grooming tracker's detector name (harbour/screening/detectors/grooming.py), as its findings carry it.
TRACKER = "grooming"
RELATED_LIMIT = 10  # the author's latest messages kept with a tracker concern, the alerting one included

# A screening category -> the concern's category, most specific first: among the most severe findings,
# the first in this order names the concern. An image request is sexual communication (the sender may
# be an adult: the referral picker says police or CEOP); anything unlisted is "something else".
CATEGORY_FOR = {
    "grooming": Category.GROOMING,
    "sexting": Category.SEXUAL_COMMUNICATION,
    "sexual": Category.SEXUAL_COMMUNICATION,
    "disclosure": Category.DISCLOSURE,
    "self_harm": Category.SELF_HARM,
    "bullying": Category.BULLYING,
    "hate": Category.BULLYING,
    "insult": Category.BULLYING,
}


def _findings(verdict) -> list[dict]:
    findings = verdict.get("findings") if isinstance(verdict, dict) else None
    return [f for f in findings if isinstance(f, dict)] if isinstance(findings, list) else []


def _severity_of(finding: dict) -> int:
    severity = finding.get("severity")
    return severity if isinstance(severity, int) and not isinstance(severity, bool) else 0


def category_for(verdict) -> Category:
    """The concern category that fits a stored screening verdict (OTHER when nothing fits)."""
    findings = _findings(verdict)
    worst = max((_severity_of(f) for f in findings), default=0)
    found = {f.get("category") for f in findings if _severity_of(f) == worst}
    return next((category for name, category in CATEGORY_FOR.items() if name in found), Category.OTHER)


def severity_for(item: Item) -> Severity:
    """Screening's severity (0 to 4) as a concern's (low to critical)."""
    return Severity(min(max(int(item.severity or 0), Severity.LOW), Severity.CRITICAL))


def tracker_alert(verdict) -> dict | None:
    """The grooming tracker's stage alert among an item's findings, if it raised one."""
    return next((f for f in _findings(verdict) if f.get("detector") == TRACKER), None)


def _reasons(item: Item) -> str:
    reasons = dict.fromkeys(str(f.get("reason") or "").strip() for f in _findings(item.verdict))
    return "; ".join(reason for reason in reasons if reason)


def _summary(text: str) -> str:
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "\u2026"


def _from(item: Item) -> str:
    name = item.author.display_name or item.author.handle  # typed by whoever made the account: isolated
    who = isolate(name) if name else "an unknown author"
    return f"{item.get_kind_display().lower()} from {who} on {isolate(item.channel.name)}"


def arrives_as_concern(verdict, action) -> bool:
    """Whether an item screened so raises a concern by itself (ingest asks before calling raise_from_ingest)."""
    return action == ScreeningAction.ESCALATE or tracker_alert(verdict) is not None


def raise_from_ingest(channel, platform_ids: list[str]) -> list[Concern]:
    """Inside ingest's write transaction: raise (or add to) a concern for each item just stored whose
    screening escalates or on which the grooming tracker alerted; returns the concerns touched."""
    items = [
        item
        for item in Item.objects.filter(channel=channel, platform_id__in=platform_ids)
        .select_related("author", "channel", "organisation")
        .order_by("received_at", "pk")
        if arrives_as_concern(item.verdict, item.action)
    ]
    touched = []
    for item in items:
        if tracker_alert(item.verdict):
            touched.append(_from_the_tracker(item))
        else:
            touched.append(_from_screening(item))
    return touched


def _from_screening(item: Item) -> Concern:
    reasons = _reasons(item)
    summary = f"Screening sent this {_from(item)} to the safeguarding lead" + (
        f": {reasons}." if reasons else "."
    )
    return services.raise_concern_in(
        item.organisation,
        by=None,
        source=Source.SCREENING,
        item=item,
        category=category_for(item.verdict),
        severity=severity_for(item),
        summary=_summary(summary),
    )


def _stages(item: Item) -> dict:
    """What the tracker sees in the author's messages now: its stages, strongest first, and how many of
    their messages it has read (read through harbour.screening.grooming_summary, the one way)."""
    state = AuthorState.objects.filter(author_id=item.author_id).values_list("state", flat=True).first()
    summary = grooming_summary(state)
    if summary is None:  # nothing present now: the alert's own finding names its stages
        evidence = (tracker_alert(item.verdict) or {}).get("evidence")
        names = evidence.get("stages") if isinstance(evidence, dict) else None
        names = [name for name in names if isinstance(name, str)] if isinstance(names, list) else []
        return {"stages": [{"name": name, "label": name} for name in names], "messages_seen": None}
    return {
        "stages": [{"name": stage.name, "label": stage.label} for stage in summary.stages],
        "messages_seen": summary.messages,
    }


def _from_the_tracker(item: Item) -> Concern:
    noted = {"grooming_tracker": _stages(item)}
    related = list(
        Item.objects.filter(organisation_id=item.organisation_id, author_id=item.author_id)
        .exclude(pk=item.pk)
        .filter(received_at__lte=item.received_at)
        .select_related("author", "channel")
        .order_by("-received_at", "-pk")[: RELATED_LIMIT - 1]
    )[::-1]
    severity = severity_for(item)
    open_one = Concern.objects.filter(
        organisation_id=item.organisation_id,
        author_id=item.author_id,
        source=Source.GROOMING_TRACKER,
        status=Status.OPEN,
    ).first()
    if open_one is not None:
        return services.add_tracker_evidence_in(
            open_one, item=item, related=related, noted=noted, severity=severity
        )
    labels = "; ".join(stage["label"] for stage in noted["grooming_tracker"]["stages"])
    summary = (
        f"The grooming tracker alerted on a {_from(item)}"
        + (f", seeing these stages across their messages: {labels}." if labels else ".")
        + f" The last {len(related) + 1} of their messages are kept as evidence."
    )
    return services.raise_concern_in(
        item.organisation,
        by=None,
        source=Source.GROOMING_TRACKER,
        item=item,
        related=related,
        category=Category.GROOMING,
        severity=severity,
        summary=_summary(summary),
        author=item.author,
        noted=noted,
    )
