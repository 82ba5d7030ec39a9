"""Isolating text that people or the internet typed, where markup cannot do it.

In page content, wrap such text in <bdi> (inline) or give its block dir="auto": a right-to-left override
inside a name or a comment then cannot reorder the words around it. A <title> or an attribute cannot
hold markup, so there `{{ value|isolate }}` brackets the text with the Unicode isolate controls (FIRST
STRONG ISOLATE ... POP DIRECTIONAL ISOLATE), which the bidirectional algorithm treats as it treats <bdi>.
"""

from django import template

register = template.Library()

FSI, PDI = "\u2068", "\u2069"
ISOLATE_OPENERS = {"\u2066", "\u2067", "\u2068"}  # LRI, RLI, FSI


@register.filter
def isolate(value) -> str:
    """The text between FSI and PDI. A PDI of the text's own that would close our isolate early is
    dropped, and isolates it leaves open are closed; its embeddings and overrides end at our PDI."""
    text = "" if value is None else str(value)
    open_isolates, kept = 0, []
    for char in text:
        if char in ISOLATE_OPENERS:
            open_isolates += 1
        elif char == PDI:
            if open_isolates == 0:
                continue
            open_isolates -= 1
        kept.append(char)
    return FSI + "".join(kept) + PDI * open_isolates + PDI
