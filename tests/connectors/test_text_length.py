"""Each platform's length_of counts a text as the platform does: Bluesky graphemes, Mastodon graphemes with
every web address as 23. A reply that fits the platform is never refused for its emoji, and one that does
not fit is refused with how the platform counts."""

import ast
from pathlib import Path

import pytest

from harbour.connectors.bluesky.platform import BLUESKY
from harbour.connectors.mastodon.platform import MASTODON
from harbour.connectors.registry import PLATFORMS

FAMILY = (
    "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # four people joined by ZWJs: 7 code points
)
FLAG = "\U0001f1ec\U0001f1e7"  # the Union flag: two regional indicators
WAVE = "\U0001f44b\U0001f3fd"  # a waving hand with a skin tone
ACCENTED = "e\u0301"  # "é" as a letter and a combining accent
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text", [FAMILY, FLAG, WAVE, ACCENTED, "é", "a"])
def test_one_thing_a_reader_sees_counts_as_one_on_both(text):
    assert BLUESKY.length_of(text) == 1
    assert MASTODON.length_of(text) == 1


def test_a_bluesky_reply_of_300_emoji_families_fits_and_301_does_not():
    fits = FAMILY * 300
    assert len(fits) == 2100  # what counting code points had refused
    assert BLUESKY.length_of(fits) == 300 and BLUESKY.too_long(fits) is None
    assert BLUESKY.too_long(fits + FLAG) == (
        "Your reply is 301 characters; Bluesky allows 300 characters, counting each emoji as one. "
        "Shorten it by 1 character."
    )


def test_combining_accents_and_flags_count_once_in_a_sentence():
    text = f"Caf{ACCENTED} open today {FLAG}{FLAG} {WAVE}"
    assert BLUESKY.length_of(text) == len("Café open today ") + 2 + 1 + 1


def test_mastodon_counts_every_web_address_as_23():
    address = "https://example.org/events/summer-camp-2026/booking?child=none&ref=newsletter"
    text = f"Book here: {address}. See you {FAMILY}"
    assert MASTODON.length_of(text) == len("Book here: ") + 23 + len(". See you ") + 1
    assert BLUESKY.length_of(text) == len(text) - len(FAMILY) + 1  # Bluesky counts the address in full
    short = "Details: http://a.co"
    assert MASTODON.length_of(short) == len("Details: ") + 23  # a short address counts 23 too


def test_mastodon_counts_a_mention_on_another_server_by_its_name():
    assert MASTODON.length_of("thanks @alice@mastodon.social and @bob") == len("thanks @alice and @bob")
    assert MASTODON.length_of("write to help@example.org") == len("write to help@example.org")


def test_a_mastodon_reply_with_a_long_address_fits_though_its_code_points_do_not():
    text = "a" * 470 + " https://example.org/" + "x" * 200
    assert len(text) > 500 and MASTODON.length_of(text) == 494 and MASTODON.too_long(text) is None
    over = "b" * 478 + " https://example.org/"
    assert MASTODON.too_long(over) == (
        "Your reply is 502 characters; Mastodon allows 500 characters, counting each emoji as one and each "
        "web address as 23. Shorten it by 2 characters."
    )


def test_every_platform_with_a_limit_says_how_it_counts_and_measures():
    for entry in PLATFORMS.values():
        assert entry.length_of("") == 0
        if entry.max_text_length:
            assert entry.length_rule.startswith(f"{entry.label} allows {entry.max_text_length:,} characters")


def test_nothing_measures_a_reply_against_the_limit_with_len():
    """One way to measure a reply: the platform's length_of. A `len(...)` compared with max_text_length
    anywhere in harbour/ is a second way coming back."""
    offenders = []
    for path in (ROOT / "harbour").rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare):
                continue
            parts = [node.left, *node.comparators]
            reads_limit = any("max_text_length" in ast.unparse(p) for p in parts)
            uses_len = any(
                isinstance(p, ast.Call) and isinstance(p.func, ast.Name) and p.func.id == "len" for p in parts
            )
            if reads_limit and uses_len:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders


def test_the_reply_pages_character_count_counts_as_the_platform_does():
    from harbour.replies.forms import SendForm

    html = SendForm(label="Your reply", platform=BLUESKY, initial={"version": 0})["text"].as_field_group()
    assert (
        'data-maxlength="300"' in html and 'data-count-type="characters"' in html
    )  # graphemes in the browser
    assert "maxlength=" not in html.replace("data-maxlength=", "")  # typing past it is shown, never cut
    assert "Bluesky allows 300 characters, counting each emoji as one." in html
