"""The highlighter escapes every piece of a stranger's text and only then marks the screened spans."""

import pytest

from harbour.inbox.templatetags.inbox import highlight, web_link
from tests.cast import finding

MARK_OPEN = '<mark class="harbour-mark"><span class="govuk-visually-hidden">Flagged as '
MARK_CLOSE = '<span class="govuk-visually-hidden"> (end of flag)</span></mark>'


def mark(label: str, inner: str) -> str:
    return f"{MARK_OPEN}{label}: </span>{inner}{MARK_CLOSE}"


@pytest.mark.parametrize(
    ("text", "findings", "expected"),
    [
        ("you are a loser", [finding("bullying", span=(10, 15))], "you are a " + mark("Bullying", "loser")),
        ("nothing here", [], "nothing here"),
        ("", [finding(span=(0, 4))], ""),
        (None, [finding(span=(0, 4))], ""),
        # overlapping: the first (longest at the same start) wins; the overlapping one is left out
        (
            "abcdefgh",
            [finding("insult", span=(0, 4)), finding("hate", span=(2, 6))],
            mark("Insult", "abcd") + "efgh",
        ),
        (
            "abcdefgh",
            [finding("insult", span=(2, 4)), finding("hate", span=(2, 6))],
            "ab" + mark("Hate", "cdef") + "gh",
        ),
        # past the end is clamped; wholly outside, negative, reversed or empty spans are ignored
        ("short", [finding("spam", span=(3, 99))], "sho" + mark("Spam", "rt")),
        ("short", [finding("spam", span=(10, 20))], "short"),
        ("short", [finding("spam", span=(-5, 2))], mark("Spam", "sh") + "ort"),
        ("short", [finding("spam", span=(4, 2)), finding("spam", span=(1, 1))], "short"),
        # malformed findings from a stored verdict are skipped, not an error
        ("short", [{"span": "0-3"}, {"span": [0]}, {"span": ["a", 2]}, "junk", {"span": [True, 3]}], "short"),
        ("short", "not a list", "short"),
        ("short", None, "short"),
        # an unknown category is named neutrally
        ("short", [finding("made_up", span=(0, 5))], mark("Flagged", "short")),
        # two separate spans, given out of order
        (
            "one two three",
            [finding("spam", span=(8, 13)), finding("insult", span=(0, 3))],
            mark("Insult", "one") + " two " + mark("Spam", "three"),
        ),
    ],
)
def test_highlight_marks_spans_safely(text, findings, expected):
    assert str(highlight(text, findings)) == expected


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "{{7*7}}",
        "<div hx-get=/x hx-trigger=load>x</div>",
        "<svg onload=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
    ],
)
@pytest.mark.parametrize("spanned", [False, True])
def test_hostile_text_is_rendered_escaped(payload, spanned):
    text = f"look {payload} here"
    findings = [finding("hate", span=(5, 5 + len(payload)))] if spanned else []
    html = str(highlight(text, findings))
    assert "<script" not in html and "<img" not in html and "<svg" not in html and "<div" not in html
    assert "<a " not in html
    assert "&lt;" in html or "{{7*7}}" in html
    assert "49" not in html
    # the only tags are the highlighter's own
    stripped = html.replace(MARK_OPEN, "").replace(MARK_CLOSE, "").replace("</span>", "")
    assert "<" not in stripped


def test_a_span_that_cuts_an_entity_still_escapes_both_halves():
    html = str(highlight("a<b>c", [finding(span=(1, 3))]))
    assert html == "a" + mark("Bullying", "&lt;b") + "&gt;c"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://bsky.app/profile/x/post/1", "https://bsky.app/profile/x/post/1"),
        ("http://example.org/p", "http://example.org/p"),
        ("javascript:alert(1)", ""),
        (" JavaScript:alert(1)", ""),
        ("data:text/html,<script>", ""),
        ("vbscript:msgbox", ""),
        ("//evil.example/x", ""),
        ("", ""),
        (None, ""),
        ("http://[::1", ""),
    ],
)
def test_only_http_links_are_rendered(url, expected):
    assert web_link(url) == expected
