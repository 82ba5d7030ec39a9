"""`{% if membership|can:"manage_training" %}`: templates ask the capability table too, never a role."""

from django import template

from harbour.accounts.capabilities import Capability

register = template.Library()


@register.filter
def can(membership, capability: str) -> bool:
    # Capability() raises on a name not in the table, so a misspelt check fails loudly, not hides a button.
    return membership is not None and membership.can(Capability(capability))
