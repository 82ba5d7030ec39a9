"""Phone numbers, UK first, checked with the phonenumbers library; Ofcom's drama ranges count."""

import pytest

NUMBERS = [
    ("text me on 07700 900123", "07700 900123", 3),
    ("07911 123456", "07911 123456", 2),
    ("my number is +44 7911 123456", "+44 7911 123456", 3),
    ("ring 020 7946 0958", "020 7946 0958", 2),
    ("0161 496 0000", "0161 496 0000", 2),
    ("01632 960001", "01632 960001", 2),
    ("whatsapp me 07700-900-456", "07700-900-456", 3),
    ("０７７００ ９００１２３", "０７７００ ９００１２３", 2),
    ("07700\u200b900123", "07700\u200b900123", 2),
    ("+1 202 555 0143", "+1 202 555 0143", 2),
    ("call me free on 0800 123 4567", "0800 123 4567", 1),  # a service number the writer calls theirs
]

NOT_NUMBERS = [
    "Call 999 in an emergency",
    "Childline 0800 1111",
    "Call us free on 0800 123 4567",  # an organisation's freephone line (issue 19: not a person's number)
    "order 1234567890123456",
    "we raised £12,500.00 this year",
    "the year 2012-2013",
    "07000000000",
    "ISBN 978-0-14-103614-4",
    "at 10:30 on 12/05/2025",
    "score 3-2",
    "version 1.2.3.4",
]


@pytest.mark.parametrize(("text", "number", "severity"), NUMBERS)
def test_phone_numbers_are_found(found, text, number, severity):
    assert found("phone_number", text) == [("personal_info", severity, number)]


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_other_numbers_pass(found, text):
    assert found("phone_number", text) == []
