"""The shipped linear classifiers: files load, clear cases land on the right side, findings explain themselves."""

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harbour.screening.detectors.classifier import (
    FEATURES,
    MODELS,
    AbuseClassifier,
    BullyingClassifier,
    HateClassifier,
    LinearModel,
    ModelFileError,
    ModelGroup,
    SexualClassifier,
    _self_described,
    tokens,
)
from harbour.screening.engine import Engine
from harbour.screening.normalise import Document
from harbour.screening.verdict import Category, Context, Direction

CLASSIFIERS = {
    cls.name: cls() for cls in (AbuseClassifier, HateClassifier, BullyingClassifier, SexualClassifier)
}

NEUTRAL = [
    "Thanks for organising the youth club trip, the kids loved it",
    "What time does the library open on Saturday?",
    "Scunthorpe United won on Saturday",
    "Can someone share the notes from today's maths lesson?",
    "Well done to everyone who took part in the fun run",
]

# (detector, text): clear cases the shipped model must flag
POSITIVES = [
    ("abuse_classifier", "you are a worthless stupid idiot"),
    ("abuse_classifier", "shut up you ugly bitch"),
    ("hate_classifier", "send all the immigrants back, they are invading our country"),
    ("hate_classifier", "women are stupid and should shut up and get back in the kitchen"),
    ("bullying_classifier", "you are so ugly and fat, nobody likes you loser"),
    ("sexual_classifier", "show me your tits and i will show you my dick"),
]


@pytest.mark.parametrize(("name", "text"), POSITIVES)
def test_clear_case_is_flagged(name, text):
    findings = CLASSIFIERS[name].detect(Document(text), Context())
    assert len(findings) == 1, CLASSIFIERS[name].model.score(tokens(Document(text)))
    assert findings[0].score >= CLASSIFIERS[name].model.threshold


@pytest.mark.parametrize("text", NEUTRAL)
@pytest.mark.parametrize("name", sorted(CLASSIFIERS))
def test_neutral_text_is_not_flagged(name, text):
    doc = Document(text)
    assert CLASSIFIERS[name].detect(doc, Context()) == [], CLASSIFIERS[name].model.score(tokens(doc))


@pytest.mark.parametrize(("name", "text"), POSITIVES)
def test_finding_explains_itself_with_a_span_inside_the_text(name, text):
    original = f"  {text.upper()} !!  "
    finding = CLASSIFIERS[name].detect(Document(original), Context())[0]
    start, end = finding.span
    assert 0 <= start < end <= len(original)
    assert f"model '{CLASSIFIERS[name].model.name}' scored" in finding.reason
    assert "words that weighed most" in finding.reason
    top = finding.evidence["top"][0]["word"]
    assert original[start:end].lower() == top  # the span covers the strongest word in the original
    assert f"'{original[start:end]}'" in finding.reason
    assert finding.category == CLASSIFIERS[name].category


def test_classifiers_screen_incoming_text_only():
    """An organisation's own anti-bullying post talks about bullying; drafts get the lexicons instead."""
    engine = Engine([AbuseClassifier, BullyingClassifier])
    text = "you are so ugly and fat, nobody likes you loser"
    assert engine.screen(text, Context(direction=Direction.INCOMING)).findings
    assert engine.screen(text, Context(direction=Direction.OUTGOING)).findings == []


def test_categories():
    assert {c.category for c in CLASSIFIERS.values()} == {
        Category.INSULT,
        Category.HATE,
        Category.BULLYING,
        Category.SEXUAL,
    }


@pytest.mark.parametrize("name", sorted(CLASSIFIERS))
def test_fast_score_equals_the_full_dot_product(name):
    model = CLASSIFIERS[name].model
    with np.load(MODELS / CLASSIFIERS[name].model_file) as data:
        weights = data["weights"].astype(np.float32)
    for text in NEUTRAL + [t for _, t in POSITIVES]:
        words = tokens(Document(text))
        indices = FEATURES.indices(words)
        z = model.bias + float(weights[indices].sum()) * len(indices) ** -0.5
        assert model.score(words) == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-5)


@pytest.mark.parametrize("name", sorted(CLASSIFIERS))
def test_loading_is_deterministic(name):
    file = MODELS / CLASSIFIERS[name].model_file
    a, b = LinearModel(file), LinearModel(file)
    assert a.meta == b.meta and a.weights == b.weights
    assert a.score(["you", "idiot"]) == b.score(["you", "idiot"])


@pytest.mark.parametrize("name", sorted(CLASSIFIERS))
def test_model_file_records_its_threshold_and_training_data(name):
    meta = CLASSIFIERS[name].model.meta
    assert 0 < meta["threshold"] < 1
    assert meta["trained_on"] and "formspring" not in meta["trained_on"]
    assert not {"impermium-insults", "sdcnl", "pj-perverted-justice-koutli"} & set(meta["trained_on"])


def test_empty_and_symbol_only_texts_score_without_error():
    for text in ("", "!!!", "🙂🙂", " \n\t"):
        for detector in CLASSIFIERS.values():
            assert detector.detect(Document(text), Context()) == []


def test_model_files_are_small():
    total = sum(p.stat().st_size for p in MODELS.glob("*.npz"))
    assert total < 4 * 1024 * 1024


def test_wrong_featuriser_is_refused(tmp_path):
    path = tmp_path / "old.npz"
    np.savez(
        path,
        weights=np.zeros(16, dtype=np.float16),
        meta=np.array(
            json.dumps({"name": "x", "featuriser": "other", "bits": 4, "bias": 0, "threshold": 0.5})
        ),
    )
    with pytest.raises(ModelFileError, match="make train"):
        LinearModel(path)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ModelFileError, match="Cannot read model file"):
        LinearModel(tmp_path / "absent.npz")


TRICKY = [
    "don't you dare 'idiot'",
    "rock'n'roll ''quoted'' a''b",
    "i'll k!ll u",
    "s e x",
    "f.u.c.k you",
    "fuuuuck off",
    ":peach: and :not_a_tag: :x",
    "🍆🍑 send",
    "ｆｕｃｋ",
    "café naïve",
    "year9 h8 gr8 m8",
    "*spank* ** *",
    "",
    "'''",
    "WHAT'S UP",
    "it’s fine",
    "a\u200bb",
    "12:30 at st mary's",
    "x_y__z",
    "Ünïcödé wörds",
    "see http://x.co/a_b at 4:30",
    "it's a:b_c:d 'quoted' you're",
    "o'neill: you idiot",
]


@given(
    st.one_of(st.sampled_from(TRICKY), st.text(max_size=80), st.lists(st.sampled_from(TRICKY)).map(" ".join))
)
@settings(max_examples=300, deadline=None)
def test_tokens_are_the_texts_of_the_main_forms_words(text):
    """tokens() finds words without Word objects; it must find exactly the words the Document does."""
    doc = Document(text)
    assert tokens(doc) == [w.text for w in doc.words if w.form == 0]


def _alone(text):
    """Each classifier scored on its own (a group of one model), as before they were grouped."""
    return [f for c in CLASSIFIERS.values() for f in c.detect(Document(text), Context())]


@pytest.mark.parametrize(
    "text", NEUTRAL + [t for _, t in POSITIVES] + TRICKY + ["you are an idiot, an IDIOT, idiot!!"]
)
def test_an_engines_classifiers_score_together_exactly_as_each_alone(text):
    engine = Engine([AbuseClassifier, HateClassifier, BullyingClassifier, SexualClassifier])
    group = engine.detectors[0].group
    assert all(d.group is group for d in engine.detectors) and len(group.models) == 4
    together = [f for d in engine.detectors for f in d.detect(Document(text), Context())]
    assert [(f.to_dict(), f.score) for f in together] == [(f.to_dict(), f.score) for f in _alone(text)]
    doc = Document(text)
    scored = group.score(doc)
    for detector, score in zip(engine.detectors, scored.scores if scored else [None] * 4):
        assert score is None or score == detector.model.score(tokens(doc))  # the same float, not just close


def test_explanation_names_each_word_once_strongest_first_and_points_at_its_first_place():
    text = "idiot idiot you stupid idiot"
    (finding,) = CLASSIFIERS["abuse_classifier"].detect(Document(text), Context())
    top = finding.evidence["top"]
    assert len({t["word"] for t in top}) == len(top) and "idiot" in [t["word"] for t in top]
    assert [t["weight"] for t in top] == sorted((t["weight"] for t in top), reverse=True)
    assert text[slice(*finding.span)] == top[0]["word"] and finding.span[0] == text.index(top[0]["word"])


def test_a_stream_of_new_words_keeps_the_word_table_bounded():
    group = ModelGroup(tuple(c.model for c in CLASSIFIERS.values()), cache_size=64)
    hashed = len(FEATURES._buckets)

    def word(i):  # a new made-up word of letters only (digits would be read as leetspeak)
        return "zq" + "".join("abcdefghij"[int(d)] for d in str(i))

    for i in range(400):
        group.score(Document(f"{word(i)} and {word(i)}x"))
        assert len(group.rows) <= 64
    assert len(FEATURES._buckets) == hashed  # screening leaves the training cache alone
    assert word(399) in group.rows and word(1) not in group.rows  # the latest words stay, the oldest go


@given(
    st.one_of(st.sampled_from(TRICKY), st.text(max_size=60), st.lists(st.sampled_from(TRICKY)).map(" ".join))
)
@settings(max_examples=200, deadline=None)
def test_a_top_words_place_is_its_first_word_in_the_document(text):
    found = tokens(Document(text))
    first = {}
    for i, word in enumerate(found):
        first.setdefault(word, (1.0, i))
    top = dict(list(first.items())[-3:])  # late words, so a scan must go far enough
    words = Document(text).words
    expected = {i: (words[i].start, words[i].end) for _, i in top.values()}
    fresh = Document(text)
    assert {i: fresh.columns.place(i) for _, i in top.values()} == expected
    with_words = Document(text)
    _ = with_words.columns.starts  # every place found first (as where a document has several forms)
    assert {i: with_words.columns.place(i) for _, i in top.values()} == expected


@pytest.mark.parametrize(
    "text",
    [
        "a peacock and a cockatoo",
        "we went to Cockfosters and Penistone",
        "sextet and sexton",
        "Hitchcock films are class",
        "calling someone a faggot is homophobic",
        "dont call people retards, its not ok",
        "words like 'slag' are not ok",
    ],
)
def test_innocent_quoted_or_challenged_words_are_not_evidence(text):
    """Each of these flags a classifier on its raw score; without the innocent or challenged words it does not.
    (A retrained model that stops flagging one on its raw score leaves it nothing to check: drop it here.)"""
    doc = Document(text)
    raw = [c for c in CLASSIFIERS.values() if c.model.score(tokens(doc)) >= c.model.threshold]
    assert raw, "no classifier flags this on its raw score, so the test checks nothing"
    assert [f for c in raw for f in c.detect(Document(text), Context())] == []


# A young person saying who they are. Before identity words said of oneself stopped counting (2026-12-03),
# "I am muslim" and "being christian is fine" were hidden as hate.
SELF_DESCRIBED = [
    "I am muslim",
    "I'm a proud muslim",
    "being christian is fine",
    "as a muslim girl I love netball",
    "fellow christians, pray for us",
]


@pytest.mark.parametrize("text", SELF_DESCRIBED)
def test_identity_words_said_of_oneself_are_not_evidence(text):
    doc = Document(text)
    raw = [c for c in CLASSIFIERS.values() if c.model.score(tokens(doc)) >= c.model.threshold]
    assert raw, "no classifier flags this on its raw score, so the test checks nothing"
    assert [f for c in raw for f in c.detect(Document(text), Context())] == []


@pytest.mark.parametrize(
    "text", ["muslims are terrorists", "I hate muslims", "typical muslim, what do you expect from him?"]
)
def test_identity_words_aimed_at_a_group_still_count(text):
    findings = CLASSIFIERS["hate_classifier"].detect(Document(text), Context())
    assert findings and "not_counted" not in findings[0].evidence


def test_school_is_not_evidence_of_bullying():
    """The cyberbullying tweets' accounts of being bullied at school are not bullying positives
    (training/bullying.py); with them, "school" weighed 15 towards bullying."""
    model = CLASSIFIERS["bullying_classifier"].model
    assert model.word_weight("school") < 2 < model.word_weight("idiot")


@pytest.mark.parametrize(
    ("found", "i", "said_of_oneself"),
    [
        (["im", "a", "proud", "muslim"], 3, True),
        (["is", "anyone", "else", "gay", "here"], 3, True),
        (["my", "mum", "is", "deaf"], 3, True),
        (["i", "came", "out", "as", "trans"], 4, True),
        (["as", "a", "black", "girl"], 2, True),
        (["typical", "muslim"], 1, False),
        (["send", "the", "migrants", "back"], 2, False),
        (["your", "mum", "is", "gay"], 3, False),
        (["i", "am", "sick", "of", "muslims"], 4, False),
        (["my", "problem", "is", "muslims"], 3, False),
        (["my", "best", "friend", "is", "black"], 4, True),
        (["i", "am", "black", "and", "proud"], 2, True),
        (["gay"], 0, False),
    ],
)
def test_self_described_reads_the_words_before(found, i, said_of_oneself):
    assert _self_described(found, i) is said_of_oneself


@pytest.mark.parametrize(
    "text",
    ["I would like to donate to the food bank", "I want to join", "would you like to come to our open day?"],
)
def test_function_words_alone_are_no_evidence_of_sexual_content(text):
    """The sexual model learned "like", "want" and "would" from 93 examples; when they are all that weighed
    most, the message is scored again without them (detectors/data/function_words.txt)."""
    sexual = CLASSIFIERS["sexual_classifier"]
    assert sexual.model.score(tokens(Document(text))) >= sexual.model.threshold, (
        "not flagged raw: checks nothing"
    )
    assert sexual.detect(Document(text), Context()) == []


@pytest.mark.parametrize("text", ["are you hot?", "do you want to see me naked", "you make me horny"])
def test_sexual_content_with_function_words_still_counts(text):
    assert CLASSIFIERS["sexual_classifier"].detect(Document(text), Context())


@pytest.mark.parametrize(
    ("text", "name", "not_counted"),
    [
        ("you dirty slag from essex", "sexual_classifier", ["essex"]),
        ("being gay is a sin and disgusting", "abuse_classifier", ["gay"]),
        ("stop calling me a retard you retard", "abuse_classifier", ["retard"]),
    ],
)
def test_the_rest_of_the_message_still_counts_and_the_finding_says_what_did_not(text, name, not_counted):
    (finding,) = CLASSIFIERS[name].detect(Document(text), Context())
    assert finding.evidence["not_counted"] == not_counted
    assert "not counting" in finding.reason
    raw = CLASSIFIERS[name].model.score(tokens(Document(text)))
    assert finding.score <= raw  # scored again without them


def test_a_word_used_against_someone_counts_even_where_the_same_word_is_challenged():
    """Only the challenged place is dropped: "stop calling me a retard" quotes it, "you retard" uses it."""
    doc = Document("stop calling me a retard you retard")
    found = tokens(doc)
    detector = CLASSIFIERS["abuse_classifier"]
    scored = detector.group.score(doc)
    dropped = detector._not_evidence(doc, found, detector._top(scored, None, scored.norm))
    assert [found[i] for i in sorted(dropped)] == ["retard"] and found.index("retard") in dropped
