from django import template

from harbour.audit.forms import describe

register = template.Library()


@register.filter
def audit_action(action: str) -> str:
    return describe(str(action))
