"""`{% load rota %}{% not_monitored_notice channel %}`: the public disclaimer's notice, outside the hours on
the channel's rota, that nobody is checking the account now, with the emergency contacts.

A template tag, so that the channel's page shows it without channels importing the rota (which is built
on channels)."""

from django import template

from harbour.channels import disclaimer
from harbour.channels.models import Status
from harbour.rota import services

register = template.Library()

# The disclaimer's own help lines for danger now: 999, Childline and CEOP (docs/safeguarding.md).
EMERGENCY_WORDS = ("999", "Childline", "CEOP")


def emergency_contacts() -> list[str]:
    return [item for item in disclaimer.HELP_NOW if any(word in item for word in EMERGENCY_WORDS)]


@register.inclusion_tag("rota/_not_monitored.html")
def not_monitored_notice(channel, at=None) -> dict:
    """Shown only for an active channel that has a rota and nobody on it now; it names no member of staff."""
    if (
        channel.status != Status.ACTIVE
        or not services.has_rota(channel)
        or services.is_monitored_now(channel, at)
    ):
        return {"show": False}
    return {
        "show": True,
        "next_check": services.next_covered(channel, at),
        "contacts": disclaimer.blocks("\n".join(f"- {item}" for item in emergency_contacts())),
    }
