"""What every detector is. One small class per thing found; data loaded once when the registry is built.

A detector receives a Document (the original text plus its normalised forms, made once per screen by
normalise.py) and the Context, and returns Findings whose spans point into the ORIGINAL text.
Detectors find; policy.py decides the action. A detector does no I/O while screening.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar

from harbour.screening.verdict import Category, Context, Direction, Finding

if TYPE_CHECKING:
    from harbour.screening.normalise import Document

BOTH = frozenset({Direction.INCOMING, Direction.OUTGOING})


class Detector(ABC):
    name: ClassVar[str]  # goes into Finding.detector, the registry and docs/detectors.md
    category: ClassVar[Category]
    directions: ClassVar[frozenset[Direction]] = BOTH
    # What a text must hold for this detector to find anything, so that an engine can skip it otherwise
    # (most texts wake few detectors). `wake_words`: one of these words in Document.word_set;
    # `wake_pairs`: both words of one of these pairs in it; `wake_chars`: one of these characters in
    # Document.folded; `wake_on_evasion`: any text with letters spaced or starred out (Document.evasive).
    # None of the first three set: always run. detect() must still be right when called without the check
    # (tests/screening/test_wake.py holds each detector to its conditions).
    wake_words: frozenset[str] | None = None
    wake_pairs: frozenset[tuple[str, str]] | None = None
    wake_chars: str | None = None
    wake_on_evasion: ClassVar[bool] = False

    @abstractmethod
    def detect(self, doc: Document, context: Context) -> list[Finding]: ...

    def share_with(self, detectors: list[Detector]) -> None:
        """Called once when an engine is built, with all of its detectors, so that detectors of one kind
        can share work (the classifiers score all their models in one pass). Most share nothing."""


class ConversationDetector(Detector):
    """A detector that keeps a summary per author across messages (the grooming tracker).

    It stays pure: it reads context.author_state and returns the updated state with its findings;
    the caller (inbox ingest, or the CLI's per-author table) stores the state and passes it back.
    """

    @abstractmethod
    def detect_with_state(self, doc: Document, context: Context) -> tuple[list[Finding], dict | None]: ...

    def detect(self, doc: Document, context: Context) -> list[Finding]:
        return self.detect_with_state(doc, context)[0]
