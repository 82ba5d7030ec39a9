"""Template filters for a post's media: a video's length in words (checks.how_long)."""

from django import template

from harbour.publishing.checks import how_long

register = template.Library()


@register.filter
def video_length(milliseconds) -> str:
    """{{ asset.duration_ms|video_length }}: "45 seconds", "2 minutes 30 seconds"."""
    try:
        return how_long(int(milliseconds))
    except (TypeError, ValueError):
        return ""
