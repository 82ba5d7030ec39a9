"""School names: capitalised names of schools, and any school a young person says they go to."""

import pytest

SCHOOLS = [
    ("I go to St Mary's High School", "St Mary's High School", 2),
    ("i go to derby college", "derby college", 2),
    ("im at oakwood primary", "oakwood primary", 2),
    ("Littleover Community School won", "Littleover Community School", 1),
    ("Well done Bemrose Academy", "Bemrose Academy", 1),
]

NOT_SCHOOLS = [
    "I love school",
    "after school club",
    "see you at school",
    "my high school",
    "Maths school is boring",
    "the school gates",
    "going to school",
    "secondary school applications open",
    "primary school places",
]


@pytest.mark.parametrize(("text", "school", "severity"), SCHOOLS)
def test_named_schools_are_found(found, text, school, severity):
    assert found("school_name", text) == [("personal_info", severity, school)]


@pytest.mark.parametrize("text", NOT_SCHOOLS)
def test_school_in_general_passes(found, text):
    assert found("school_name", text) == []
