"""Every registered detector has a test file and a section in docs/detectors.md."""

import re
from pathlib import Path

import pytest

from harbour.screening import registry

ROOT = Path(__file__).resolve().parents[2]
TESTS = Path(__file__).resolve().parent
DOCS = (ROOT / "docs" / "detectors.md").read_text(encoding="utf-8")
DETECTORS = [registry.load(path) for path in registry.DETECTORS]


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.name)
def test_detector_has_a_test_file(detector):
    own = list(TESTS.glob(f"test_{detector.name}*.py"))
    module = TESTS / f"test_{detector.__module__.rsplit('.', 1)[-1]}.py"
    assert own or (
        module.exists()
        and re.search(rf"\b({detector.name}|{detector.__name__})\b", module.read_text(encoding="utf-8"))
    ), f"write tests/screening/test_{detector.name}.py for {detector.__name__}"


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.name)
def test_detector_has_a_docs_section(detector):
    assert f"### `{detector.name}`" in DOCS, f"add a '### `{detector.name}`' section to docs/detectors.md"


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.name)
def test_detector_explains_itself(detector):
    assert (detector.__doc__ or "").strip(), f"{detector.__name__} needs a docstring saying what it finds"
