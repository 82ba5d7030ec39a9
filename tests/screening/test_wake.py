"""The engine skips a detector that a text does not wake (Detector.wake_words, wake_pairs, wake_chars,
wake_on_evasion). That must never hide a finding: wherever a detector finds something, the text wakes it.

Checked on every string written in the screening tests (each detector's examples, evasions and hard
negatives) and on generated text.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from harbour.screening.engine import Engine, default_engine
from harbour.screening.normalise import Document
from harbour.screening.verdict import Context, Direction
from tests.screening.corpus import TEXTS

ENGINE = default_engine()
GATED = [
    (i, d)
    for i, d in enumerate(ENGINE.detectors)
    if d.wake_words is not None or d.wake_chars is not None or d.wake_pairs is not None
]


def _woken_and_found(engine: Engine, text: str) -> list[tuple[str, bool]]:
    """(detector name, woken) for each gated detector that finds something in the text."""
    doc = Document(text)
    mask = engine._wake.mask(doc)
    out = []
    for i, detector in GATED:
        for direction in detector.directions:
            if detector.detect(Document(text), Context(direction=direction)):
                out.append((detector.name, bool(mask >> i & 1)))
                break
    return out


def test_the_gated_detectors_are_the_expected_ones():
    names = {d.name for _, d in GATED}
    assert {
        "profanity",
        "insults",
        "threats",
        "self_harm",
        "image_requests",
        "phone_number",
        "email",
        "uk_postcode",
        "street_address",
        "age_or_birthday",
        "social_handle",
    } <= names
    assert "grooming" not in names  # it counts every message from an author, so it always runs


def test_every_finding_in_the_test_texts_comes_from_a_woken_detector():
    missed, found = [], {}
    for text in TEXTS:
        for name, woken in _woken_and_found(ENGINE, text):
            found[name] = found.get(name, 0) + 1
            if not woken:
                missed.append((name, text))
    assert not missed, missed[:10]
    # The corpus reaches every gated detector, so this test could fail for each of them.
    assert {d.name for _, d in GATED} <= set(found), {d.name for _, d in GATED} - set(found)


def test_screen_gives_the_same_verdicts_as_running_every_detector():
    every = Engine()
    every._wake.always = -1  # wakes every detector for every text
    for text in TEXTS:
        for direction in Direction:
            context = Context(direction=direction)
            assert ENGINE.screen(text, context).to_dict() == every.screen(text, context).to_dict(), text


_WORDS = sorted(
    {w for _, d in GATED for w in (d.wake_words or ())}
    | {w for _, d in GATED for p in (d.wake_pairs or ()) for w in p}
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_WORDS),
            st.text(min_size=1, max_size=8),
            st.sampled_from(["07700 900123", "@x.co", "*"]),
        ),
        max_size=12,
    ).map(" ".join)
)
def test_generated_text_never_hides_a_finding(text):
    assert all(woken for _, woken in _woken_and_found(ENGINE, text))


def test_an_everyday_word_alone_wakes_no_lexicon():
    """Phrases led by everyday words ("no one likes you", "I'll get you", "he-she") wake their lexicon only
    when a second word they need is there too."""
    from harbour.screening.detectors.lexicon import LexiconDetector

    lexicons = [(i, d) for i, d in GATED if isinstance(d, LexiconDetector)]
    for word in ("no", "not", "get", "he", "just", "what", "tell", "take", "r"):
        mask = ENGINE._wake.mask(Document(f"well {word} then"))
        assert [d.name for i, d in lexicons if mask >> i & 1] == [], word
    for text, name in [
        ("no one likes you", "bullying"),
        ("you will get stabbed", "threats"),
        ("r u alone", "image_requests"),
    ]:
        mask = ENGINE._wake.mask(Document(text))
        assert any(d.name == name and mask >> i & 1 for i, d in lexicons), text
