"""UK postcodes: full ones always; outward codes only when given as where someone lives."""

import pytest

POSTCODES = [
    ("DE22 3AB", "DE22 3AB", 2),
    ("i live at de1 1aa", "de1 1aa", 3),
    ("SW1A 1AA", "SW1A 1AA", 2),
    ("M1 1AE", "M1 1AE", 2),
    ("EC1A1BB", "EC1A1BB", 2),
    ("B33 8TH", "B33 8TH", 2),
    ("I live in DE22", "DE22", 1),
]

NOT_POSTCODES = [
    "XX1 2AB",  # no such area
    "QQ12 3AB",
    "room B12",
    "A4 paper",
    "M25 was busy",
    "I have 2 cats",
    "DE22",  # an outward code on its own says little
    "Covid-19",
    "the B52s",
    "meet at 4",
]


@pytest.mark.parametrize(("text", "postcode", "severity"), POSTCODES)
def test_postcodes_are_found(found, text, postcode, severity):
    assert found("uk_postcode", text) == [("personal_info", severity, postcode)]


@pytest.mark.parametrize("text", NOT_POSTCODES)
def test_other_codes_pass(found, text):
    assert found("uk_postcode", text) == []
