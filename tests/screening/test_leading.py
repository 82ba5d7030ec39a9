"""Leading or persuasive questions and wording in drafts (guidance 4.1, 4.3)."""

import pytest

from harbour.screening.detectors.leading import LeadingQuestion
from harbour.screening.verdict import Category

LEADING = [
    ("Don't you agree that the new park is great?", "Don't you agree", "asks for agreement"),
    ("Wouldn't it be great to have a skate park?", "Wouldn't it be great", "asks for agreement"),
    ("Isn’t it true that the buses are too expensive?", "Isn’t it true", "asks for agreement"),
    ("Surely the library should stay open?", "Surely", "surely"),
    ("How much do you love the new youth centre?", "How much do you love", "assumes the answer"),
    ("What did you love most about the trip?", "What did you love most", "assumes the answer"),
    ("Why do you like the new timetable?", "Why do you like", "assumes the answer"),
    ("Everyone knows the old building was falling apart.", "Everyone knows", "everyone agrees"),
    ("Nobody wants a dirty park.", "Nobody wants", "everyone agrees"),
    ("The new café is brilliant, isn't it?", ", isn't it?", "tag question"),
    (
        "Shouldn't the youth club open on Sundays?",
        "Shouldn't the youth club open on Sundays",
        "asks for agreement",
    ),
    ("You'd be mad not to sign up!", "You'd be mad not to", "pressure"),
    ("Do you support the council's ridiculous plan to close the library?", "ridiculous", "loaded word"),
    ("The decision to close the library is a disgrace.", "a disgrace", "loaded statement"),
    ("Closing the skate park was shocking.", "shocking", "loaded statement"),
    (
        "How happy are you with the new youth club and its opening hours?",
        "How happy are you with the new youth club and its opening hours?",
        "double-barrelled",
    ),
]

NEUTRAL = [
    "What do you think of the new park?",
    "How do you feel about the youth club opening hours?",
    "Would you like to come to our amazing summer camp?",
    "Tell us what you think: should the park stay open later?",
    "Youth club is on Friday from 6pm to 8pm.",
    "Which activities would you like at the youth club?",
    "How happy are you with the food at the youth club?",
    "Do you agree or disagree with the plan to close the library on Sundays?",
    "What would make the park better for you?",
    "We had a brilliant time at the beach clean yesterday!",
    "How satisfied are you with the support for parents and carers?",
    "Did you know you can get free swimming in the holidays?",
    "Is there anything you would change about the youth club?",
    "The roads near the park can be dangerous after dark, so please use the lit path.",
    "Bullying is never OK. If it happens to you, talk to someone you trust.",
    "Can't make it on Friday? Let us know and we'll save you a place.",
    "Don't know what to do? Talk to us, we're here to help.",
]


@pytest.fixture(scope="module")
def detector():
    return LeadingQuestion()


@pytest.mark.parametrize(("text", "matched", "kind"), LEADING)
def test_leading_wording_is_found(detector, text, matched, kind):
    findings = detector.check(text)
    assert [(text[f.span[0] : f.span[1]], f.evidence["kind"]) for f in findings] == [(matched, kind)]
    (f,) = findings
    assert f.category == Category.LEADING_QUESTION
    assert f.severity == 1


@pytest.mark.parametrize("text", NEUTRAL)
def test_neutral_questions_and_posts_have_no_findings(detector, text):
    assert detector.check(text) == []


def test_reason_says_how_to_ask_neutrally(detector):
    (f,) = detector.check("Don't you agree that the new park is great?")
    assert f.reason == (
        "Leading question: 'Don't you agree' asks people to agree. "
        "Ask 'What do you think of …?' and let people answer freely."
    )


def test_double_barrelled_reason_names_both_things(detector):
    (f,) = detector.check("How happy are you with the new youth club and its opening hours?")
    assert "('the new youth club' and 'its opening hours')" in f.reason


def test_cheerful_words_count_only_in_questions(detector):
    assert detector.check("The council has an amazing number of forms.") == []
    assert [f.evidence["kind"] for f in detector.check("Isn't the council's plan amazing?")] == [
        "asks for agreement",
        "loaded word",
    ]


def test_each_sentence_is_checked_with_its_own_span(detector):
    text = "Thanks for coming! Surely you want more events? Tell us."
    (f,) = detector.check(text)
    assert text[f.span[0] : f.span[1]] == "Surely"
