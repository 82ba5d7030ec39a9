"""prefilter.required_substrings: strings every match of a regex contains, so a scan can be skipped; and
literal_starts / search_from: the strings every match begins with, so a scan tries only where they occur."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harbour.screening.detectors.grooming import PATTERNS
from harbour.screening.prefilter import literal_starts, may_match, required_substrings, search_from


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
    @given(
        st.from_regex(
            pattern.regex, alphabet=st.characters(codec="ascii", categories=["Ll", "Nd", "Zs", "Po"])
        )
    )
    def check(text):
        match = pattern.regex.search(text)
        if pattern.starts:  # searching from the starts finds the same match, and every match begins with one
            found = search_from(pattern.regex, text, pattern.starts)
            assert (found and found.span()) == (match and match.span()), (pattern.regex.pattern, text)
            assert match is None or text.startswith(pattern.starts, match.start())
        if match:  # from_regex may pad around the match; what it found must pass the prefilter
            matched.append(text)
            assert may_match(pattern.needs, text), (pattern.regex.pattern, text)

    check()
    assert matched, "hypothesis made no text this pattern matches, so nothing was checked"


def test_every_grooming_pattern_match_in_the_test_texts_has_what_its_needs_say_and_starts_where_they_say():
    from harbour.screening.normalise import Document
    from tests.screening.corpus import TEXTS

    checked = 0
    for text in TEXTS:
        normalised = Document(text).text
        for pattern in PATTERNS:
            match = pattern.regex.search(normalised)
            if pattern.starts:
                found = search_from(pattern.regex, normalised, pattern.starts)
                assert (found and found.span()) == (match and match.span()), (pattern.regex.pattern, text)
            if match:
                checked += 1
                assert may_match(pattern.needs, normalised), (pattern.regex.pattern, text)
    assert checked > 100


def test_the_prefilter_is_used_by_the_grooming_tracker():
    assert sum(bool(p.needs) for p in PATTERNS) > len(PATTERNS) * 0.9
    assert all(isinstance(p.regex, re.Pattern) for p in PATTERNS)


@pytest.mark.parametrize(
    ("source", "starts"),
    [
        (r"\bwould (?:you|u) be my (?:girlfriend|gf)\b", ("would ",)),
        (r"\b(?:you'?re|you are|u r) so", ("u r", "you")),  # "you are" begins with "you"
        (r"(?<![a-z])(?:send|give)+ me", ("give", "send")),
        (r"\b(?:my|a) friend", ()),  # "a": one letter is everywhere, a plain scan is faster
        (r"(?:really )?nice", ()),  # may begin with "nice" or "really": an optional start names nothing
        (r"[a-z]+ there", ()),
        (r"(?i)hello", ()),
    ],
)
def test_literal_starts(source, starts):
    assert literal_starts(source) == starts


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="you r are so send give me x'", max_size=40))
def test_search_from_finds_what_search_finds(text):
    for source in (r"\b(?:you'?re|you are|u r) so\b", r"(?<![a-z])(?:send|give)+ me", r"\bu r(?: so)?"):
        regex = re.compile(source)
        found, searched = search_from(regex, text, literal_starts(source)), regex.search(text)
        assert (found and found.span()) == (searched and searched.span())


def test_most_grooming_patterns_are_tried_only_where_they_can_begin():
    assert sum(bool(p.starts) for p in PATTERNS) > len(PATTERNS) * 0.6
