"""Isolating text that people or the internet typed, for places that cannot hold markup.

A right-to-left override (U+202E) inside a name reverses the text after it up to the end of its
paragraph: "Club \u202edeef" in "Club \u202edeef is approved." turns the rest of the sentence round.
`isolate(value)` brackets the value with FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE, which the
bidirectional algorithm treats as it treats <bdi>: whatever the value does ends at its own PDI. Use it
for every name or typed value put into a message, an error, an e-mail or a <title> (the template filter
`|isolate` in harbour/console/templatetags/bidi.py is this function); in page content use <bdi> or
dir="auto" instead.
"""

FSI, PDI = "\u2068", "\u2069"
ISOLATE_OPENERS = {"\u2066", "\u2067", "\u2068"}  # LRI, RLI, FSI


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
