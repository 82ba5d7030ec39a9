"""Opinion groups: the people who voted on a consultation's agree/disagree statements, grouped by how they
voted (the way pol.is groups votes), with every figure suppressed like any other table.

    found = opinion_groups(consultation)   # OpinionGroups, or None where there is nothing to group

The method, a sentence each (METHOD says it on the page):

1. Each person who voted on any statement is a vector with a place per statement: agree 1, disagree -1,
   pass or no vote 0. One query reads every vote (a row per vote: response, statement, value).
2. People who passed on every statement have nothing to group by; they are counted with "Others".
3. The rest are grouped by themes.py's k-means on the unit sphere (cosine similarity: people who voted the
   same way on the same statements point the same way), with its fixed seed, so the same votes always give
   the same groups. The number of groups k, from 2 to 4 (and at most people / 5), is the one with the highest
   mean silhouette (themes.best_grouping, the same stated rule as the themes of written answers). With more
   than SAMPLE voters, the groups are found in an evenly spread, fixed sample of SAMPLE of them (the
   silhouette compares every pair), and then each voter joins the group whose centre is nearest. The
   grouping is cached per consultation and set of votes (a digest of the vote vectors, in response order), so
   it is worked out again only when votes arrive; the cache holds group numbers, never votes.
4. Each group is named by the statements that set it apart: where its share agreeing (or disagreeing) is
   furthest above everyone else's, and at least half the group voted that way ("mostly agrees: ...").
5. Common ground: the statements that at least 60% of every group agreed with (or every group disagreed
   with): pol.is's "consensus".
6. Suppression: a group of fewer than 5 people is not shown at all; its people are folded into "Others",
   which is itself not shown under 5 (and then the total of people who voted is not shown either, so it
   cannot be worked out by subtraction). Each group's votes are a table (a row per statement: agreed,
   disagreed, passed, adding up to the group's size) that goes through suppression.py, and a percentage
   is shown only beside a count that is shown.

Nothing is flagged or screened here: statements are written by staff, and votes are numbers.

Shown only where a consultation has at least MIN_STATEMENTS statements, at least MIN_VOTERS people voted
on them, and at least two groups of 5 or more come out. Limits: a reading aid, not a finding (groups are
what k-means finds in these votes, and a different set of statements would group people differently);
comparing one group's table with another's or with the per-question results is not audited
(suppression.py audits each table on its own).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache

from harbour.consultation.models import Answer, Consultation, QuestionKind
from harbour.consultation.results import Row, chart_of
from harbour.consultation.suppression import SHOWN, THRESHOLD, Cell, suppress, suppress_counts
from harbour.consultation.themes import best_grouping
from harbour.lib.charts import BarChart

MIN_STATEMENTS = 2
MIN_VOTERS = 10
MAX_GROUPS = 4
CACHE_SECONDS = 24 * 3600  # the grouping, cached per set of votes
SAMPLE = 1_000  # more voters: groups found in a fixed sample of this many, then everyone placed
COMMON_SHARE = 0.6  # every group at least this share agreeing (or disagreeing): common ground
DISTINCT = 2  # statements named per group
OTHERS = "Others"
OTHERS_MEANS = "people in groups of fewer than 5, and people who passed on every statement"
VOTES = [(1, "Agreed"), (-1, "Disagreed"), (0, "Passed")]
METHOD = (
    "People are grouped by how they voted: each person's agree, disagree and pass votes are compared, and "
    "people who voted alike on the same statements are put in the same group (k-means with a fixed start, "
    "the number of groups, 2 to 4, chosen as the one that separates people best); a group of fewer than 5 "
    "people is not shown."
)


@dataclass(frozen=True)
class StatementVotes:
    number: int  # the question's place in the consultation, from 1
    text: str
    cells: tuple[Cell, Cell, Cell]  # agreed, disagreed, passed (or did not vote), suppressed
    percents: tuple[int | None, int | None, int | None]  # only beside a count that is shown

    @property
    def rows(self) -> list[tuple[str, Cell, int | None]]:
        return [
            (label, cell, pct) for (_, label), cell, pct in zip(VOTES, self.cells, self.percents, strict=True)
        ]


@dataclass
class Group:
    name: str  # "Group A"
    size: Cell
    statements: list[StatementVotes]
    distinct: list[tuple[str, str]]  # ("mostly agrees", statement text): what sets the group apart
    chart: BarChart | None = None

    @property
    def summary(self) -> str:
        if not self.distinct:
            return f"{self.name} votes much like everyone else."
        return f"{self.name} " + "; ".join(f"{verb}: \u201c{text}\u201d" for verb, text in self.distinct)


@dataclass
class Common:
    text: str
    verb: str  # "agree" or "disagree"


@dataclass
class OpinionGroups:
    voters: Cell  # people who voted on any statement (ABSENT-like hidden where Others is too small)
    statements: int
    groups: list[Group]
    others: Cell | None  # None: not shown (none, or fewer than 5)
    common: list[Common] = field(default_factory=list)
    method: str = METHOD
    rule: str = ""  # the k chosen, in words
    sizes_chart: BarChart | None = None


def _votes(consultation: Consultation):
    statements = []
    for number, question in enumerate(consultation.questions.all(), start=1):  # in the consultation's order
        if question.kind == QuestionKind.STATEMENT:
            question.number = number
            statements.append(question)
    if len(statements) < MIN_STATEMENTS:
        return statements, {}
    column = {q.pk: j for j, q in enumerate(statements)}
    people: dict[int, np.ndarray] = {}
    for response_id, question_id, value in (
        Answer.objects.filter(question_id__in=column, response__consultation=consultation)
        .values_list("response_id", "question_id", "value")
        .order_by("response_id", "question_id")
    ):
        vector = people.setdefault(response_id, np.zeros(len(statements)))
        if value in (1, -1):
            vector[column[question_id]] = value
    return statements, people


def _group_table(members: np.ndarray, statements: list) -> tuple[list[StatementVotes], list]:
    size = len(members)
    counts = [
        [int((members[:, j] == 1).sum()), int((members[:, j] == -1).sum()), int((members[:, j] == 0).sum())]
        for j in range(len(statements))
    ]
    table = suppress(counts, row_totals=True, column_totals=False, total=False)
    rows = []
    for j, q in enumerate(statements):
        cells = table.cells[j]
        percents = tuple(
            round(100 * cell.count / size) if cell.state == SHOWN and cell.count is not None else None
            for cell in cells
        )
        rows.append(StatementVotes(q.number, q.text, tuple(cells), percents))
    return rows, counts


def _grouping(voted: np.ndarray, top: int) -> tuple[float, int, np.ndarray]:
    """(silhouette, k, a label per voter) by the rule in the module's docstring."""
    unit = voted / np.linalg.norm(voted, axis=1, keepdims=True)
    if len(unit) <= SAMPLE:
        return best_grouping(unit, range(2, top + 1))
    # The silhouette compares every pair of people: group an evenly spread, fixed sample of SAMPLE voters,
    # then put each voter in the group whose centre is nearest (k-means' own assignment step).
    sample = np.linspace(0, len(unit) - 1, SAMPLE).round().astype(int)
    score, k, found = best_grouping(unit[sample], range(2, top + 1))
    centres = np.array([unit[sample][found == g].sum(axis=0) for g in range(k)])
    centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
    return score, k, np.argmax(unit @ centres.T, axis=1)


def opinion_groups(consultation: Consultation) -> OpinionGroups | None:
    """The consultation's opinion groups, every figure suppressed; None where there are fewer than 2
    statements, fewer than 10 voters, or fewer than 2 groups of 5 or more (see the module's docstring)."""
    statements, people = _votes(consultation)
    if len(statements) < MIN_STATEMENTS or len(people) < MIN_VOTERS:
        return None
    ids = sorted(people)
    matrix = np.array([people[i] for i in ids])
    norms = np.linalg.norm(matrix, axis=1)
    voted = matrix[norms > 0]
    passed_all = int((norms == 0).sum())
    if len(voted) < 2 * THRESHOLD:
        return None
    top = min(MAX_GROUPS, len(voted) // THRESHOLD)
    digest = hashlib.sha256(np.ascontiguousarray(voted).tobytes()).hexdigest()
    key = f"opinions:{consultation.pk}:{digest}"
    cached = cache.get(key)
    if cached is None:
        score, k, labels = _grouping(voted, top)
        cache.set(key, (score, k, labels.tolist()), CACHE_SECONDS)
    else:
        score, k, labels = cached[0], cached[1], np.array(cached[2])
    # Biggest group first; ties by who voted first (the lowest response id), so the order is fixed too.
    order = sorted(
        set(labels.tolist()), key=lambda g: (-int((labels == g).sum()), int(np.argmax(labels == g)))
    )
    kept = [g for g in order if (labels == g).sum() >= THRESHOLD]
    if len(kept) < 2:
        return None
    others = passed_all + sum(int((labels == g).sum()) for g in order if g not in kept)
    others_shown = others >= THRESHOLD
    sizes = [int((labels == g).sum()) for g in kept] + ([others] if others_shown else [])
    size_table = suppress_counts(sizes, total=not (0 < others < THRESHOLD))
    groups: list[Group] = []
    raw: list[list[list[int]]] = []
    for index, g in enumerate(kept):
        name = f"Group {chr(ord('A') + index)}"
        rows, counts = _group_table(voted[labels == g], statements)
        groups.append(Group(name, size_table.cells[0][index], rows, distinct=[]))
        raw.append(counts)
    everyone = matrix  # the rest of a group: everyone who voted, less the group
    for group, g in zip(groups, kept, strict=True):
        members = voted[labels == g]
        size, rest = len(members), len(everyone) - len(members)
        scored = []
        for j, q in enumerate(statements):
            for value, verb in ((1, "mostly agrees"), (-1, "mostly disagrees")):
                mine = (members[:, j] == value).sum() / size
                theirs = ((everyone[:, j] == value).sum() - (members[:, j] == value).sum()) / max(rest, 1)
                if mine >= 0.5 and mine - theirs > 0.1:
                    scored.append((mine - theirs, -j, verb, q.text))
        scored.sort(reverse=True)
        seen = set()
        for _, _, verb, text in scored:
            if text not in seen and len(group.distinct) < DISTINCT:
                group.distinct.append((verb, text))
                seen.add(text)
        group.chart = chart_of(
            f"{group.name}: how many agreed with each statement",
            [Row(f"Statement {s.number}", s.cells[0]) for s in group.statements],
            caption=f"Out of {group.size.shown} people in {group.name}.",
        )
    common = []
    for j, q in enumerate(statements):
        for column, verb in ((0, "agree"), (1, "disagree")):  # VOTES' order: agreed, disagreed, passed
            if all(counts[j][column] >= COMMON_SHARE * sum(counts[j]) for counts in raw):
                common.append(Common(q.text, verb))
    size_rows = [Row(group.name, group.size) for group in groups]
    if others_shown:
        size_rows.append(Row(OTHERS, size_table.cells[0][len(groups)]))
    result = OpinionGroups(
        voters=size_table.row_totals[0] if size_table.row_totals else Cell(None, "absent"),
        statements=len(statements),
        groups=groups,
        others=size_table.cells[0][len(groups)] if others_shown else None,
        common=common,
        rule=f"{k} groups: the number from 2 to {top} that separates people best (silhouette {score:.2f}).",
    )
    result.sizes_chart = chart_of(
        "People in each opinion group",
        size_rows,
        caption=f"{OTHERS}: {OTHERS_MEANS}." if others_shown else "",
    )
    return result
