from django import template

from harbour.audit.events import detail_label, label_of

register = template.Library()


@register.filter
def audit_action(action: str) -> str:
    """The declared type's label: 'channel.approved' -> 'Channel approved' (the export keeps the value)."""
    return label_of(str(action))


@register.filter
def detail_pairs(detail) -> list[tuple[str, str]]:
    """An event's detail as (label, text) pairs, for `{% for label, text in event.detail|detail_pairs %}`.

    Never iterate `event.detail.items` in a template: the template language tries the dict key first,
    so a detail with a key named `items` (or `keys`, `values`, `get`) would be iterated instead."""
    if not isinstance(detail, dict):
        return [] if detail in (None, "", [], {}) else [("", display_value(detail))]
    return [(detail_label(key), display_value(value)) for key, value in detail.items()]


def display_value(value) -> str:
    """A detail value as a reader would write it: lists joined with commas, nested details as `key: value`."""
    if isinstance(value, dict):
        return "; ".join(f"{key}: {display_value(item)}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(display_value(item) for item in value)
    if value is None:
        return ""
    return str(value)
