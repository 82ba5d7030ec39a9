"""Mastodon HTML becomes plain text: tags stripped, entities unescaped once, real link targets shown."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harbour.connectors.base import IncomingItem, MalformedItem
from harbour.connectors.mastodon.connector import MastodonConnector
from harbour.connectors.mastodon.html import html_to_text

HCARD = (
    '<span class="h-card" translate="no"><a href="https://x.example/@org" class="u-url mention">'
    "@<span>org</span></a></span>"
)


@pytest.mark.parametrize(
    "html, text",
    [
        (f"<p>{HCARD} hello</p>", "@org hello"),
        ("<p>one</p><p>two<br>three</p>", "one\n\ntwo\nthree"),
        ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "<script>alert(1)</script>"),
        ("<p>&amp;lt;b&amp;gt;</p>", "&lt;b&gt;"),  # unescaped exactly once
        ("<script>alert(1)</script><style>p{}</style>hi", "hi"),
        ('<img src=x onerror="alert(1)">hi <svg onload=alert(1)>there</svg>', "hi there"),
        ('<a href="javascript:alert(1)">click</a>', "click"),
        ('<a href="https://evil.example/">bbc.co.uk</a>', "bbc.co.uk (https://evil.example/)"),
        ('<a href="https://x.example/tags/youth" class="mention hashtag">#<span>youth</span></a>', "#youth"),
        ('<a href="https://a.example/b"></a>', "https://a.example/b"),
        ('<p hx-get="/steal" hx-trigger="load">{{7*7}}</p>', "{{7*7}}"),
        ("a\u202eb\u200bc", "a\u202eb\u200bc"),  # kept: screening normalises, templates escape
        ("nul\x00here", "nul\ufffdhere"),
    ],
)
def test_html_to_text(html, text):
    assert html_to_text(html) == text


@given(st.text())
def test_any_html_gives_text(html):
    result = html_to_text(html)
    assert isinstance(result, str) and "\x00" not in result


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=12)
    | st.sampled_from(
        ["2026-11-25T10:00:00Z", "113500000000001", "direct", "<p>hi</p>", "https://x.example/a"]
    ),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "account",
                    "acct",
                    "content",
                    "created_at",
                    "visibility",
                    "in_reply_to_id",
                    "media_attachments",
                    "url",
                    "spoiler_text",
                    "display_name",
                    "description",
                    "type",
                ]
            ),
            inner,
            max_size=6,
        )
    ),
    max_leaves=25,
)


@given(
    status=st.dictionaries(
        st.sampled_from(
            [
                "id",
                "account",
                "content",
                "created_at",
                "visibility",
                "url",
                "spoiler_text",
                "media_attachments",
            ]
        ),
        json_values,
        max_size=8,
    )
)
def test_any_status_is_an_item_or_a_malformed_item(status):
    """The outcomes fetch expects: an item, or an error it turns into a Problem."""
    connector = MastodonConnector({"instance_url": "https://social.example.org"}, {"access_token": "t"})
    status.pop("in_reply_to_id", None)  # a reply would look up its thread on the server
    try:
        assert isinstance(connector._item(status, {"id": "1"}), IncomingItem)
    except (MalformedItem, ValueError, TypeError, AttributeError):
        pass
