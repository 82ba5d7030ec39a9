"""The registry builds every detector once and fails loudly, naming the detector, when one cannot be built."""

import pytest

from harbour.screening import registry
from harbour.screening.detectors.base import Detector
from harbour.screening.detectors.lexicon import LexiconDetector, LexiconError
from harbour.screening.verdict import Category


def test_every_registered_detector_builds_with_a_unique_name():
    detectors = registry.build()
    names = [d.name for d in detectors]
    assert len(names) == len(set(names)) == len(registry.DETECTORS)


def test_a_missing_data_file_stops_the_build_with_a_clear_error(tmp_path):
    class NeedsModel(Detector):
        name = "needs_model"
        category = Category.INSULT

        def __init__(self):
            (tmp_path / "weights.npz").read_bytes()

        def detect(self, doc, context):
            return []

    with pytest.raises(
        registry.RegistryError, match=r"NeedsModel \(needs_model\) needs a data file.*weights.npz.*make train"
    ):
        registry.build([NeedsModel])


def test_an_unimportable_path_is_named():
    with pytest.raises(registry.RegistryError, match="harbour.screening.detectors.nothing.Here"):
        registry.build(["harbour.screening.detectors.nothing.Here"])


def test_a_class_that_is_not_a_detector_is_refused():
    with pytest.raises(registry.RegistryError, match="not a Detector"):
        registry.build(["harbour.screening.policy.Policy"])


def test_two_detectors_with_one_name_are_refused():
    class Twin(Detector):
        name = "profanity"
        category = Category.PROFANITY

        def detect(self, doc, context):
            return []

    with pytest.raises(registry.RegistryError, match="Two detectors are named 'profanity'"):
        registry.build(["harbour.screening.detectors.lexicon.Profanity", Twin])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("bad line\n", "line 1: expected 'phrase | severity | reason"),
        ("word | 7 | reason\n", "line 1: severity must be 0 to 4"),
        ("word | 1 | reason | swearing\n", "unknown category 'swearing'"),
        ("{nope} word | 1 | reason\n", r"\{nope\} is used but no line defines"),
        ("@m = a | b\n@m = c\n", "@m is defined twice"),
        ("# ok\nfuuuck | 1 | reason\n", "three times in a row"),
        ("... nudes | 1 | reason\n", "'...' must come after a word"),
        ("send ... ... nudes | 1 | reason\n", "'...' must come after a word"),
        ("send ... | 1 | reason\n", "cannot end with '...'"),
        ("!send ... nudes\n", "innocent phrase cannot have a gap"),
    ],
)
def test_lexicon_mistakes_are_reported_with_file_and_line(tmp_path, content, message):
    path = tmp_path / "test.txt"
    path.write_text(content, encoding="utf-8")

    class Custom(LexiconDetector):
        name = "custom"
        category = Category.INSULT
        lexicon = "test.txt"

    with pytest.raises(LexiconError, match=message):
        Custom(path)
    with pytest.raises(registry.RegistryError, match="could not load its data"):
        registry.build([type("Broken", (Custom,), {"lexicon": str(path)})])
