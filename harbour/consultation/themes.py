"""The written answers to a question grouped into themes, with a method that can be explained in a sentence
each:

1. Only answers screening allowed are read (action "allow", no screening error, not put in the inbox): a
   flagged answer is never grouped, counted in a theme or quoted; it is with the moderators.
2. Each answer becomes a vector with the MiniLM sentence encoder Harbour already uses for screening
   (harbour/screening/encoder.py): answers that mean similar things get vectors that point the same way.
3. The vectors are grouped by k-means on the unit sphere (cosine similarity), in NumPy, with a fixed seed,
   so the same answers always give the same themes. The number of themes k is chosen by a stated rule: the
   k from 2 to min(MAX_THEMES, answers / 5) whose grouping has the highest mean silhouette (how much closer
   each answer is to its own theme than to the next one); fewer than 10 answers make one group.
4. Each theme is named by its most distinctive words (class-based TF-IDF: words frequent in this theme and
   rare in the others, common English words left out), and shown with the 2 or 3 answers closest to its
   centre.
5. Suppression: a theme of fewer than 5 answers is folded into "Other answers", and the counts (themes,
   other answers, and answers not grouped because screening flagged them) go through suppression.py with
   the number of written answers as their total, so no small group can be worked out.

Limits: English only (the encoder and the word list are English); made for short answers (the encoder reads
the first 126 word pieces of each); themes are a reading aid, not a finding: a person should read the
answers. At most THEME_LIMIT answers (the newest) are grouped. The grouping is cached per question and set of
answers (a digest of them), so it is worked out again only when answers arrive; the cache holds answer ids
and words, never the answers.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache

from harbour.consultation.models import WrittenAnswer
from harbour.consultation.suppression import THRESHOLD, Cell, suppress_counts
from harbour.inbox.screened import ScreeningAction

MAX_THEMES = 8
THEME_LIMIT = 1_000
EXAMPLES = 3
SEED = 20_231_123
OTHER = "Other answers"
NOT_GROUPED = "Not grouped: flagged by screening for a moderator to read"
CACHE_SECONDS = 24 * 3600
_WORD = re.compile(r"[a-z][a-z']{2,}")
STOP_WORDS = frozenset(
    """
    about above after again against all also and any are aren't because been before being below between
    both but can can't cannot could couldn't did didn't does doesn't doing don't down during each even
    ever every few for from further get gets got had hadn't has hasn't have haven't having her here
    hers herself him himself his how i'd i'll i'm i've into isn't it's its itself just let's like lot
    lots make made many may more most much must mustn't myself need needs nor not now off once one only
    other ought our ours ourselves out over own really same she she'd she'll she's should shouldn't so
    some such than that that's the their theirs them themselves then there there's these they they'd
    they'll they're they've thing things think this those through too under until very was wasn't way
    we'd we'll we're we've were weren't what what's when when's where where's which while who who's
    whom why why's will with won't would wouldn't yes you you'd you'll you're you've your yours yourself
    yourselves want people young maybe better would also use used still well good bit kind sort
    """.split()
)


@dataclass(frozen=True)
class Theme:
    name: str  # its distinctive words, "park, lights, dark"
    words: tuple[str, ...]
    cell: Cell  # how many answers, suppressed
    examples: tuple[str, ...]  # the answers closest to its centre (screening allowed every one)
    other: bool = False  # "Other answers": the themes too small to show, together


@dataclass(frozen=True)
class Themes:
    themes: tuple[Theme, ...]
    written: Cell  # every written answer to the question
    not_grouped: Cell  # answers screening did not allow (with moderators)
    grouped: int  # answers grouped (not shown: it is written minus not grouped)
    method: str  # a sentence saying how k was chosen


def allowed_answers(question):
    """The written answers the themes may read and quote: screening allowed them, and nothing failed."""
    return (
        WrittenAnswer.objects.filter(question=question, action=ScreeningAction.ALLOW, item__isnull=True)
        .exclude(verdict__has_key="error")
        .order_by("-pk")
    )


def tokens(text: str) -> list[str]:
    return [
        w.strip("'") for w in _WORD.findall(text.lower()) if w.strip("'") not in STOP_WORDS and len(w) > 2
    ]


def _kmeans(vectors: np.ndarray, k: int, rng: np.random.Generator, rounds: int = 50) -> np.ndarray:
    """Spherical k-means (cosine), k-means++ start: the label of each vector."""
    n = len(vectors)
    centres = [vectors[rng.integers(n)]]
    for _ in range(1, k):
        similarity = np.max(vectors @ np.array(centres).T, axis=1)
        distance = np.clip(1.0 - similarity, 0, None) ** 2
        total = distance.sum()
        pick = rng.choice(n, p=distance / total) if total > 0 else rng.integers(n)
        centres.append(vectors[pick])
    centres = np.array(centres)
    labels = np.full(n, -1)
    for _ in range(rounds):
        new = np.argmax(vectors @ centres.T, axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        for j in range(k):
            members = vectors[labels == j]
            if len(members):
                centre = members.sum(axis=0)
                centres[j] = centre / (np.linalg.norm(centre) or 1.0)
    return labels


def _silhouette(vectors: np.ndarray, labels: np.ndarray) -> float:
    """The mean silhouette with cosine distance (1 - similarity): for each answer, how much nearer it is to
    its own group (a: the mean distance to the others in it) than to the nearest other group (b), as
    (b - a) / max(a, b); 0 for an answer alone in its group."""
    groups, index = np.unique(labels, return_inverse=True)
    if len(groups) < 2:
        return -1.0
    distance = 1.0 - vectors @ vectors.T
    members = np.eye(len(groups))[index]  # n x k: which group each answer is in
    sizes = members.sum(axis=0)
    totals = distance @ members  # n x k: summed distance from each answer to each group
    own = sizes[index]
    a = np.where(own > 1, totals[np.arange(len(vectors)), index] / np.maximum(own - 1, 1), 0.0)
    means = totals / sizes
    means[np.arange(len(vectors)), index] = np.inf
    b = means.min(axis=1)
    top = np.maximum(a, b)
    scores = np.where((own > 1) & (top > 0), (b - a) / np.where(top > 0, top, 1), 0.0)
    return float(scores.mean())


def cluster(vectors: np.ndarray) -> tuple[np.ndarray, str]:
    """Labels for unit vectors by the rule in the module's docstring, and that rule in words."""
    n = len(vectors)
    if n < 2 * THRESHOLD:
        return np.zeros(n, dtype=int), "Fewer than 10 answers: one group."
    score, k, labels = best_grouping(vectors, range(2, min(MAX_THEMES, n // THRESHOLD) + 1))
    return (
        labels,
        f"{k} groups: the number from 2 to {min(MAX_THEMES, n // THRESHOLD)} that separates the answers best (silhouette {score:.2f}).",
    )


def best_grouping(vectors: np.ndarray, ks) -> tuple[float, int, np.ndarray]:
    """The k in `ks` whose spherical k-means grouping of the unit vectors has the highest mean silhouette
    (the best of 3 k-means++ starts per k, fixed seed): (silhouette, k, labels). Shared with opinions.py."""
    best = None
    for k in ks:
        rng = np.random.default_rng(SEED)
        tries = [_kmeans(vectors, k, rng) for _ in range(3)]
        labels = max(tries, key=lambda lab: _inertia(vectors, lab))
        score = _silhouette(vectors, labels)
        if best is None or score > best[0] + 1e-9:
            best = (score, k, labels)
    return best


def _inertia(vectors: np.ndarray, labels: np.ndarray) -> float:
    """How tight a grouping is: the summed similarity of each answer to its group's centre (higher: better)."""
    total = 0.0
    for j in np.unique(labels):
        members = vectors[labels == j]
        centre = members.sum(axis=0)
        centre = centre / (np.linalg.norm(centre) or 1.0)
        total += float((members @ centre).sum())
    return total


def distinctive_words(groups: list[list[str]], top: int = 3) -> list[tuple[str, ...]]:
    """Class-based TF-IDF: per group, the words most frequent in it relative to all groups."""
    counts = [Counter(word for text in texts for word in set(tokens(text))) for texts in groups]
    overall = Counter()
    for c in counts:
        overall.update(c)
    average = max(1.0, sum(sum(c.values()) for c in counts) / max(1, len(counts)))
    names = []
    for c in counts:
        size = sum(c.values()) or 1
        scored = sorted(
            ((c[w] / size) * np.log(1 + average / overall[w]), w) for w in c if c[w] >= 2 or len(c) < 5
        )
        names.append(tuple(w for _, w in sorted(scored, key=lambda sw: (-sw[0], sw[1]))[:top]))
    return names


def _compute(question, answers: list[tuple[int, str]]) -> dict:
    """The grouping as plain data for the cache: answer pks per theme, names and example pks."""
    from harbour.screening import encoder

    if not answers:
        return {"groups": [], "method": ""}
    texts = [text for _, text in answers]
    vectors = np.asarray(encoder.embed(texts), dtype=np.float32)
    labels, method = cluster(vectors)
    groups = []
    for j in sorted(set(labels.tolist())):
        idx = np.flatnonzero(labels == j)
        centre = vectors[idx].sum(axis=0)
        centre = centre / (np.linalg.norm(centre) or 1.0)
        order = idx[np.argsort(-(vectors[idx] @ centre), kind="stable")]
        groups.append([int(i) for i in order])
    names = distinctive_words([[texts[i] for i in g] for g in groups])
    return {
        "groups": [
            {"pks": [answers[i][0] for i in g], "words": list(words)}
            for g, words in zip(groups, names, strict=True)
        ],
        "method": method,
    }


def themes_of(question) -> Themes:
    """The question's written answers in themes, suppressed; computed once per set of answers (cached)."""
    written = WrittenAnswer.objects.filter(question=question).count()
    answers = list(allowed_answers(question).values_list("pk", "text")[:THEME_LIMIT])
    digest = hashlib.sha256("\x00".join(f"{pk}\x01{text}" for pk, text in answers).encode()).hexdigest()
    key = f"consultation-themes:v1:{question.pk}:{digest}"  # the answers themselves: new ones, new themes
    data = cache.get(key)
    if data is None:
        data = _compute(question, answers)
        cache.set(key, data, CACHE_SECONDS)
    text_of = dict(answers)
    big = [g for g in data["groups"] if len(g["pks"]) >= THRESHOLD]
    small = [g for g in data["groups"] if len(g["pks"]) < THRESHOLD]
    others = sum(len(g["pks"]) for g in small)
    not_grouped = written - len(answers)  # flagged by screening (or past THEME_LIMIT)
    line = [len(g["pks"]) for g in big] + [others, not_grouped]
    table = suppress_counts(line, total=True)
    cells = table.cells[0]
    themes = []
    if len(answers) < THRESHOLD:  # too few to group: nothing named, nothing quoted
        big, others = [], 0
    for i, group in enumerate(big):
        words = tuple(group["words"]) or ("(no distinctive words)",)
        examples = tuple(text_of[pk] for pk in group["pks"][:EXAMPLES] if pk in text_of)
        themes.append(Theme(name=", ".join(words), words=words, cell=cells[i], examples=examples))
    if others:
        themes.append(Theme(name=OTHER, words=(), cell=cells[len(big)], examples=(), other=True))
    return Themes(
        themes=tuple(themes),
        written=table.row_totals[0],
        not_grouped=cells[len(big) + 1],
        grouped=len(answers),
        method=data["method"],
    )
