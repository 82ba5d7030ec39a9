"""Slang: harmless UK youth slang is a note (severity 0) on incoming text and worth a look in a
draft; drug, gang and county-lines slang is flagged."""

import pytest

from harbour.screening.verdict import Direction

NOTES = ["innit bruv", "wagwan fam", "that's peng", "no cap", "ngl that slaps", "allow it", "lol"]

FLAGGED = [
    ("he's going country next week", 3),
    ("they run a trap house", 3),
    ("watch out for the opps", 2),
    ("got some weed", 2),
    ("bag of white", 2),
    ("he's strapped", 2),
    ("county lines", 2),
    ("shotting on the estate", 3),
]

INNOCENT = [
    "my baseball cap",
    "the bare minimum",
    "we walked with bare feet",
    "Snowdon's peak",
    "a long time ago",
    "the term ends on Friday",
    "plug it in the wall socket",
    "a blade of grass",
    "a diet coke please",
    "joint account",
    "watch strap",
    "strapped in for the ride",
    "Mid Wales is beautiful",
    "we hugged and said goodbye",
]


@pytest.mark.parametrize("text", NOTES)
def test_everyday_slang_is_a_note_on_incoming_text(found, text):
    hits = found("slang", text)
    assert hits and all(severity == 0 for _, severity, _ in hits)


@pytest.mark.parametrize("text", NOTES)
def test_slang_in_a_draft_is_worth_a_look(flagged, text):
    assert flagged("slang", text, Direction.OUTGOING) == 1


@pytest.mark.parametrize(("text", "severity"), FLAGGED)
def test_drug_and_gang_slang_is_flagged(flagged, text, severity):
    assert flagged("slang", text) == severity


@pytest.mark.parametrize("text", INNOCENT)
def test_ordinary_uses_pass(flagged, found, text):
    assert flagged("slang", text) == 0
