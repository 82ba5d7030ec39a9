"""The policy maps findings to an action: per-category thresholds, drafts only ever reviewed."""

import pytest

from harbour.screening.policy import NEVER, Policy, Thresholds
from harbour.screening.verdict import Action, Category, Direction, Finding

IN, OUT = Direction.INCOMING, Direction.OUTGOING


def finding(category, severity):
    return Finding(Category(category), severity, (0, 1), "test", "test")


@pytest.mark.parametrize(
    ("category", "severity", "action"),
    [
        ("profanity", 0, Action.ALLOW),
        ("profanity", 1, Action.REVIEW),
        ("profanity", 3, Action.HIDE),
        ("profanity", 4, Action.HIDE),  # swearing alone is never a safeguarding matter
        ("insult", 4, Action.ESCALATE),
        ("personal_info", 1, Action.REVIEW),
        ("personal_info", 2, Action.HIDE),  # a child's number or address in public: hide at once
        ("personal_info", 4, Action.HIDE),
        ("grooming", 2, Action.REVIEW),
        ("grooming", 3, Action.ESCALATE),
        ("sexting", 3, Action.ESCALATE),
        ("self_harm", 3, Action.ESCALATE),
        ("violence", 3, Action.HIDE),
        ("spam", 2, Action.HIDE),
        ("readability", 4, Action.REVIEW),
    ],
)
def test_incoming_thresholds(category, severity, action):
    assert Policy().decide([finding(category, severity)], IN) == action


@pytest.mark.parametrize("category", [c.value for c in Category])
def test_drafts_are_reviewed_never_hidden_or_escalated(category):
    policy = Policy()
    assert policy.decide([finding(category, 4)], OUT) == Action.REVIEW
    assert policy.decide([finding(category, 0)], OUT) == Action.ALLOW


def test_the_strongest_action_wins():
    findings = [finding("slang", 0), finding("profanity", 1), finding("self_harm", 4), finding("spam", 2)]
    assert Policy().decide(findings, IN) == Action.ESCALATE


def test_no_findings_is_allow():
    assert Policy().decide([], IN) == Action.ALLOW


def test_an_organisation_can_tune_a_category():
    policy = Policy().with_overrides(slang=Thresholds(review=3, hide=NEVER, escalate=NEVER))
    assert policy.decide([finding("slang", 2)], IN) == Action.ALLOW
    assert Policy().decide([finding("slang", 2)], IN) == Action.REVIEW


def test_policy_from_stored_settings():
    policy = Policy.from_dict(
        {"default": {"review": 2}, "categories": {"profanity": {"hide": 2}}, "outgoing_review_at": 2}
    )
    assert policy.decide([finding("insult", 1)], IN) == Action.ALLOW
    assert policy.decide([finding("profanity", 2)], IN) == Action.HIDE
    assert (
        policy.decide([finding("personal_info", 2)], IN) == Action.HIDE
    )  # untouched categories keep defaults
    assert policy.decide([finding("insult", 1)], OUT) == Action.ALLOW


@pytest.mark.parametrize(
    ("stored", "message"),
    [
        ({"categories": {"swearing": {"review": 1}}}, "unknown category 'swearing'"),
        ({"default": {"review": 9}}, "default.review: enter a severity from 0 to 5"),
        ({"default": {"hide": "3"}}, "default.hide: enter a severity"),
        ({"categories": {"spam": {"block": 1}}}, "unknown setting 'block'"),
        ({"outgoing_review_at": True}, "outgoing_review_at"),
    ],
)
def test_bad_settings_say_what_is_wrong(stored, message):
    with pytest.raises(ValueError, match=message):
        Policy.from_dict(stored)
