"""The outgoing-draft checks through the full screen: on for drafts, off for incoming messages."""

import pytest

from harbour.screening import Context, screen
from harbour.screening.verdict import Action, Category, Direction

DRAFT = Context(direction=Direction.OUTGOING)
DRAFT_CATEGORIES = {Category.READABILITY, Category.LEADING_QUESTION, Category.LIBEL_RISK}

GOOD_POSTS = [
    "Youth club is back on Friday at 6pm! Come along for games, pizza and a chat.",
    "Have your say on the new skate park. What would you like it to have? Fill in our short survey by 30 June.",
    "Well done to everyone who ran the 5k on Saturday. You raised £400 for the food bank!",
    "Feeling worried about exams? You are not alone. Talk to someone you trust, or call Childline on 0800 1111.",
    "Thanks to Councillor Smith for opening the new library garden today.",
    "What do you think of the new bus times? Tell us in the comments.",
]

BAD_DRAFTS = [
    ("Don't you agree that the new park is brilliant?", Category.LEADING_QUESTION),
    ("Councillor Smith is a thief and everyone should know it.", Category.LIBEL_RISK),
    (
        (
            "In order to facilitate meaningful engagement with stakeholders, the Council will utilise a comprehensive "
            "programme of consultation activities, commencing in September and continuing throughout the academic year."
        ),
        Category.READABILITY,
    ),
]


@pytest.mark.parametrize("text", GOOD_POSTS)
def test_plain_posts_for_young_people_pass_the_whole_screen(text):
    verdict = screen(text, DRAFT)
    assert verdict.findings == []
    assert verdict.action == Action.ALLOW


@pytest.mark.parametrize(("text", "category"), BAD_DRAFTS)
def test_bad_drafts_go_to_review(text, category):
    verdict = screen(text, DRAFT)
    assert category in {f.category for f in verdict.findings}
    assert verdict.action == Action.REVIEW


@pytest.mark.parametrize(("text", "category"), BAD_DRAFTS)
def test_draft_checks_do_not_run_on_incoming_messages(text, category):
    assert not DRAFT_CATEGORIES & {f.category for f in screen(text, Context()).findings}


def test_reading_age_advice_names_plain_words_even_when_it_is_the_only_finding_kept():
    verdict = screen(BAD_DRAFTS[2][0], DRAFT)
    (age,) = [f for f in verdict.findings if f.reason.startswith("Reading age")]
    assert "'in order to' → 'to'" in age.reason
    assert any(
        d["reason"] == "Plain English: say 'use' instead of 'utilise'." for d in age.evidence["details"]
    )


def test_a_huge_draft_gets_a_few_findings_not_thousands():
    from harbour.screening.detectors.libel import LibelRisk
    from harbour.screening.detectors.readability import MOST, Readability

    text = "Mr Smith is a thief and will utilise the organisation's money. " * 400
    assert len(LibelRisk().check(text)) == MOST
    readability = Readability().check(text)
    assert len(readability) <= 2 * MOST + 1
    assert all(f.category == Category.READABILITY for f in readability)
