"""Helpers for the inbox page tests: screened items made directly, with the verdict they would carry."""

from datetime import timedelta

from django.utils import timezone

from harbour.inbox.models import Item
from tests.inbox.inbox_helpers import active_channel

_counter = iter(range(1, 10**9))


def finding(category="bullying", severity=2, span=(0, 4), reason="Name-calling", detector="bullying_classifier", **more):
    return {"category": category, "severity": severity, "span": list(span), "reason": reason, "detector": detector, **more}


def make_item(channel, text="hello", *, findings=(), severity=None, action="allow", minutes_ago=10, **fields) -> Item:
    findings = list(findings)
    if severity is None:
        severity = max((f["severity"] for f in findings), default=0)
    n = next(_counter)
    return Item.objects.create(
        organisation=channel.organisation,
        channel=channel,
        platform_id=f"item-{n}",
        kind=fields.pop("kind", "reply"),
        text=text,
        author_id=fields.pop("author_id", f"author-{n}"),
        author_handle=fields.pop("author_handle", f"@young.person{n}"),
        author_display_name=fields.pop("author_display_name", f"Young Person {n}"),
        received_at=timezone.now() - timedelta(minutes=minutes_ago),
        verdict={"severity": severity, "action": action, "findings": findings},
        severity=severity,
        action=action,
        **fields,
    )


__all__ = ["active_channel", "finding", "make_item"]
