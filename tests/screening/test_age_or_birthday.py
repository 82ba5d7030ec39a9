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


# An adult's age, said of oneself or one's family, is personal information too (presidio's templates have
# them); news and reports ("a 45-year-old man", "aged 62") say nothing about the writer.
ADULT_AGES = [
    ("I am 35 years old", "35 years old"),
    ("my grandad is 82 years old", "82 years old"),
    ("I just turned 30", "30"),
    ("i'm 44 y/o", "44 y/o"),
    ("My brother just turned 23", "23"),
]
NOT_ADULT_AGES = [
    "a man aged 45 was arrested",
    "Patient is a 45-year-old male",
    "the company is 150 years old",
    "our 40 year old minibus broke down",
    "aged 18-25 only",
    "im 30 mins away",
]


@pytest.mark.parametrize(("text", "age"), ADULT_AGES)
def test_an_adults_own_age_is_found(found, text, age):
    assert found("age_or_birthday", text) == [("personal_info", 1, age)]


@pytest.mark.parametrize("text", NOT_ADULT_AGES)
def test_ages_in_reports_and_of_things_pass(found, text):
    assert found("age_or_birthday", text) == []
