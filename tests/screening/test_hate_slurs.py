"""Hate: slurs about race, religion, sexuality, gender and disability; quoting a slur to challenge it
and identity words people use about themselves are not hate."""

import pytest

SLURS = [
    ("go back to your country paki", "paki"),
    ("you're a fucking faggot", "faggot"),
    ("that's so retarded", "retarded"),
    ("what a spaz", "spaz"),
    ("n1gger", "n1gger"),
    ("batty boy", "batty boy"),
    ("you stupid mong", "mong"),
    ("tr@nny", "tr@nny"),
    ("that's so gay", "that's so gay"),
    ("heil hitler", "heil hitler"),
    ("kike", "kike"),
    ("go back to your country", "go back to your country"),
]

INNOCENT = [
    "I'm gay and proud",
    "my friend is a lesbian",
    "the word faggot is a slur",
    'calling someone "retarded" is not ok',
    "we're learning about the holocaust in history",
    "the spastic colon diagnosis",
    "mongoose in the zoo",
    "Japan is lovely in spring",
    "the fire retardant spray",
    "special educational needs",
    "I'm going back to my country for the summer",
    "the coloured pencils are in the drawer",
    "the psychology lesson",
    "Scunthorpe",
    "a honky-tonk piano in the pub",
]


@pytest.mark.parametrize(("text", "words"), SLURS)
def test_slurs_are_found(found, text, words):
    assert any(c == "hate" and s >= 2 and covered == words for c, s, covered in found("hate_slurs", text)), (
        found("hate_slurs", text)
    )


@pytest.mark.parametrize("text", INNOCENT)
def test_identity_words_counter_speech_and_lookalikes_pass(flagged, text):
    assert flagged("hate_slurs", text) == 0


def test_queer_is_only_worth_a_look(flagged):
    assert flagged("hate_slurs", "I'm queer") == 1
