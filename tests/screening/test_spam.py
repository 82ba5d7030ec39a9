"""Spam and scams aimed at young people: free game currency, prizes, shortened links."""

import pytest

SPAM = [
    ("Free robux!!! click here https://bit.ly/3xYz", {"Free robux", "click here", "https://bit.ly/3xYz"}),
    ("free vbucks generator", {"free vbucks", "generator"}),
    ("you have won a prize", {"you have won"}),
    ("tinyurl.com/abc", {"tinyurl.com/abc"}),
    ("claim your reward now", {"claim your reward"}),
]

NOT_SPAM = [
    "Free entry to the youth club on Friday",
    "Our website is derby.gov.uk",
    "See https://www.nspcc.org.uk for help",
    "we won the match",
    "click the button to vote",
    "robux are expensive",
]


@pytest.mark.parametrize(("text", "parts"), SPAM)
def test_spam_is_found(found, text, parts):
    assert {covered for _, _, covered in found("spam", text)} == parts


@pytest.mark.parametrize("text", NOT_SPAM)
def test_ordinary_links_and_free_things_pass(found, text):
    assert found("spam", text) == []
