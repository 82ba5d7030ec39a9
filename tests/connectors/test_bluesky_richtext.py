"""Link facets are read by UTF-8 byte offsets; hostile facets never raise and never lose text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harbour.connectors.bluesky.richtext import text_from_record


def link(text: str, shown: str, uri: str, *, nth: int = 0) -> dict:
    data = text.encode()
    start = data.index(shown.encode())
    for _ in range(nth):
        start = data.index(shown.encode(), start + 1)
    return {
        "index": {"byteStart": start, "byteEnd": start + len(shown.encode())},
        "features": [{"$type": "app.bsky.richtext.facet#link", "uri": uri}],
    }


@pytest.mark.parametrize(
    "text, facet, expected",
    [
        (
            "see example.com/pa...",
            ("example.com/pa...", "https://example.com/path/long"),
            "see https://example.com/path/long",
        ),
        ("😀😀 bbc.co.uk", ("bbc.co.uk", "https://evil.example/"), "😀😀 bbc.co.uk (https://evil.example/)"),
        ("naïve café https://x.org", ("https://x.org", "https://x.org"), "naïve café https://x.org"),
        (
            "日本語 click here",
            ("click here", "https://a.example/b"),
            "日本語 click here (https://a.example/b)",
        ),
        ("a javascript link", ("javascript link", "javascript:alert(1)"), "a javascript link"),
    ],
)
def test_link_display_text_is_checked_against_the_uri(text, facet, expected):
    assert text_from_record(text, [link(text, *facet)]) == expected


@pytest.mark.parametrize(
    "facets",
    [
        [
            {
                "index": {"byteStart": 0, "byteEnd": 99},
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://x"}],
            }
        ],  # past the end
        [
            {
                "index": {"byteStart": 1, "byteEnd": 3},
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://x"}],
            }
        ],  # inside the emoji
        [{"index": {"byteStart": 5, "byteEnd": 2}, "features": []}],  # backwards
        [{"index": {"byteStart": "0", "byteEnd": 4}, "features": None}],  # wrong types
        "not a list",
        [None, 3, "x"],
    ],
)
def test_broken_facets_are_ignored(facets):
    assert text_from_record("😀 hello", facets) == "😀 hello"


def test_overlapping_links_keep_the_first():
    text = "abc def"
    facets = [link(text, "abc def", "https://one.example/"), link(text, "def", "https://two.example/")]
    assert text_from_record(text, facets) == "abc def (https://one.example/)"


def test_lone_surrogates_and_nul_are_replaced():
    assert text_from_record("a\ud800b\x00c", []) == "a\ufffdb\ufffdc"


facet_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 60) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["index", "features", "byteStart", "byteEnd", "$type", "uri"]), inner, max_size=4
        )
    ),
    max_leaves=20,
)
real_facets = st.lists(
    st.fixed_dictionaries(
        {
            "index": st.fixed_dictionaries(
                {"byteStart": st.integers(-2, 40), "byteEnd": st.integers(-2, 40)}
            ),
            "features": st.lists(
                st.fixed_dictionaries(
                    {
                        "$type": st.just("app.bsky.richtext.facet#link"),
                        "uri": st.sampled_from(["https://a.example/x", "http://b", "ftp://c", ""]),
                    }
                ),
                max_size=2,
            ),
        }
    ),
    max_size=4,
)


@given(text=st.text(max_size=30), facets=facet_values | real_facets)
def test_any_facets_give_text_that_keeps_every_character(text, facets):
    result = text_from_record(text, facets)
    assert isinstance(result, str)
    # Facets only ever add the real address; nothing of the author's text is dropped.
    clean = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").replace("\x00", "\ufffd")
    remaining = iter(result)
    assert all(ch in remaining for ch in clean)
