"""The engine: detectors per direction, allow-list, de-duplication, conversation state."""

from dataclasses import fields, replace

import pytest

from harbour.screening import Context, screen
from harbour.screening.detectors.base import ConversationDetector, Detector
from harbour.screening.engine import Engine, default_engine
from harbour.screening.policy import Policy
from harbour.screening.verdict import Action, Category, Direction, Finding


class Words(Detector):
    """Test detector: flags each occurrence of "bad" (severity 2) and "worse" (severity 3)."""

    name = "words"
    category = Category.INSULT

    def detect(self, doc, context):
        out = []
        for word in doc.words:
            if word.form == 0 and word.text in ("bad", "worse"):
                out.append(
                    Finding(
                        self.category,
                        2 if word.text == "bad" else 3,
                        doc.span_of(word),
                        "bad word",
                        self.name,
                    )
                )
        return out


class WholeText(Detector):
    name = "whole"
    category = Category.INSULT
    directions = frozenset({Direction.INCOMING})

    def detect(self, doc, context):
        return (
            [Finding(self.category, 1, (0, len(doc.original)), "whole text", self.name)]
            if doc.original
            else []
        )


class Counter(ConversationDetector):
    name = "counter"
    category = Category.GROOMING

    def detect_with_state(self, doc, context):
        seen = (context.author_state or {}).get("seen", 0) + 1
        findings = (
            [Finding(self.category, 3, (0, len(doc.original)), "third message", self.name)]
            if seen >= 3
            else []
        )
        return findings, {"seen": seen}


def test_clean_text_is_allowed():
    verdict = Engine([Words]).screen("a perfectly fine message")
    assert verdict.findings == [] and verdict.severity == 0 and verdict.action == Action.ALLOW


def test_overlapping_findings_of_one_category_keep_the_most_severe():
    verdict = Engine([Words, WholeText]).screen("this is bad")
    assert [(f.detector, f.severity) for f in verdict.findings] == [("words", 2)]


def test_detector_runs_only_for_its_directions():
    verdict = Engine([WholeText]).screen("hello", Context(direction=Direction.OUTGOING))
    assert verdict.findings == []


def test_allow_list_drops_findings_inside_an_allowed_term():
    engine = Engine([Words], allow=["Bad Homburg"])
    assert engine.screen("I live in Bad Homburg").findings == []
    assert len(engine.screen("I live in Bad Homburg and this is bad").findings) == 1


def test_allow_list_can_be_given_per_call():
    engine = Engine([Words])
    assert engine.screen("visit bad homburg", allow=["Bad Homburg"]).findings == []
    assert engine.screen("visit bad homburg").findings


def test_allow_list_matches_evasive_spellings_of_the_term():
    assert Engine([Words], allow=["bad homburg"]).screen("BAD   H0MBURG").findings == []


def test_conversation_state_is_returned_and_carried_by_the_caller():
    engine = Engine([Counter])
    state = None
    actions = []
    for _ in range(3):
        verdict = engine.screen("hi", Context(author="bsky:a", author_state=state))
        state = verdict.author_state
        actions.append(verdict.action)
    assert state == {"counter": {"seen": 3}}
    assert actions == [Action.ALLOW, Action.ALLOW, Action.ESCALATE]


def test_no_author_means_no_state():
    assert Engine([Counter]).screen("hi").author_state is None


def test_a_detector_returning_a_bad_span_is_an_error_not_a_silent_skip():
    class Broken(Detector):
        name = "broken"
        category = Category.SPAM

        def detect(self, doc, context):
            return [Finding(self.category, 1, (0, 99), "bad span", self.name)]

    with pytest.raises(ValueError, match="broken"):
        Engine([Broken]).screen("short")


def test_text_must_be_a_string():
    with pytest.raises(TypeError):
        Engine([Words]).screen(None)


def test_default_engine_is_built_once_and_used_by_screen():
    assert default_engine() is default_engine()
    assert screen("you absolute bellend").action != Action.ALLOW


def test_of_equally_severe_overlapping_findings_the_narrowest_is_kept_and_the_other_noted():
    class Model(Detector):
        name = "model"
        category = Category.INSULT

        def detect(self, doc, context):
            return [Finding(self.category, 3, (0, len(doc.original)), "model says so", self.name, score=0.91)]

    verdict = Engine([Words, Model]).screen("this is worse")
    (kept,) = verdict.findings
    assert (kept.detector, kept.span) == ("words", (8, 13))
    assert kept.evidence["also"] == [{"detector": "model", "severity": 3, "span": [0, 13], "score": 0.91}]


def test_a_conversation_detector_sees_the_whole_context_with_only_its_own_state():
    seen = []

    class Recorder(ConversationDetector):
        name = "recorder"
        category = Category.GROOMING

        def detect_with_state(self, doc, context):
            seen.append(context)
            return [], {"n": 1}

    values = {f.name: f"value of {f.name}" for f in fields(Context)}  # every field, so a new one is noticed
    values["direction"] = Direction.INCOMING
    values["author_state"] = {"recorder": {"n": 0}, "other": {"kept": True}}
    context = Context(**values)
    verdict = Engine([Recorder]).screen("hi", context)
    assert seen == [replace(context, author_state={"n": 0})]
    assert verdict.author_state == {"recorder": {"n": 1}, "other": {"kept": True}}
    assert context.author_state == {
        "recorder": {"n": 0},
        "other": {"kept": True},
    }  # the caller's is not changed


def test_a_text_with_no_findings_gets_the_policys_action_for_nothing():
    class Cautious(Policy):
        def decide(self, findings, direction):
            return Action.REVIEW

    assert Engine([Words], policy=Cautious()).screen("fine").action == Action.REVIEW
    first, second = Engine([Words]).screen("fine"), Engine([Words]).screen("fine")
    assert first.findings == [] and first.findings is not second.findings  # never one shared list
