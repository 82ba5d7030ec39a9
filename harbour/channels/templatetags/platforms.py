"""What Harbour can do on a channel's platform, for pages to offer only those actions:
`{% load platforms %}{% if channel|can:"hide" %}...{% endif %}`. The name must be a PlatformCapability
(harbour/connectors/platform.py): a misspelt one fails the page instead of hiding the action."""

from django import template

register = template.Library()


@register.filter
def can(channel, capability: str) -> bool:
    return channel.can(capability)
