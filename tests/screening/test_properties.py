"""Any input: screening never crashes, every span lies inside the text and covers something, and the
same input always gives the same verdict."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from harbour.screening import Context, screen
from harbour.screening.normalise import Document
from harbour.screening.verdict import Direction

# Text that looks like the real thing: evasion characters, emoji and bad words mixed with any Unicode.
PIECES = st.sampled_from(
    [
        "fuck",
        "sh1t",
        "a$$",
        "s e x",
        "k.y.s",
        "\u200b",
        "\u200d",
        "\ufeff",
        "\u0301",
        "ｆｕｃｋ",
        "𝐟",
        "с",
        "🔪",
        "🍆",
        "👉👌",
        "💀",
        "07700 900123",
        "DE22 3AB",
        "@",
        "*",
        "!",
        "'",
        "’",
        "i'll",
        "you",
        "kill",
        "nudes",
        "send",
        "meet me at the park",
        "  ",
        "\n",
        "ß",
        "İ",
        "ﬁ",
        "½",
        "12 Acacia Avenue",
        "year 8",
        "im 13",
        "bit.ly/x",
        "free robux",
        "cooool",
        "fuuuuck",
        "Scunthorpe",
        "\ud800",
        "\U000e0041",
        "x" * 40,
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300), st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=30).map("".join)
)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXTS, st.sampled_from(list(Direction)))
@example("f\u200bu\u200bc\u200bk", Direction.INCOMING)
@example("🔪🔪🔪", Direction.INCOMING)
@example("\u0301\u0301", Direction.OUTGOING)
@example("", Direction.INCOMING)
def test_screen_never_crashes_and_spans_lie_inside_the_text(text, direction):
    verdict = screen(text, Context(direction=direction, author="a"))
    for f in verdict.findings:
        start, end = f.span
        assert 0 <= start < end <= len(text)
        assert text[start:end]
        assert 0 <= f.severity <= 4
        assert f.reason
    assert verdict.severity == max((f.severity for f in verdict.findings), default=0)


@SETTINGS
@given(TEXTS)
def test_screening_is_deterministic(text):
    first = screen(text, Context(author="a"))
    second = screen(text, Context(author="a"))
    assert first.to_dict() == second.to_dict()
    assert first.action == second.action


@SETTINGS
@given(TEXTS)
def test_every_normalised_span_maps_into_the_original(text):
    doc = Document(text)
    for form in doc.forms:
        n = len(form.text)
        for start in range(0, n, max(1, n // 7)):
            for end in range(start + 1, n + 1, max(1, n // 5)):
                s, e = form.to_original(start, end)
                assert 0 <= s <= e <= len(text)
                if form.text[start:end].strip():
                    assert s < e
    for word in doc.words:
        s, e = doc.span_of(word)
        assert 0 <= s < e <= len(text)
