"""counter_speech: a word quoted or challenged rather than used against someone. The lexicons use
`challenged`, the classifiers `quoted`; may_quote is the cheap test that lets a classifier skip the per-word
checks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harbour.screening.counter_speech import challenged, may_quote, quoted
from harbour.screening.normalise import Document
from tests.screening.corpus import TEXTS


def _at(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("calling someone a slag is not ok", "slag"),
        ("the word 'retard' is a slur", "retard"),
        ("stop calling people fags", "fags"),
        ("i got reported for saying idiot", "idiot"),
        ("slag is an insult", "slag"),
    ],
)
def test_challenged(text, word):
    assert challenged(text, *_at(text, word))


@pytest.mark.parametrize(
    ("text", "word", "is_quoted"),
    [
        ("the word 'retard' is a slur", "retard", True),
        ("stop calling people fags", "fags", True),
        ("words like slag are not ok", "slag", True),
        ("slag is an insult", "slag", False),  # challenged by what follows: the lexicons' rule, not a quote
        ("i recall someone a slag", "slag", False),  # "call" inside "recall" is no cue
        ("immigrants are illegal", "immigrants", False),
    ],
)
def test_quoted(text, word, is_quoted):
    assert quoted(text, *_at(text, word)) is is_quoted
    assert not is_quoted or may_quote(Document(text).word_set)


@pytest.mark.parametrize(
    ("text", "word"),
    [("you are a slag", "slag"), ("slag off to school", "slag"), ("you retard, honestly", "retard")],
)
def test_used_against_someone(text, word):
    assert not challenged(text, *_at(text, word))


def _words_quoted(text: str) -> bool:
    doc = Document(text)
    columns = doc.columns
    return any(
        quoted(doc.text, *columns.place(i)) for i in range(len(columns.texts)) if columns.forms[i] == 0
    )


def test_may_quote_is_true_wherever_a_word_is_quoted_in_the_test_texts():
    found = 0
    for text in TEXTS:
        if _words_quoted(text):
            found += 1
            assert may_quote(Document(text).word_set), text
    assert found > 5


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "calling",
                "someone",
                "a",
                "slag",
                "is",
                "not",
                "ok",
                "the",
                "word",
                "'",
                "you",
                "stop",
                "saying",
                "an",
                "insult",
                "racist",
                "x",
                "\n",
                ",",
                "never",
                "acceptable",
            ]
        ),
        max_size=14,
    ).map(" ".join)
)
def test_may_quote_never_misses_a_quoted_word(text):
    if _words_quoted(text):
        assert may_quote(Document(text).word_set)
