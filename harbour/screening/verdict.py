"""The screening contract: what goes in (text, Context) and what comes out (Verdict of Findings)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


class Direction(StrEnum):
    INCOMING = "incoming"  # a comment, reply, mention or message from the public
    OUTGOING = "outgoing"  # a draft the organisation intends to publish


class Category(StrEnum):
    PROFANITY = "profanity"
    SLANG = "slang"
    INSULT = "insult"
    HATE = "hate"
    BULLYING = "bullying"
    SEXUAL = "sexual"
    SEXTING = "sexting"
    GROOMING = "grooming"
    SELF_HARM = "self_harm"
    DISCLOSURE = "disclosure"
    VIOLENCE = "violence"
    PERSONAL_INFO = "personal_info"
    SPAM = "spam"
    LIBEL_RISK = "libel_risk"
    LEADING_QUESTION = "leading_question"
    READABILITY = "readability"


class Severity(IntEnum):
    NONE = 0  # informational: a note for the moderator or author, no risk
    LOW = 1  # worth a look
    MEDIUM = 2  # should not be published as it stands
    HIGH = 3  # hide and review
    SEVERE = 4  # a child may be at risk: escalate to the safeguarding lead


class Action(StrEnum):
    ALLOW = "allow"
    REVIEW = "review"
    HIDE = "hide"
    ESCALATE = "escalate"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found. span is (start, end) into the original text, end exclusive."""

    category: Category
    severity: int
    span: tuple[int, int]
    reason: str  # plain words a moderator understands
    detector: str  # the detector's name, e.g. "uk_postcode"
    score: float | None = None  # a model's probability, where a model decided
    evidence: dict = field(
        default_factory=dict, compare=False, hash=False
    )  # e.g. {"matched": "d1ck", "as": "dick"}

    def to_dict(self, text: str | None = None) -> dict:
        out = {
            "category": str(self.category),
            "severity": int(self.severity),
            "span": list(self.span),
            "reason": self.reason,
            "detector": self.detector,
        }
        if text is not None:
            out["text"] = text[self.span[0] : self.span[1]]
        if self.score is not None:
            out["score"] = round(self.score, 4)
        if self.evidence:
            out["evidence"] = self.evidence
        return out


@dataclass(slots=True)
class Context:
    """Where a text comes from. author and thread are opaque ids (e.g. "bsky:did:plc:…")."""

    direction: Direction = Direction.INCOMING
    channel: str | None = None
    author: str | None = None
    thread: str | None = None
    # The grooming tracker's summary of this author so far (as returned in Verdict.author_state);
    # the caller stores it and passes it back, so the engine itself keeps no state between calls.
    author_state: dict | None = None
    # Whether detectors may ask the second stage (the sentence encoder and its heads) about what the fast
    # path is unsure of. False gives the fast path alone, exactly: for comparison, and where every
    # millisecond counts. Engine(second_stage=False) sets it for every text that engine screens.
    second_stage: bool = True
    # The text of the item this one replies to, where the caller knows it (ingest reads the stored parent):
    # a reply that only laughs or agrees ("😂😂 facts") is a pile-on under an item that bullies someone.
    parent_text: str | None = None
    # An outgoing draft's reading-age target (the organisation's, e.g. 11 for a young audience): the
    # readability detector asks for this age and flags a draft above it. None: the detector's own.
    reading_age_target: int | None = None


@dataclass(slots=True)
class Verdict:
    text: str
    findings: list[Finding]
    severity: int
    action: Action
    # Updated grooming-tracker summary for context.author (None when there is no author).
    author_state: dict | None = None

    def to_dict(self, *, include_text: bool = False) -> dict:
        out = {
            "severity": int(self.severity),
            "action": str(self.action),
            "findings": [f.to_dict(self.text) for f in self.findings],
        }
        if include_text:
            out["text"] = self.text
        return out
