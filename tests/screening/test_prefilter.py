"""prefilter.required_substrings: strings every match of a regex contains, so a scan can be skipped."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harbour.screening.detectors.grooming import PATTERNS
from harbour.screening.prefilter import may_match, required_substrings


@pytest.mark.parametrize(
    ("source", "needs"),
    [
        # re's parser moves the shared "g" of girlfriend|gf into the run before it
        (r"\bwould (?:you|u) be my (?:girlfriend|gf)\b", ((" be my g",), ("would ",))),
        (r"\bhow old (?:are|r) (?:you|u)\b", (("how old ",),)),
        (r"(?:send|give) me (?:a )?pic", ((" me ",), ("give", "send"))),
        (r"(?:sexy|nudes)+ now", ((" now",), ("nudes", "sexy"))),
    ],
)
def test_needs_of_a_pattern(source, needs):
    assert required_substrings(source) == needs


@pytest.mark.parametrize(
    "source",
    [r"(?i)hello there", r"a?b?", r"(?:hello)?", r"[a-z]+ \d+", r"(?:hi|u) there", r"x*yz?"],
)
def test_optional_one_letter_or_caseless_parts_need_nothing_or_less(source):
    needs = required_substrings(source)
    assert all(all(len(s) >= 2 for s in slot) for slot in needs)
    assert "hello" not in {s for slot in needs for s in slot}


def test_an_alternative_without_a_string_makes_the_alternation_need_nothing():
    assert required_substrings(r"(?:hello|x) world") == ((" world",),)


def test_may_match():
    needs = ((" be my ",), ("gf", "girlfriend"))
    assert may_match(needs, "would you be my gf")
    assert not may_match(needs, "would you be my friend")
    assert may_match((), "anything")


@pytest.mark.parametrize("index", range(len(PATTERNS)))
def test_every_grooming_pattern_match_has_what_its_needs_say(index):
    pattern = PATTERNS[index]
    matched = []

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(pattern.regex, alphabet=st.characters(codec="ascii", categories=["Ll", "Nd", "Zs", "Po"])))
    def check(text):
        match = pattern.regex.search(text)
        if match:  # from_regex may pad around the match; what it found must pass the prefilter
            matched.append(text)
            assert may_match(pattern.needs, text), (pattern.regex.pattern, text)

    check()
    assert matched, "hypothesis made no text this pattern matches, so nothing was checked"


def test_every_grooming_pattern_match_in_the_test_texts_has_what_its_needs_say():
    from harbour.screening.normalise import Document
    from tests.screening.corpus import TEXTS

    checked = 0
    for text in TEXTS:
        normalised = Document(text).text
        for pattern in PATTERNS:
            if pattern.regex.search(normalised):
                checked += 1
                assert may_match(pattern.needs, normalised), (pattern.regex.pattern, text)
    assert checked > 100


def test_the_prefilter_is_used_by_the_grooming_tracker():
    assert sum(bool(p.needs) for p in PATTERNS) > len(PATTERNS) * 0.9
    assert all(isinstance(p.regex, re.Pattern) for p in PATTERNS)
