"""Normalisation undoes evasion, and every span maps back exactly into the original text."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from harbour.screening.normalise import _WORD, Document, Word

# original, normalised text (first form)
CASES = [
    ("Hello There", "hello there"),
    ("sh1t", "shit"),
    ("a$$hole", "asshole"),
    ("k!ll", "kill"),
    ("@ss", "ass"),
    ("f\u200bu\u200cc\u200dk", "fuck"),
    ("\ufeffhi\u2060there", "hithere"),
    ("ｆｕｃｋ", "fuck"),
    ("𝐟𝐮𝐜𝐤", "fuck"),
    ("𝓯𝓾𝓬𝓴", "fuck"),
    ("fück", "fuck"),
    ("f̶u̶c̶k̶", "fuck"),
    ("сука", "cyka"),  # Cyrillic look-alikes fold to Latin
    ("ѕlаg", "slag"),
    ("fuuuuuck", "fuck"),
    ("s e x", "sex"),
    ("s.e.x", "sex"),
    ("k-y-s", "kys"),
    ("f_u_c_k off", "fuck off"),
    ("I'll 🔪 you", "i'll  knife  you"),
    ("lol 💀", "lol  lol "),
    ("🍆🍑", " :aubergine:  :peach: "),
    ("gr8 m8", "great mate"),
    ("you’re", "you're"),
]

# Not evasion: left as they are.
UNCHANGED = [
    "i'm 13 and in year 8",
    "meet at 4pm",
    "13yo",
    "call 07700 900123",
    "u r a legend",
    "i c u",
    "hi!!! how are you",
    "fifa23 and ps5",
    "price $5",
    "e.g. this",
    "ok",
    "good",
    "see you soon",
    "book",
]


@pytest.mark.parametrize(("original", "normalised"), CASES)
def test_evasions_are_undone(original, normalised):
    assert Document(original).text == normalised


@pytest.mark.parametrize("original", UNCHANGED)
def test_ordinary_text_is_only_lower_cased(original):
    assert Document(original).text == original.lower()


@pytest.mark.parametrize(("original", "normalised"), CASES)
def test_each_word_maps_back_to_its_original_letters(original, normalised):
    doc = Document(original)
    for word in doc.words:
        start, end = doc.span_of(word)
        assert 0 <= start < end <= len(original)
        assert original[start:end].strip() == original[start:end]


def test_spans_are_exact_through_zero_width_and_emoji():
    doc = Document("ok 🔪 f\u200buck off")
    spans = {w.text: doc.original[slice(*doc.span_of(w))] for w in doc.words}
    assert spans == {"ok": "ok", "knife": "🔪", "fuck": "f\u200buck", "off": "off"}


def test_leading_zero_width_characters_stay_outside_the_span():
    doc = Document("\u200b\u200bslag\u200b")
    (word,) = doc.words
    assert doc.original[slice(*doc.span_of(word))] == "slag"


def test_repeated_letters_keep_a_two_letter_form_for_words_like_cool():
    doc = Document("cooool killll")
    assert [form.text for form in doc.forms] == ["col kil", "cool kill"]
    assert {w.text for w in doc.words} >= {"cool", "kill"}
    for word in doc.words:
        assert doc.original[slice(*doc.span_of(word))] in ("cooool", "killll")


def test_spaced_letters_are_recorded_as_joined():
    doc = Document("s e n d  n u d e s")
    assert doc.text == "send  nudes"
    assert [w.joined for w in doc.words] == [True, True]
    assert doc.original[slice(*doc.to_original(0, 11))] == "s e n d  n u d e s"


def test_text_speak_single_letters_are_not_joined():
    assert Document("u r a star").text == "u r a star"


def test_folded_form_keeps_digits_for_personal_information():
    doc = Document("ｃａｌｌ ０７７００ ９００１２３")
    assert doc.folded == "call 07700 900123"
    assert doc.original[slice(*doc.folded_to_original(5, 17))] == "０７７００ ９００１２３"


def test_words_drop_apostrophes():
    assert [w.text for w in Document("I'll go, you're late").words] == ["ill", "go", "youre", "late"]


def test_word_set_matches_the_words():
    for text in ["Hello, world! It's me", "sh1t ｆｕｃｋ 🔪", "cooool", "s e x", "a:b_c*d"]:
        doc = Document(text)
        assert doc.word_set == {w.text for w in doc.words}


def _words_by_regex(doc):
    """The words as the plain regex reads them: what the fast string-method path must give."""
    out = []
    for index, form in enumerate(doc.forms):
        for m in _WORD.finditer(form.text):
            start, end = m.span()
            joined = index == 0 and any(s <= start and end <= e for s, e in doc.joined)
            out.append(Word(m.group().replace("'", ""), start, end, joined, index))
    return out


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "a",
                "b",
                "1",
                "'",
                "''",
                " ",
                ".",
                ":",
                ":peach:",
                "*",
                "_",
                "-",
                "é",
                "🍑",
                "A",
                "don't",
                "'quoted'",
                "rock'n'roll",
                "x'",
                "  ",
                "\n",
                "sh1t",
                "@user",
                "coool",
            ]
        ),
        max_size=20,
    ).map("".join)
)
@example("it's 'quoted' and dogs' bones")
@example("''a''")
@example("10:30 :) :peach:")
@example("a a a 'a' b'a a")
@example("don't don't dont")
def test_words_are_the_regex_words(text):
    doc = Document(text)
    assert doc.words == _words_by_regex(doc)
    assert doc.word_set == {w.text for w in doc.words}
    # one word's place, found before (and without) all of them, is the same
    fresh = Document(text)
    places = [fresh.columns.place(i) for i in reversed(range(len(fresh.columns.texts)))][::-1]
    assert places == [(w.start, w.end) for w in doc.words]
    assert all(type(w) is Word for w in doc.words)


@pytest.mark.parametrize(
    ("original", "normalised"),
    [
        ("@USER you are a bitch", "@user you are a bitch"),
        ("@USER sh1t", "@user shit"),
        ("@jess1 hi", "ajessi hi"),
        ("@user! hi", "auser! hi"),
        ("hi @ss", "hi ass"),
        ("x@user", "xauser"),
    ],
)
def test_mentions_are_left_alone_and_leet_beside_them_is_not(original, normalised):
    assert Document(original).text == normalised


def test_indices_finds_every_word_with_the_texts_in_order():
    doc = Document("the cat and the dog, THE end")
    assert doc.indices({"the"}) == [0, 3, 5]
    assert doc.indices(["dog", "the", "cat"]) == [0, 1, 3, 4, 5]
    assert doc.indices(["mouse"]) == []
    assert [doc.words[i].text for i in doc.indices({"end"})] == ["end"]
