"""CSV cells a spreadsheet will not run as formulas, whatever hides in front of the formula (issue 15 item 10)."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harbour.audit.views import csv_cell
from harbour.lib.spreadsheet import TRIGGERS, safe_cell

# What a spreadsheet skips or shows as nothing before it looks at the first character.
HIDING = st.text(
    alphabet=st.one_of(
        st.characters(categories=["Cf", "Zs", "Zl", "Zp", "Cc", "Mn", "Me"]),
        st.sampled_from(["\u200b", "\u2060", "\ufeff", "\u3164", "\u115f", "\u2800", "\u00a0", "\u3000"]),
    ),
    max_size=6,
)
# Every character whose NFKC form starts with a formula trigger: '=' and also '＝', '﹦', '⩵', '％', '｜'…
LOOKALIKES = st.sampled_from(
    [
        chr(n)
        for n in range(0x110000)
        if unicodedata.normalize("NFKC", chr(n))[:1] in TRIGGERS and not 0xD800 <= n < 0xE000
    ]
)


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "|calc",
        "%x",
        "\t=1",
        "\r=1",
        "\n=1",
        "\u200b=HYPERLINK(1)",
        "\u200b|x",
        "\uff1dHYPERLINK(1)",
        "\ufe66x",
        "\uff05x",
        "\uff5cx",
        "\u202e=1",
        " =1",
        "\u3000=1",
        "\ufeff@x",
    ],
)
def test_formula_starts_get_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["plain", "", "Youth Voice", "1+1", "a=b", " hello", "\u200bhello", "café", "5%"]
)
def test_ordinary_text_is_left_alone(text):
    assert safe_cell(text) == text


@settings(max_examples=400, deadline=None)
@given(HIDING, LOOKALIKES, st.text(max_size=20))
def test_any_hidden_prefix_before_any_trigger_is_neutralised(hiding, trigger, rest):
    assert safe_cell(hiding + trigger + rest).startswith("'")


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=30))
def test_a_cell_is_unchanged_unless_a_formula_could_start(text):
    result = safe_cell(text)
    assert result in (text, "'" + text)
    hidden = [c for c in text if unicodedata.category(c)[0] in "CZM" or c in "\u3164\u115f\u2800\uffa0\u1160"]
    leading = text[: next((i for i, c in enumerate(text) if c not in hidden), len(text))]
    first = text[len(leading) : len(leading) + 1]
    could_start = any(c in leading for c in "\t\r\n") or unicodedata.normalize("NFKC", first)[:1] in TRIGGERS
    assert (result != text) == bool(could_start and first + leading)


def test_the_audit_export_uses_the_general_rule():
    assert (
        csv_cell("\u200b=1") == "'\u200b=1" and csv_cell("\uff1d1") == "'\uff1d1" and csv_cell("|x") == "'|x"
    )
    assert csv_cell({"items": ["=1", "b"]}) == "items: =1, b"
