"""Email addresses."""

import pytest

EMAILS = [
    ("jess.smith@example.co.uk", "jess.smith@example.co.uk", 2),
    ("email me at jess_2012+x@gmail.com pls", "jess_2012+x@gmail.com", 3),
    ("ＪＥＳＳ@ＥＸＡＭＰＬＥ.ＣＯＭ", "ＪＥＳＳ@ＥＸＡＭＰＬＥ.ＣＯＭ", 2),
]

NOT_EMAILS = [
    "@jess hi",
    "meet @ 4",
    "a@b",
    "user@localhost",
    "email us via the form",
    "5 @ £2 each",
]


@pytest.mark.parametrize(("text", "email", "severity"), EMAILS)
def test_emails_are_found(found, text, email, severity):
    assert found("email", text) == [("personal_info", severity, email)]


@pytest.mark.parametrize("text", NOT_EMAILS)
def test_things_that_are_not_emails_pass(found, text):
    assert found("email", text) == []
