"""Plain text from a Bluesky post record, with link facets read by their UTF-8 byte offsets.

A link facet can show one text and point somewhere else ("bbc.co.uk" → a stranger's site). The
moderator must see where a link really goes, so each valid link facet is written out in the text:
Bluesky's own shortening ("example.com/very/lo...") becomes the full URL, and any other display
text is kept with the URL after it in brackets. Facets come from strangers: an offset past the end,
inside a character, backwards or overlapping another is ignored, never an error.
"""

from __future__ import annotations

from typing import Any

from harbour.connectors.base import safe_text

LINK = "app.bsky.richtext.facet#link"


def _link_spans(data: bytes, facets: Any) -> list[tuple[int, int, str]]:
    if not isinstance(facets, list):
        return []
    spans = []
    for facet in facets:
        if not isinstance(facet, dict):
            continue
        index, features = facet.get("index"), facet.get("features")
        if not isinstance(index, dict) or not isinstance(features, list):
            continue
        start, end = index.get("byteStart"), index.get("byteEnd")
        if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(data):
            continue
        uris = [f.get("uri") for f in features if isinstance(f, dict) and f.get("$type") == LINK]
        uri = next(
            (u for u in uris if isinstance(u, str) and u.lower().startswith(("https://", "http://"))), None
        )
        if uri is None or not _on_boundaries(data, start, end):
            continue
        spans.append((start, end, uri))
    spans.sort()
    kept, last_end = [], 0
    for start, end, uri in spans:
        if start >= last_end:  # overlapping facets: keep the first
            kept.append((start, end, uri))
            last_end = end
    return kept


def _on_boundaries(data: bytes, start: int, end: int) -> bool:
    """True if both offsets fall between characters (not inside a multi-byte UTF-8 sequence)."""
    return all(i == len(data) or data[i] & 0xC0 != 0x80 for i in (start, end))


def _shown(display: str, uri: str) -> str:
    shortened = display.removesuffix("...").removesuffix("…").strip()
    bare = uri.split("://", 1)[1]
    if shortened and (uri.startswith(shortened) or bare.startswith(shortened)):
        return uri
    return f"{display} ({uri})"


def text_from_record(text: str, facets: Any) -> str:
    data = safe_text(text).encode("utf-8")
    pieces: list[str] = []
    position = 0
    for start, end, uri in _link_spans(data, facets):
        pieces.append(data[position:start].decode("utf-8"))
        pieces.append(_shown(data[start:end].decode("utf-8"), uri))
        position = end
    pieces.append(data[position:].decode("utf-8"))
    return "".join(pieces)
