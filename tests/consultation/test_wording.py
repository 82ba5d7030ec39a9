"""The builder's warnings (harbour/consultation/wording.py): each rule warns on an unfair question and stays
quiet on a fair one asking the same thing, with whether it blocks publishing; and a consultation's own
warnings (its privacy details, consent under 13, both kinds of question in a survey, a board's prompt, the
reading age against the channel's youngest age) come and go as it is put right."""

from datetime import timedelta

import pytest
from django.utils import timezone

from harbour.consultation import services, wording
from tests.cast import consultation_channel, make_consultation


def rules(text, kind="free_text", **more):
    return {w.rule: w.blocking for w in wording.question_warnings(text, kind=kind, target=11, **more)}


@pytest.mark.parametrize(
    "unfair, fair",
    [
        ("Don't you agree the youth club should stay open?", "Should the youth club stay open?"),
        ("Wouldn't you like a new skate park?", "Would you like a new skate park?"),
        ("Surely the buses should run later?", "Should the buses run later?"),
        ("Obviously litter is a problem. What should we do?", "Is litter a problem? What should we do?"),
        ("Most young people think the park is unsafe. Do you?", "Do you feel safe in the park?"),
        ("How much do you love the youth club?", "What do you think of the youth club?"),
        ("How great is the new library?", "What do you think of the new library?"),
        ("The park is nice, isn't it?", "What do you think of the park?"),
    ],
)
def test_leading_wording_blocks(unfair, fair):
    assert rules(unfair).get("leading") is True
    assert "leading" not in rules(fair)


def test_a_loaded_adjective_blocks_unless_it_asks_about_change():
    # "How important is ...?" and "How good is ...?" ask along a scale: fair, with balanced ends.
    assert "leading" not in rules("How important is it to have a youth club near you?", kind="scale",
                                  scale_low="Not at all important", scale_high="Very important")  # fmt: skip
    assert "leading" not in rules("How good is the new skate park?")
    assert rules("What do you think of the amazing new park?")["loaded_word"] is True
    assert rules("What do you think of the pointless new rules?")["loaded_word"] is True
    assert "loaded_word" not in rules("What do you think of the new park?")
    assert "loaded_word" not in rules("What would make the club more exciting?")


def test_asking_what_identifies_a_young_person_blocks():
    assert rules("What is your name and which school do you go to?")["identifying"] is True
    assert rules("Where do you live?")["identifying"] is True
    assert rules("How old are you?")["identifying"] is True
    assert "identifying" not in rules("What do you do after school?")


def test_two_things_at_once_in_a_one_answer_question_is_advice():
    assert rules(
        "How happy are you with the buses and the trains?", kind="single", choices=["Yes", "No"]
    ) == {"double": False}
    assert "double" not in rules("How happy are you with the buses?", kind="single", choices=["Yes", "No"])
    # Their own words can cover both: no warning.
    assert "double" not in rules("What do you think of the buses and the trains?")


def test_do_you_agree_is_advice_except_in_a_statement():
    assert (
        rules("Do you agree that the park needs lights?", kind="single", choices=["Yes", "No"])["agree_that"]
        is False
    )
    assert "agree_that" not in rules("The park needs more lights.", kind="statement")
    assert "agree_that" not in rules(
        "What would make the park feel safer?", kind="single", choices=["A", "B"]
    )


def test_scale_ends_must_be_named_and_balanced():
    scale = {"kind": "scale"}
    assert rules("How safe do you feel in the park?", **scale)["scale_ends"] is True
    unbalanced = rules(
        "How safe do you feel in the park?", scale_low="Unsafe", scale_high="Very safe", **scale
    )
    assert unbalanced["scale_balance"] is True
    assert (
        rules("How good is the bus?", scale_low="Quite bad", scale_high="Excellent", **scale)["scale_balance"]
        is True
    )
    balanced = rules(
        "How safe do you feel in the park?", scale_low="Very unsafe", scale_high="Very safe", **scale
    )
    assert "scale_balance" not in balanced and "scale_ends" not in balanced
    assert "scale_balance" not in rules(
        "Do you feel safe?", scale_low="Not at all", scale_high="Very much", **scale
    )


def test_single_choices_must_not_overlap_or_repeat_and_need_a_way_out():
    ages = rules(
        "How many hours a week do you spend online?", kind="single", choices=["0-3", "3-6", "6 or more"]
    )
    assert ages["overlap"] is True
    fair = rules(
        "How many hours a week do you spend online?",
        kind="single",
        choices=["0-2", "3-5", "6 or more", "Not sure"],
    )
    assert "overlap" not in fair and "no_way_out" not in fair
    assert (
        rules("Which night?", kind="single", choices=["Monday", "Tuesday", "monday"])["repeated_choice"]
        is True
    )
    no_way_out = rules("Which night suits you?", kind="single", choices=["Monday", "Tuesday", "Friday"])
    assert no_way_out == {"no_way_out": False}
    assert "no_way_out" not in rules("Which nights suit you?", kind="multiple", choices=["Mon", "Tue", "Fri"])


def test_reading_age_is_advice_above_the_target_and_blocks_well_above():
    plain = "What would make the park better?"
    assert "reading_age" not in rules(plain)
    above = wording.question_warnings(
        "Which of these activities would you consider joining next term?", kind="free_text", target=8
    )
    assert [(w.rule, w.blocking) for w in above] == [("reading_age", False)]
    dense = wording.question_warnings(
        "Please indicate your level of satisfaction with the organisational arrangements for consultation "
        "activities.",
        kind="free_text",
        target=13,
    )
    reading = next(w for w in dense if w.rule == "reading_age")
    assert reading.blocking
    assert "'indicate' → 'show'" in reading.message or "Try shorter" in reading.message


@pytest.mark.django_db
def test_a_consultations_own_warnings_come_and_go(org, manager):
    young = consultation_channel(org, audience_min_age=11)
    survey = make_consultation(
        org,
        by=manager,
        channel=young,
        purpose="",
        lawful_basis="consent",
        answers_kept_until=None,
        questions=[{"kind": "free_text", "text": "What would make the park better?"}],
    )
    found = {w.rule: w.blocking for w in wording.consultation_warnings(survey)}
    assert found == {
        "purpose": True,
        "kept_until": True,
        "consent": True,  # under 13: consent would need a parent's
        "no_quantitative": True,
    }
    survey = services.edit_details(
        survey,
        {
            "purpose": "To plan the park's new lights.",
            "lawful_basis": "public_task",
            "answers_kept_until": timezone.localdate() + timedelta(days=90),
        },
        by=manager,
    )
    services.add_question(
        survey,
        {"kind": "single", "text": "Which path do you use?"},
        ["North", "South", "Not sure"],
        by=manager,
    )
    assert wording.consultation_warnings(survey) == []
    # Consent for a channel of 13 and over is advice only.
    services.edit_details(survey, {"lawful_basis": "consent"}, by=manager)
    young.audience_min_age = 13
    young.save()
    survey.refresh_from_db()
    assert [(w.rule, w.blocking) for w in wording.consultation_warnings(survey)] == [("consent", False)]


@pytest.mark.django_db
def test_a_board_needs_its_prompt_and_a_poll_its_question(org, manager):
    board = make_consultation(org, by=manager, kind="board", introduction="")
    assert [w.rule for w in wording.consultation_warnings(board)] == ["board_prompt"]
    poll = make_consultation(org, by=manager, kind="poll", questions=[])
    assert [w.rule for w in wording.consultation_warnings(poll)] == ["no_questions"]
    survey = make_consultation(org, by=manager, questions=[{"kind": "scale", "text": "How safe?",
                                                            "scale_low": "Very unsafe", "scale_high": "Very safe"}])  # fmt: skip
    assert [w.rule for w in wording.consultation_warnings(survey)] == ["no_qualitative"]
