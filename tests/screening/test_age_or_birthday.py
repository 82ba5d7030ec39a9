"""Ages, birthdays and school years of young people."""

import pytest

AGES = [
    ("hey im 13", "13", 1),
    ("I'm 12 years old", "12 years old", 1),
    ("14yo", "14yo", 1),
    ("i am only 11", "11", 1),
    ("born 3/4/2012", "3/4/2012", 2),
    ("my birthday is 3rd April", "3rd April", 2),
    ("dob: 03/04/2012", "03/04/2012", 2),
    ("I'm in year 8", "year 8", 1),
    ("how old are you? im 13", "13", 2),
]

NOT_AGES = [
    "I'm 13 minutes away",
    "I'm 25",
    "im 5 foot 2",
    "it's 12 pounds",
    "the year 2012",
    "I'm 100% sure",
    "I'm 13 points ahead",
    "im 2 miles away",
    "top 10",
    "page 12",
]


@pytest.mark.parametrize(("text", "age", "severity"), AGES)
def test_ages_and_birthdays_are_found(found, text, age, severity):
    assert found("age_or_birthday", text) == [("personal_info", severity, age)]


@pytest.mark.parametrize("text", NOT_AGES)
def test_other_numbers_pass(found, text):
    assert found("age_or_birthday", text) == []
