"""Template filters for a post's media: a video's length in words (the connectors' duration_words)."""

import math

from django import template

from harbour.connectors.platform import duration_words

register = template.Library()


@register.filter
def video_length(milliseconds) -> str:
    """{{ asset.duration_ms|video_length }}: "45 seconds", "2 minutes 30 seconds"."""
    try:
        return duration_words(math.ceil(int(milliseconds) / 1000))
    except (TypeError, ValueError):
        return ""
