"""Showing screened text: every piece of a stranger's text is escaped first, and only then are the
screened spans wrapped in <mark>."""

from urllib.parse import urlsplit

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from harbour.screening.verdict import Category

register = template.Library()

CATEGORY_LABELS = {str(c): str(c).replace("_", " ").capitalize() for c in Category}
ACTION_TAGS = {
    "escalate": "govuk-tag--red",
    "hide": "govuk-tag--orange",
    "review": "govuk-tag--yellow",
    "allow": "govuk-tag--grey",
}
# What screening suggests, worded as a suggestion: a tag saying "Hide" read as a button to press.
SUGGESTIONS = {
    "escalate": "Suggests escalating",
    "hide": "Suggests hiding",
    "review": "Suggests a look",
    "allow": "No action suggested",
}


def category_label(category) -> str:
    return CATEGORY_LABELS.get(str(category), "Flagged")


def _spans(text: str, findings) -> list[tuple[int, int, str]]:
    """The findings' spans clamped to the text, in order; a span that overlaps an earlier one, is empty
    or is not a pair of whole numbers is left out (its finding is still listed beside the text)."""
    spans = []
    for finding in findings if isinstance(findings, (list, tuple)) else ():
        if not isinstance(finding, dict):
            continue
        span = finding.get("span")
        if not isinstance(span, (list, tuple)) or len(span) != 2:
            continue
        start, end = span
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end)):
            continue
        start, end = max(0, start), min(len(text), end)
        if start < end:
            spans.append((start, end, category_label(finding.get("category"))))
    spans.sort(key=lambda s: (s[0], -s[1]))
    kept, reached = [], 0
    for start, end, label in spans:
        if start >= reached:
            kept.append((start, end, label))
            reached = end
    return kept


MASK = "•"
MASKED_CATEGORIES = {str(Category.PERSONAL_INFO)}


def _masked(text: str, findings) -> tuple[str, set[int]]:
    """The text with every character of a personal information span (a child's phone number, address,
    e-mail) replaced by MASK, spaces kept; and the masked positions. The length is unchanged, so every
    finding's span still points at the same place."""
    hidden = set()
    for finding in findings if isinstance(findings, (list, tuple)) else ():
        if isinstance(finding, dict) and str(finding.get("category")) in MASKED_CATEGORIES:
            for start, end, _ in _spans(text, [finding]):
                hidden.update(i for i in range(start, end) if not text[i].isspace())
    if not hidden:
        return text, hidden
    return "".join(MASK if i in hidden else char for i, char in enumerate(text)), hidden


def _highlighted(text, findings, *, mask: bool) -> SafeString:
    text = "" if text is None else str(text)
    hidden = set()
    if mask:
        text, hidden = _masked(text, findings)
    pieces, at = [], 0
    for start, end, label in _spans(text, findings):
        pieces.append(conditional_escape(text[at:start]))
        masked = any(i in hidden for i in range(start, end))
        pieces.append(
            format_html(
                '<mark class="harbour-mark"><span class="govuk-visually-hidden">Flagged as {}{}: </span>{}'
                '<span class="govuk-visually-hidden"> (end of flag)</span></mark>',
                label,
                ", hidden in the list: open the item to read it" if masked else "",
                text[start:end],
            )
        )
        at = end
    pieces.append(conditional_escape(text[at:]))
    return mark_safe("".join(pieces))  # every piece above is escaped or built by format_html


@register.filter
def highlight(text, findings) -> SafeString:
    """The text, escaped, with each screened span in a <mark> that names its category to screen readers.
    For the item's own page, the only place personal information is shown in full."""
    return _highlighted(text, findings, mask=False)


@register.filter
def highlight_masked(text, findings) -> SafeString:
    """As highlight, with personal information masked: for every list of items."""
    return _highlighted(text, findings, mask=True)


@register.filter
def action_tag(action) -> str:
    return ACTION_TAGS.get(str(action), "govuk-tag--grey")


@register.filter
def suggestion(action) -> str:
    return SUGGESTIONS.get(str(action), "Suggests a look")


@register.filter
def category_name(category) -> str:
    return category_label(category)


@register.filter
def web_link(url) -> str:
    """The URL if it is http(s), else "" (a platform's javascript: or data: link is never rendered)."""
    url = "" if url is None else str(url).strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in ("http", "https") else ""
