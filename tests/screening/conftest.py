"""Helpers for detector tables: run one registered detector, as the engine would, on one text."""

import pytest

from harbour.screening.engine import default_engine
from harbour.screening.normalise import Document
from harbour.screening.verdict import Context, Direction


def _detector(name):
    for detector in default_engine().detectors:
        if detector.name == name:
            return detector
    raise LookupError(f"no registered detector named {name!r}")


@pytest.fixture
def found():
    """found("profanity", text) -> [(category, severity, the original text the span covers)]."""

    def run(name, text, direction=Direction.INCOMING):
        detector = _detector(name)
        findings = detector.detect(Document(text), Context(direction=direction))
        for f in findings:
            assert 0 <= f.span[0] < f.span[1] <= len(text), f"{name} gave span {f.span} outside the text"
        return [(str(f.category), f.severity, text[f.span[0] : f.span[1]]) for f in findings]

    return run


@pytest.fixture
def flagged(found):
    """flagged("profanity", text) -> the highest severity found (0 when nothing, or only notes)."""

    def run(name, text, direction=Direction.INCOMING):
        return max((severity for _, severity, _ in found(name, text, direction)), default=0)

    return run
