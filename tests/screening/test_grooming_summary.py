"""harbour.screening.grooming_summary: the public reading of the grooming tracker's state for an author,
from the state the engine returned, so no page reads the tracker's private state itself."""

import ast
from pathlib import Path

import pytest

import harbour
from harbour.screening import Context, grooming_summary, screen
from harbour.screening.detectors.grooming import GroomingSummary, GroomingTracker, StageScore

GROOMER = [
    "you're so mature for your age honestly",
    "where do you live? what school do you go to?",
    "don't tell anyone we talk ok, it's our little secret",
    "are you home alone right now?",
]


def test_the_summary_of_a_real_running_state_names_the_stages_seen():
    state = None
    for text in GROOMER:
        state = screen(
            text, Context(direction="incoming", author="stranger", author_state=state)
        ).author_state
    summary = grooming_summary(state)
    assert isinstance(summary, GroomingSummary) and summary.messages == len(GROOMER)
    names = [stage.name for stage in summary.stages]
    assert {"rapport", "secrecy"} <= set(names)
    assert [s.score for s in summary.stages] == sorted((s.score for s in summary.stages), reverse=True)
    assert all(s.label and s.score >= GroomingTracker.active for s in summary.stages)


def test_only_present_stages_strongest_first_with_their_labels():
    state = {"grooming": {"v": 1, "n": 5, "stages": {"images": 0.9, "secrecy": 1.4, "gifts": 0.1}}}
    assert grooming_summary(state) == GroomingSummary(
        (
            StageScore("secrecy", "asking for secrecy", 1.4),
            StageScore("images", "asking for pictures or video", 0.9),
        ),
        5,
    )


@pytest.mark.parametrize(
    "state",
    [
        None,
        {},
        "junk",
        {"grooming": "junk"},
        {"grooming": {"n": 3, "stages": {}}},
        {"grooming": {"stages": {"gifts": 0.1}}},
        {"grooming": {"stages": {"no_such_stage": 3.0}}},
        {"grooming": {"stages": {"secrecy": True}}},
        {"grooming": {"stages": ["secrecy"]}},
        {"other_detector": {"stages": {"secrecy": 2.0}}},
    ],
)
def test_nothing_present_or_a_malformed_state_is_no_summary(state):
    assert grooming_summary(state) is None


def test_a_malformed_message_count_is_unknown_not_a_failure():
    summary = grooming_summary({"grooming": {"n": "many", "stages": {"secrecy": 1.0}}})
    assert summary is not None and summary.messages is None


def test_outside_the_engine_nothing_imports_the_tracker_itself():
    """The Django side reads an author's grooming state through harbour.screening.grooming_summary only."""
    root = Path(harbour.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if root / "screening" in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "harbour.screening.detectors"
            ):
                offenders.append(f"{path.relative_to(root)}: {node.module}")
    assert offenders == []
