"""Street addresses: a house number and a street, or a flat number."""

import pytest

ADDRESSES = [
    ("12 Acacia Avenue", "12 Acacia Avenue", 2),
    ("i live at 4 privet drive", "4 privet drive", 3),
    ("flat 3, 14 Bridge Street", "flat 3, 14 Bridge Street", 2),
    ("221b Baker St", "221b Baker St", 2),
    ("come round 7 Mill Lane", "7 Mill Lane", 3),
    ("I'm in flat 12", "flat 12", 1),
]

NOT_ADDRESSES = [
    "we scored 3 goals in the park",
    "2 people walked down the road",
    "I waited 10 minutes on the street",
    "Acacia Avenue is lovely",
    "see you in 5 mins",
    "Year 8 went to the park",
    "the flat was tidy",
    "3 of us at the green",
]


@pytest.mark.parametrize(("text", "address", "severity"), ADDRESSES)
def test_addresses_are_found(found, text, address, severity):
    assert found("street_address", text) == [("personal_info", severity, address)]


@pytest.mark.parametrize("text", NOT_ADDRESSES)
def test_numbers_near_streets_that_are_not_addresses_pass(found, text):
    assert found("street_address", text) == []
