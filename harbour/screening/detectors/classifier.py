"""Linear classifiers over hashed word and character n-grams (abuse, hate, bullying, sexual content), with
a second stage for what they are unsure of.

Each model is one file in detectors/models/, rebuilt by a script in harbour/screening/training/ (see
docs/model-card.md for data, licences and measured quality). Scoring needs no scikit-learn: the score is
sigmoid(bias + sum of weights over the text's n-grams / sqrt(n)). An engine's classifiers score their
models together (ModelGroup): one cached row per word holds its number of n-grams and every model's
summed weight, so a text costs one dict lookup per word whatever the number of models, and the first
classifier to see a document scores it for all of them.

The second stage (docs/detectors.md, "Second stage"): where a model's score lies in its uncertain band
[low, high], and the Context allows it (Context.second_stage), the message's sentence vector (encoder.vector
of the normalised text, all-MiniLM-L6-v2) goes through that model's head (logistic regression on the vector,
detectors/models/heads.npz, built by training/second_stage.py) and the blend of the two probabilities
decides, against the head's own threshold. Outside the band, or for a model without a kept head, the fast
path decides alone. The band, blend and threshold were chosen on validation rows only.
"""

from __future__ import annotations

import json
import math
from array import array
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, NamedTuple

import numpy as np

from harbour.screening.counter_speech import FRAME_WORDS, QUOTE_CUES, may_quote, quoted
from harbour.screening.detectors.base import Detector
from harbour.screening.ngrams import Bounded, Features, HashedNgrams, WordRows
from harbour.screening.verdict import Category, Context, Direction, Finding, Severity

if TYPE_CHECKING:
    from harbour.screening.normalise import Document, Word

MODELS = Path(__file__).parent / "models"
HEADS = MODELS / "heads.npz"
HEADS_ENCODER = "all-MiniLM-L6-v2, mean-pooled, unit length"  # what heads.npz was trained on
FEATURISER = (
    "hashed-ngrams-v2"  # bump when ngrams.py changes what a text maps to; old files then refuse to load
)
BITS = 18
FEATURES = HashedNgrams(bits=BITS)  # shared by every model, so a word's buckets are hashed once
_FLAGS = "classifier.flags"


def _word_list(name: str) -> frozenset[str]:
    text = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


# Rude look-alikes that are innocent ("Essex", "peacock", "shiitake"), and words that name who someone is
# ("gay", "muslim", "girls"): see each file's header.
INNOCENT_WORDS = _word_list("innocent_words.txt")
IDENTITY_WORDS = _word_list("identity_words.txt")
# Pronouns, auxiliaries and everyday verbs: no evidence on their own for a model that learned them from too
# few examples (SexualClassifier.uncounted; see the file's header).
FUNCTION_WORDS = _word_list("function_words.txt")
# An identity word right after one of these, with only _BETWEEN words in between, is someone saying who they
# are ("I'm a proud muslim", "as a gay kid", "anyone else trans", "being deaf", "fellow christians"), not naming
# a target ("I am sick of muslims" has "sick of" in between). After "is" or "are" it counts only when a
# person close comes before ("my best friend is black"; not "my problem is muslims").
_SELF_WORDS = frozenset({"im", "am", "iam", "being", "fellow", "else", "other", "others", "as"})
_BETWEEN = frozenset(
    {"a", "an", "also", "really", "so", "very", "proud", "openly", "both", "half", "not", "too"}
)
_CLOSE = frozenset(
    "friend bestie mate mum mom mam dad brother sister cousin nan gran granny grandma grandad grandpa auntie aunt "
    "uncle son daughter partner girlfriend boyfriend parents family".split()
)


def words(doc: Document) -> list[Word]:
    """The words the models read: those of the main normalised form."""
    return [w for w in doc.words if w.form == 0]


def tokens(doc: Document) -> list[str]:
    """The texts of words(doc): Document.tokens."""
    return doc.tokens


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
            raise ModelFileError(
                f"Cannot read model file {path}: {exc}. Rebuild it with `make train`."
            ) from exc
        if meta.get("featuriser") != FEATURISER or meta.get("bits") != BITS or weights.shape != (1 << BITS,):
            raise ModelFileError(
                f"Model file {path} was built for featuriser {meta.get('featuriser')!r} with "
                f"{meta.get('bits')} bits; this code uses {FEATURISER!r} with {BITS}. Rebuild it with `make train`."
            )
        self.meta = meta
        self.name: str = meta["name"]
        self.bias = float(meta["bias"])
        self.threshold = float(meta["threshold"])
        self.rounded_threshold = round(self.threshold, 4)  # as explanations show it
        self.high = float(meta.get("high", 2.0))  # score from which the finding is one severity higher
        self.weights = array("f", weights.astype(np.float32).tobytes())
        self._word_sums = Bounded(self._word_sum, FEATURES.cache_size)  # for score(), which training calls

    def _word_sum(self, word: str) -> float:
        return self.bucket_sum(FEATURES.word_buckets(word))

    def bucket_sum(self, buckets: tuple[int, ...]) -> float:
        return sum(map(self.weights.__getitem__, buckets))

    def word_weight(self, word: str) -> float:
        """The summed weight of one word's buckets (before the 1/sqrt(n) scaling)."""
        return self._word_sums[word]

    def score(self, feats: Features | list[str]) -> float:
        """Probability of the class for a text's words (or Features already computed from them)."""
        if not isinstance(feats, Features):
            feats = FEATURES.features(feats)
        return probability(self.bias + sum(map(self._word_sums.__getitem__, feats.tokens)) * feats.norm)


def probability(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


class Head:
    """One model's second stage: a logistic regression over the message's sentence vector, the band of the
    linear model's score in which it is asked, and how its probability is blended with that score."""

    __slots__ = ("bias", "blend", "high", "low", "meta", "model", "threshold", "weights")

    def __init__(self, model: str, weights: np.ndarray, bias: float, meta: dict):
        self.model = model
        self.weights = np.ascontiguousarray(weights, dtype=np.float32)
        self.bias = float(bias)
        self.low = float(meta["low"])
        self.high = float(meta["high"])
        self.blend = float(meta["blend"])  # the head's share of the blended probability
        self.threshold = float(meta["threshold"])
        self.meta = meta

    def in_band(self, score: float) -> bool:
        return self.low <= score <= self.high

    def probability(self, vector: np.ndarray) -> float:
        return probability(float(self.weights @ vector) + self.bias)

    def blended(self, score: float, head: float) -> float:
        return (1.0 - self.blend) * score + self.blend * head


def load_heads(path: Path = HEADS, *, kept_only: bool = True) -> dict[str, Head]:
    """model name -> its Head, from heads.npz; only the heads kept (those that added on validation rows)
    unless kept_only is False. Raises ModelFileError if the file is missing, unreadable or of another shape."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            weights = data["weights"]
            biases = data["bias"]
    except (OSError, KeyError, ValueError) as exc:
        raise ModelFileError(
            f"Cannot read the second stage's heads file {path}: {exc}. Rebuild it with `make train`."
        ) from exc
    heads = meta.get("heads") if isinstance(meta, dict) else None
    dimensions = meta.get("dimensions") if isinstance(meta, dict) else None
    from harbour.screening.encoder import DIMENSIONS

    if (
        not isinstance(heads, list)
        or meta.get("encoder") != HEADS_ENCODER
        or dimensions != DIMENSIONS
        or weights.shape != (len(heads), DIMENSIONS)
        or biases.shape != (len(heads),)
    ):
        raise ModelFileError(
            f"Heads file {path} holds weights of shape {weights.shape} for encoder {meta.get('encoder')!r} "
            f"({dimensions} dimensions); this code needs one row of {DIMENSIONS} per head for "
            f"{HEADS_ENCODER!r}. Rebuild it with `make train`."
        )
    return {
        head["model"]: Head(head["model"], weights[i], biases[i], head)
        for i, head in enumerate(heads)
        if head.get("kept") or not kept_only
    }


_heads_cache: dict[Path, dict[str, Head]] = {}


def shipped_heads(path: Path | None = None) -> dict[str, Head]:
    """The kept heads of the shipped file (HEADS), read once per process."""
    path = HEADS if path is None else path
    heads = _heads_cache.get(path)
    if heads is None:
        heads = _heads_cache[path] = load_heads(path)
    return heads


def _vector(text: str) -> np.ndarray:
    from harbour.screening import encoder  # ONNX Runtime and the weights load on the first call only

    return encoder.vector(text)


class Scored(NamedTuple):
    """One document scored by a ModelGroup."""

    tokens: list[str]
    columns: list[tuple]  # per model, each token's summed weight (after the n-gram counts' column)
    norm: float  # 1/sqrt(number of n-gram occurrences)
    scores: tuple[float, ...]  # each model's probability, in the group's order


class ModelGroup:
    """Models scored in one pass. Sums run in the same order as LinearModel.score's, so the scores are
    the same floats."""

    def __init__(self, models: tuple[LinearModel, ...], cache_size: int = FEATURES.cache_size):
        self.models = models
        # word -> (number of n-grams, then each model's summed weight), bounded; a text's new words are
        # hashed and summed together (ngrams.WordRows)
        self.rows = WordRows(FEATURES, [model.weights for model in models], cache_size)

    def score(self, doc: Document) -> Scored | None:
        """The document's scores, made once per document (cached on it); None when it has no words."""
        cache = doc.cache
        if self in cache:
            return cache[self]
        found = tokens(doc)
        scored = None
        if found:
            rows = self.rows
            rows.fill(doc.word_set)  # a set test when every word is known (warm); else one pass for the new
            sizes, *columns = zip(*map(rows.__getitem__, found))
            norm = sum(sizes) ** -0.5
            scores = tuple(
                [probability(model.bias + sum(column) * norm) for model, column in zip(self.models, columns)]
            )
            scored = Scored(found, columns, norm, scores)
        cache[self] = scored
        return scored


def _self_described(found: list[str], i: int) -> bool:
    """Is the identity word at found[i] said of oneself or of people close ("I'm a proud muslim", "anyone
    else gay here", "my mum is deaf", "came out as trans") rather than of a target ("typical muslim")?"""
    j = i - 1
    while j >= 0 and found[j] in _BETWEEN:
        j -= 1
    if j < 0:
        return False
    if found[j] in _SELF_WORDS:
        return True
    if found[j] in ("is", "are"):
        before = found[max(0, j - 3) : j]
        return "my" in before and not _CLOSE.isdisjoint(before)
    return False


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
    # Words that are no evidence for this model when every one of its top words is one of them
    uncounted: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, model: LinearModel | None = None, heads: dict[str, Head] | None = None):
        """heads: model name -> Head (default: the kept heads of detectors/models/heads.npz); this model's,
        if any, is its second stage."""
        self.model = model or LinearModel(MODELS / self.model_file)
        self.group = ModelGroup((self.model,))
        self.slot = 0  # this model's place in the group
        self.head: Head | None = (shipped_heads() if heads is None else heads).get(self.model.name)
        # The message's sentence vector, from its normalised text (encoder.vector, remembered per text)
        self.vector = _vector

    def share_with(self, detectors: list[Detector]) -> None:
        """Score with every classifier of the engine in one group (the first of them builds it)."""
        peers = [d for d in detectors if isinstance(d, LinearClassifier)]
        models = tuple(p.model for p in peers)
        if self.group.models != models:
            group = ModelGroup(models)
            for slot, peer in enumerate(peers):
                peer.group, peer.slot = group, slot

    def detect(self, doc: Document, context: Context) -> list[Finding]:
        head = self.head if context.second_stage else None
        floor = self.model.threshold if head is None else min(self.model.threshold, head.low)
        fast = self.fast_score(doc, floor)
        if fast is None:
            return []
        score, top, discounted = fast
        if head is not None and head.in_band(score):
            said = head.probability(self.vector(doc.text))
            blended = head.blended(score, said)
            if blended < head.threshold:
                return []
            return [self._finding(doc, score, top, discounted, second=(said, blended, head))]
        if score < self.model.threshold:
            return []
        return [self._finding(doc, score, top, discounted)]

    def fast_score(self, doc: Document, floor: float) -> tuple[float, dict, list[str]] | None:
        """The fast path's score of a document (after leaving out the words that are no evidence, when it
        reaches `floor`), its top words and the words not counted; None when it is below `floor` or the
        document has no words that count."""
        scored = self.group.score(doc)
        if scored is None:
            return None  # no words, no evidence: the bias alone never flags a text
        score = scored.scores[self.slot]
        if score < floor:
            return None
        found = scored.tokens
        top = self._top(scored, None, scored.norm)
        dropped = self._not_evidence(doc, found, top)
        if not dropped:
            return score, top, []
        # Scored again without the words that are no evidence: flagged only if the rest still reads that way.
        keep = [i for i in range(len(found)) if i not in dropped]
        rows = [self.group.rows[found[i]] for i in keep]
        if not rows:
            return None
        column = self.slot + 1
        norm = sum(row[0] for row in rows) ** -0.5
        score = probability(self.model.bias + sum(row[column] for row in rows) * norm)
        if score < floor:
            return None
        return score, self._top(scored, keep, norm), sorted({found[i] for i in dropped})

    def _top(self, scored: Scored, keep: list[int] | None, norm: float) -> dict:
        """word -> (weight, index of its first place in the tokens), for the (distinct) words that pushed the
        score up most, strongest first, ties in text order; among the tokens at `keep` only, when given."""
        found, column = scored.tokens, scored.columns[self.slot]
        if keep is not None:
            found, column = [found[i] for i in keep], [column[i] for i in keep]
        # A word weighs the same wherever it occurs. The weights are sorted as plain floats and each found
        # again with index() from the left, so a word's first place comes first and a repeat is skipped.
        top: dict[str, tuple[float, int]] = {}
        j = -1
        last = None
        for weight in sorted(column, reverse=True):
            if weight <= 0:
                break
            j = column.index(weight, j + 1) if weight == last else column.index(weight)
            last = weight
            word = found[j]
            if word not in top:
                top[word] = (weight * norm, j if keep is None else keep[j])
                if len(top) == 3:
                    break
        return top

    def _not_evidence(self, doc: Document, found: list[str], top: dict) -> set[int]:
        """The tokens that do not count for this hit: every innocent word (INNOCENT_WORDS) when one is among the
        top words; when an identity word is, each place where one is said of oneself or someone close
        (_self_described); each place where a top word is quoted ("the word 'retard' is a slur",
        counter_speech); and every word of `uncounted` when the top words are all such words."""
        flags = doc.cache.get(_FLAGS)
        if (
            flags is None
        ):  # once per document: its innocent and identity words, and whether any could be quoted
            words = doc.word_set
            flags = doc.cache[_FLAGS] = (words & INNOCENT_WORDS, words & IDENTITY_WORDS, may_quote(words))
        innocent, identity, hinted = flags
        dropped: set[int] = set()
        if self.uncounted and top.keys() <= self.uncounted:
            dropped.update(i for i, word in enumerate(found) if word in self.uncounted)
        if not (innocent or identity or hinted):
            return dropped
        if innocent and not innocent.isdisjoint(top):
            dropped.update(i for i, word in enumerate(found) if word in innocent)
        if identity and not identity.isdisjoint(top):
            dropped.update(
                i for i, word in enumerate(found) if word in identity and _self_described(found, i)
            )
        if hinted:
            text, place = doc.text, doc.columns.place
            for word, (_, i) in top.items():
                if word in FRAME_WORDS:
                    continue
                while True:
                    # a quote needs a cue word within the 60 characters before: within the 30 words before
                    if not QUOTE_CUES.isdisjoint(found[max(0, i - 30) : i]) and quoted(text, *place(i)):
                        dropped.add(i)
                    try:
                        i = found.index(word, i + 1)
                    except ValueError:
                        break
        return dropped

    def _finding(
        self,
        doc: Document,
        score: float,
        top: dict,
        discounted: list[str] | tuple,
        second: tuple[float, float, Head] | None = None,
    ) -> Finding:
        """Explain a hit: its top words, where the strongest is, and any words that were not counted; for
        a second-stage decision, what the head read (`second`: its probability, the blend, the head)."""
        model = self.model
        severity = self.severity + 1 if score >= model.high else self.severity
        reason = f"{self.describes}: model '{model.name}' scored {score:.2f}"
        if second is not None:
            reason += f", unsure, and the second stage read the message's meaning as {second[0]:.2f}"
        if top:
            place = doc.columns.place
            spans = [place(i) for _, i in top.values()]
            if doc.forms[
                0
            ].steps:  # normalising changed lengths: map back (else doc.text's places are the original's)
                spans = [original_span(doc, *span) for span in spans]
            original = doc.original
            reason += "; words that weighed most: " + ", ".join([f"'{original[s:e]}'" for s, e in spans])
            span = spans[0]
        else:
            span = (0, len(doc.original))
        evidence = {
            "model": model.name,
            "threshold": model.rounded_threshold,
            "top": [{"word": word, "weight": round(weight, 3)} for word, (weight, _) in top.items()],
        }
        if discounted:
            reason += f" (not counting {', '.join(repr(w) for w in discounted)}: no evidence on their own)"
            evidence["not_counted"] = list(discounted)
        if second is not None:
            said, blended, head = second
            evidence["second_stage"] = {
                "fast": round(score, 4),
                "head": round(said, 4),
                "blended": round(blended, 4),
                "threshold": head.threshold,
                "band": [head.low, head.high],
            }
        return Finding(
            self.category, min(int(severity), Severity.SEVERE), span, reason, self.name, score, evidence
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
    uncounted = FUNCTION_WORDS  # it learned "like", "want" and "me" from 93 examples
