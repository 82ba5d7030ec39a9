"""Linear classifiers over hashed word and character n-grams (abuse, hate, bullying, sexual content).

Each model is one file in detectors/models/, rebuilt by a script in harbour/screening/training/ (see
docs/model-card.md for data, licences and measured quality). Scoring needs no scikit-learn: the score is
sigmoid(bias + sum of weights over the text's n-grams / sqrt(n)), with each word's summed weight cached
(see ngrams.py).
"""

from __future__ import annotations

import json
import math
from array import array
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from harbour.screening.detectors.base import Detector
from harbour.screening.ngrams import Bounded, Features, HashedNgrams
from harbour.screening.verdict import Category, Context, Direction, Finding, Severity

if TYPE_CHECKING:
    from harbour.screening.normalise import Document, Word

MODELS = Path(__file__).parent / "models"
FEATURISER = "hashed-ngrams-v2"  # bump when ngrams.py changes what a text maps to; old files then refuse to load
BITS = 18
FEATURES = HashedNgrams(bits=BITS)  # shared by every model, so a word's buckets are hashed once
_CACHE_KEY = "classifier.features"


def words(doc: Document) -> list[Word]:
    """The words the models read: those of the main normalised form."""
    return [w for w in doc.words if w.form == 0]


def tokens(doc: Document) -> list[str]:
    return [w.text for w in doc.words if w.form == 0]


class ModelFileError(ValueError):
    """A model file is missing, unreadable, or was built for another featuriser."""


class LinearModel:
    """One model file: weights over 2**bits buckets, a bias, and thresholds chosen on a validation split."""

    def __init__(self, path: Path):
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                weights = data["weights"]
        except (OSError, KeyError, ValueError) as exc:
            raise ModelFileError(f"Cannot read model file {path}: {exc}. Rebuild it with `make train`.") from exc
        if meta.get("featuriser") != FEATURISER or meta.get("bits") != BITS or weights.shape != (1 << BITS,):
            raise ModelFileError(
                f"Model file {path} was built for featuriser {meta.get('featuriser')!r} with "
                f"{meta.get('bits')} bits; this code uses {FEATURISER!r} with {BITS}. Rebuild it with `make train`."
            )
        self.meta = meta
        self.name: str = meta["name"]
        self.bias = float(meta["bias"])
        self.threshold = float(meta["threshold"])
        self.high = float(meta.get("high", 2.0))  # score from which the finding is one severity higher
        self.weights = array("f", weights.astype(np.float32).tobytes())
        self._word_sums = Bounded(self._word_sum, FEATURES.cache_size)

    def _word_sum(self, word: str) -> float:
        return sum(map(self.weights.__getitem__, FEATURES.word_buckets(word)))

    def word_weight(self, word: str) -> float:
        """The summed weight of one word's buckets (before the 1/sqrt(n) scaling)."""
        return self._word_sums[word]

    def score(self, feats: Features | list[str]) -> float:
        """Probability of the class for a text's words (or Features already computed from them)."""
        if not isinstance(feats, Features):
            feats = FEATURES.features(feats)
        z = self.bias + sum(map(self._word_sums.__getitem__, feats.tokens)) * feats.norm
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


def original_span(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Map a span of doc.text to doc.original; the whole text when the mapping cannot be trusted."""
    whole = (0, len(doc.original))
    try:
        s, e = doc.to_original(start, end)
    except (IndexError, ValueError):
        return whole
    return (s, e) if 0 <= s < e <= len(doc.original) else whole


class LinearClassifier(Detector):
    """A detector backed by one model file. Subclasses name the file, category and base severity."""

    model_file: ClassVar[str]
    severity: ClassVar[int] = Severity.MEDIUM
    # Incoming only: the models learnt from public comments, and read an organisation's own anti-bullying
    # or anti-racism post as the thing it speaks against. Drafts get the lexicons and the drafts checks.
    directions: ClassVar[frozenset[Direction]] = frozenset({Direction.INCOMING})
    describes: ClassVar[str]  # what a hit means, for the reason text

    def __init__(self, model: LinearModel | None = None):
        self.model = model or LinearModel(MODELS / self.model_file)

    def detect(self, doc: Document, context: Context) -> list[Finding]:
        feats = doc.cache.get(_CACHE_KEY)
        if feats is None:  # the first classifier to see this document scans it for all of them
            feats = doc.cache[_CACHE_KEY] = FEATURES.features(tokens(doc))
        if not feats.tokens:
            return []  # no words, no evidence: the bias alone never flags a text
        score = self.model.score(feats)
        if score < self.model.threshold:
            return []
        return [self._finding(doc, feats, score)]

    def _finding(self, doc: Document, feats: Features, score: float) -> Finding:
        """Explain a hit: the words that pushed the score up most, strongest first."""
        ranked = sorted(
            ((self.model.word_weight(w.text) * feats.norm, i, w) for i, w in enumerate(words(doc))),
            key=lambda item: (-item[0], item[1]),
        )
        top = []
        for weight, _, word in ranked:
            if weight <= 0 or len(top) == 3:
                break
            if word.text not in [t.text for _, t in top]:
                top.append((weight, word))
        span = original_span(doc, top[0][1].start, top[0][1].end) if top else (0, len(doc.original))
        shown = ", ".join(f"'{doc.original[slice(*original_span(doc, w.start, w.end))]}'" for _, w in top)
        reason = f"{self.describes}: model '{self.model.name}' scored {score:.2f}"
        if shown:
            reason += f"; words that weighed most: {shown}"
        severity = self.severity + 1 if score >= self.model.high else self.severity
        return Finding(
            category=self.category,
            severity=min(int(severity), Severity.SEVERE),
            span=span,
            reason=reason,
            detector=self.name,
            score=score,
            evidence={
                "model": self.model.name,
                "threshold": round(self.model.threshold, 4),
                "top": [{"word": w.text, "weight": round(weight, 3)} for weight, w in top],
            },
        )


class AbuseClassifier(LinearClassifier):
    """Insulting or abusive language, whether or not it swears."""

    name = "abuse_classifier"
    category = Category.INSULT
    model_file = "abuse.npz"
    describes = "Reads as abusive or insulting"


class HateClassifier(LinearClassifier):
    """Abuse aimed at people for who they are (race, religion, sex, sexuality, disability)."""

    name = "hate_classifier"
    category = Category.HATE
    model_file = "hate.npz"
    severity = Severity.HIGH
    describes = "Reads as hateful towards a group"


class BullyingClassifier(LinearClassifier):
    """Insults and put-downs aimed at one person."""

    name = "bullying_classifier"
    category = Category.BULLYING
    model_file = "bullying.npz"
    describes = "Reads as bullying someone"


class SexualClassifier(LinearClassifier):
    """Sexual remarks and sexual harassment."""

    name = "sexual_classifier"
    category = Category.SEXUAL
    model_file = "sexual.npz"
    describes = "Reads as sexual or sexually harassing"
