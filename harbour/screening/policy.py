"""From findings to an action. Detectors find; the organisation's policy decides.

Incoming text (comments, replies, messages): each finding's severity is compared with its category's
thresholds; the verdict's action is the strongest over all findings. Outgoing text (the organisation's
own drafts) is never hidden or escalated by screening: anything at or above `outgoing_review_at`
goes to review, because a person fixes a draft before it is published.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from harbour.screening.verdict import Action, Category, Direction, Finding

NEVER = 5  # above the highest severity: this action is never taken

_ORDER = {Action.ALLOW: 0, Action.REVIEW: 1, Action.HIDE: 2, Action.ESCALATE: 3}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The lowest severity at which each action is taken."""

    review: int = 1
    hide: int = 3
    escalate: int = 4

    def action(self, severity: int) -> Action:
        if severity >= self.escalate:
            return Action.ESCALATE
        if severity >= self.hide:
            return Action.HIDE
        if severity >= self.review:
            return Action.REVIEW
        return Action.ALLOW


def _default_categories() -> Mapping[Category, Thresholds]:
    return MappingProxyType(
        {
            # A child's phone number, address or school in public can find them: hide it at once.
            Category.PERSONAL_INFO: Thresholds(review=1, hide=2, escalate=NEVER),
            # Signs that a child may be at risk go to the safeguarding lead from severity 3.
            Category.GROOMING: Thresholds(review=1, hide=3, escalate=3),
            Category.SEXTING: Thresholds(review=1, hide=3, escalate=3),
            Category.SELF_HARM: Thresholds(review=1, hide=3, escalate=3),
            # A child telling us they are being harmed: off the public page and to the safeguarding lead.
            Category.DISCLOSURE: Thresholds(review=1, hide=3, escalate=3),
            # Swearing, slang and spam are hidden or reviewed, never a safeguarding matter by themselves.
            Category.PROFANITY: Thresholds(review=1, hide=3, escalate=NEVER),
            Category.SLANG: Thresholds(review=1, hide=3, escalate=NEVER),
            Category.SPAM: Thresholds(review=1, hide=2, escalate=NEVER),
            # Draft checks only advise.
            Category.READABILITY: Thresholds(review=1, hide=NEVER, escalate=NEVER),
            Category.LEADING_QUESTION: Thresholds(review=1, hide=NEVER, escalate=NEVER),
            Category.LIBEL_RISK: Thresholds(review=1, hide=NEVER, escalate=NEVER),
        }
    )


@dataclass(frozen=True, slots=True)
class Policy:
    """An organisation's thresholds: `default` for any category not in `categories`."""

    default: Thresholds = Thresholds()
    categories: Mapping[Category, Thresholds] = field(default_factory=_default_categories)
    outgoing_review_at: int = 1
    # (category, severity) -> (rank, action) for incoming text, worked out once: decide() runs per screen
    _incoming: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        table = {}
        for category in Category:
            thresholds = self.thresholds(category)
            for severity in range(NEVER + 1):
                action = thresholds.action(severity)
                table[category, severity] = (_ORDER[action], action)
        object.__setattr__(self, "_incoming", table)

    def thresholds(self, category: Category) -> Thresholds:
        return self.categories.get(category, self.default)

    def action_for(self, finding: Finding, direction: Direction) -> Action:
        if direction == Direction.OUTGOING:
            return Action.REVIEW if finding.severity >= self.outgoing_review_at else Action.ALLOW
        return self.thresholds(finding.category).action(finding.severity)

    def decide(self, findings: Iterable[Finding], direction: Direction) -> Action:
        if direction == Direction.OUTGOING:
            return (
                Action.REVIEW
                if any(f.severity >= self.outgoing_review_at for f in findings)
                else Action.ALLOW
            )
        table = self._incoming
        best = (0, Action.ALLOW)
        for finding in findings:
            ranked = table.get((finding.category, finding.severity))
            if ranked is None:  # a category or severity outside the table: work it out
                action = self.action_for(finding, direction)
                ranked = (_ORDER[action], action)
            if ranked[0] > best[0]:
                best = ranked
        return best[1]

    def with_overrides(self, **categories: Thresholds) -> Policy:
        """A copy with some categories' thresholds replaced: `policy.with_overrides(slang=Thresholds(review=2))`."""
        merged = dict(self.categories)
        for name, thresholds in categories.items():
            merged[Category(name)] = thresholds
        return replace(self, categories=MappingProxyType(merged))

    @classmethod
    def from_dict(cls, data: Mapping) -> Policy:
        """Build from stored settings, e.g. {"default": {"review": 2}, "categories": {"slang": {"review": 3}}}.

        Raises ValueError with a plain message on an unknown category or a severity outside 0-5.
        """

        def thresholds(raw: Mapping, base: Thresholds, where: str) -> Thresholds:
            unknown = set(raw) - {"review", "hide", "escalate"}
            if unknown:
                raise ValueError(f"{where}: unknown setting {min(unknown)!r} (use review, hide, escalate)")
            values = {}
            for key, value in raw.items():
                if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= NEVER:
                    raise ValueError(
                        f"{where}.{key}: enter a severity from 0 to {NEVER} ({NEVER} means never)"
                    )
                values[key] = value
            return replace(base, **values)

        default = thresholds(data.get("default", {}), Thresholds(), "default")
        base = cls()
        categories = dict(base.categories)
        for name, raw in data.get("categories", {}).items():
            try:
                category = Category(name)
            except ValueError:
                raise ValueError(f"categories: unknown category {name!r}") from None
            categories[category] = thresholds(raw, categories.get(category, default), f"categories.{name}")
        outgoing = data.get("outgoing_review_at", base.outgoing_review_at)
        if not isinstance(outgoing, int) or isinstance(outgoing, bool) or not 0 <= outgoing <= NEVER:
            raise ValueError(f"outgoing_review_at: enter a severity from 0 to {NEVER}")
        return cls(default=default, categories=MappingProxyType(categories), outgoing_review_at=outgoing)
