"""The distress detectors' machinery (detectors/distress.py): SelfHarmMeaning, Exclusion and PileOn stop at
their gates, never call the encoder with the second stage off, read a long text by its sentences, and read
their prototypes file strictly. What they find is in test_self_harm_meaning.py, test_bullying_exclusion.py
and test_pile_on.py."""

import pytest

from harbour.screening import encoder
from harbour.screening.detectors import distress
from harbour.screening.detectors.distress import Exclusion, PileOn, SelfHarmMeaning, read_prototypes
from harbour.screening.engine import Engine, default_engine
from harbour.screening.normalise import Document
from harbour.screening.verdict import Category, Context


@pytest.fixture
def no_encoder(monkeypatch):
    """Fail if anything asks the encoder for a vector."""

    def refuse(text):
        raise AssertionError(f"the encoder was called for {text!r}")

    monkeypatch.setattr(encoder, "vector", refuse)


@pytest.mark.parametrize(
    "text",
    [
        "been cutting again",
        "no one likes jess",
        "nobody would even notice if i wasnt here",
        "everyone hates kai",
    ],
)
def test_the_second_stage_off_means_no_encoder_and_no_meaning_findings(no_encoder, text):
    doc = Document(text)
    context = Context(second_stage=False)
    assert SelfHarmMeaning().detect(doc, context) == []
    assert Exclusion().detect(doc, context) == []
    pile_on = next(d for d in default_engine().detectors if isinstance(d, PileOn))
    pile_on.detect(
        Document("ikr"), Context(second_stage=False, parent_text=text)
    )  # the parent too: no encoder


def test_the_second_stage_off_through_the_engine_finds_only_what_the_lexicons_find(no_encoder):
    engine = Engine(second_stage=False)
    verdict = engine.screen("nobody would even notice if i wasnt here")
    assert not [f for f in verdict.findings if f.detector in ("self_harm_meaning", "exclusion")]


@pytest.mark.parametrize(
    "text",
    [
        "what time does the club open on saturday",
        "can you send me the link to the form",
        "great match last night, well done everyone",
        "the bus is late again",
    ],
)
def test_ordinary_messages_stop_at_the_gates(no_encoder, text):
    doc = Document(text)
    assert SelfHarmMeaning().detect(doc, Context()) == []
    assert Exclusion().detect(doc, Context()) == []


def test_a_reply_with_nothing_to_reply_to_never_reaches_the_encoder(no_encoder):
    assert PileOn().detect(Document("fr nobody does"), Context()) == []


def test_a_long_text_is_read_by_its_sentences_that_pass_the_gate():
    filler = "we went to the shops and then to the park and it was sunny and nice. " * 6
    text = filler + "i dont see the point of anything anymore. " + filler
    units = SelfHarmMeaning.units(Document(text))
    assert [u for u, _ in units] == ["i dont see the point of anything anymore"]
    start, end = units[0][1]
    assert text[start:end].strip() == "i dont see the point of anything anymore"
    found = SelfHarmMeaning().detect(Document(text), Context())
    assert (
        found
        and found[0].category == Category.SELF_HARM
        and text[slice(*found[0].span)].strip().startswith("i dont")
    )


def test_hopelessness_is_review_with_a_safeguarding_steer_and_acts_escalate():
    engine = default_engine()
    hopeless = engine.screen("nothing is ever going to get better for me")
    act = engine.screen("relapsed on sh after 3 months clean")
    assert str(hopeless.action) == "review" and "safeguarding lead" in hopeless.findings[0].reason
    assert str(act.action) == "escalate"


def test_the_prototypes_file_has_every_kind_and_no_test_phrasing():
    rows = read_prototypes()
    kinds = {k for k, _ in rows}
    for family in (distress.SELF_HARM, distress.EXCLUSION, distress.PILE_ON):
        assert set(family.positive) | {family.negative} <= kinds
    from tests.screening import (
        test_bullying_exclusion,
        test_bullying_kept,
        test_pile_on,
        test_self_harm_kept,
        test_self_harm_meaning,
    )

    tables = set()
    for module in (
        test_self_harm_meaning,
        test_bullying_exclusion,
        test_pile_on,
        test_self_harm_kept,
        test_bullying_kept,
    ):
        for value in vars(module).values():
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                tables |= {Document(v).text for v in value}
    written = {Document(t).text for _, t in rows}
    # the brief's own examples of hyperbole are shared on purpose; nothing else is
    assert written & tables <= {Document("this homework is killing me").text}


def test_a_malformed_prototype_line_is_refused(tmp_path):
    bad = tmp_path / "p.txt"
    bad.write_text("# a comment\nact | fine\nno separator here\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3"):
        read_prototypes(bad)
