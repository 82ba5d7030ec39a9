"""A consultation's results, every figure already suppressed (suppression.py): what the results page, the
CSV, the PDF and the public "you said, we did" page show, and nothing else.

    results = results_of(consultation)   # Results: .enough, .responses, .questions, .by_age

Counted in the database, a handful of grouped queries whatever the number of answers (the bench in
bench/consultation_results.py runs it with 10,000): the choices and values per question and age band,
the people who answered each question per age band, and the written answers per question.

Per question kind:
- single choice, scale, statement: the count per choice (or point, or agree/disagree/pass) out of the
  people who answered, which add up to that total; with a cross-tab by age band where the consultation
  asks it, suppressed together with the question's own figures (they are that table's row totals);
  a scale's median as well.
- multiple choice: the count per choice (people may pick several, so the counts add up to nothing shown),
  cross-tab by age band as above.
- ranking: how many put each option first (they add up to the people who answered), and each option's
  average place, shown only where 5 or more people placed it.
- free text: the number of written answers; the themes come from themes.py on the page.

With fewer than MINIMUM_RESPONSES responses in all, `enough` is False and there are no figures at all.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count

from harbour.accounts.access import require
from harbour.accounts.capabilities import Capability
from harbour.accounts.models import Membership
from harbour.audit.services import record
from harbour.consultation.models import AgeBand, Answer, Consultation, QuestionKind, Response, WrittenAnswer
from harbour.consultation.suppression import (
    MINIMUM_RESPONSES,
    PRIMARY,
    SECONDARY,
    THRESHOLD,
    WITHHELD,
    Cell,
    suppress,
    suppress_counts,
)
from harbour.lib.charts import BarChart, bar_chart

NOT_GIVEN = "Not given"  # the age band of someone who chose not to say
HIDDEN_BAR = "Hidden"  # a figure of 5 or more hidden to protect a small one (the chart's words)
WITHHELD_BAR = "Not shown"  # every figure hidden, the labels too (suppression.WITHHELD)
TOO_FEW_HERE = "Fewer than 5 people answered this question, so no figures are shown for it."
STATEMENT_ROWS = [(1, "Agree"), (-1, "Disagree"), (0, "Pass")]
CROSS_TAB_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE, QuestionKind.STATEMENT}


@dataclass(frozen=True)
class Row:
    label: str
    cell: Cell


@dataclass(frozen=True)
class CrossTab:
    """Counts by age band: `columns` the bands, `rows` (label, cells) and the totals, all suppressed."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Cell, ...], Cell], ...]  # label, a cell per band, the row's total
    column_totals: tuple[Cell, ...]  # people in each band who answered (absent for multiple choice)
    total: Cell


@dataclass
class QuestionResult:
    question: object
    number: int  # its place in the consultation, from 1
    kind: str
    respondents: Cell  # people who answered it
    rows: list[Row] = field(default_factory=list)  # per choice, point or statement answer
    chart: BarChart | None = None
    cross_tab: CrossTab | None = None
    median: float | None = None  # scale
    average_places: list[Row] = field(default_factory=list)  # ranking: (option, its average place)
    written: int = 0  # free text: written answers (all of them, screened or not)
    note: str = ""  # a sentence under the figures (how to read them)

    @property
    def text(self) -> str:
        return self.question.text


@dataclass
class Results:
    consultation: Consultation
    responses: int
    enough: bool
    questions: list[QuestionResult]
    by_age: BarChart | None = None
    age_rows: list[Row] = field(default_factory=list)
    age_total: Cell | None = None


def chart_of(title: str, rows: list[Row], *, unit: str = "people", caption: str = "") -> BarChart:
    """The bar chart of suppressed rows: "Fewer than 5" for a small group, "Hidden" for a figure hidden to
    protect one (the chart's table says the same; no bar for either)."""
    chart = bar_chart(title, [(row.label, row.cell.count) for row in rows], unit=unit, caption=caption)
    bars = tuple(
        dataclasses.replace(bar, shown={SECONDARY: HIDDEN_BAR, WITHHELD: WITHHELD_BAR}[row.cell.state])
        if row.cell.state in (SECONDARY, WITHHELD)
        else bar
        for bar, row in zip(chart.bars, rows, strict=True)
    )
    return dataclasses.replace(chart, bars=bars)


def _bands(consultation: Consultation, present: set[str]) -> list[tuple[str, str]]:
    """The age bands of a cross-tab: every band the consultation offers, then "Not given" where any."""
    bands = [(value, label) for value, label in AgeBand.choices]
    if "" in present:
        bands.append(("", NOT_GIVEN))
    return bands


def _one_question(
    consultation: Consultation,
    question,
    number: int,
    counts: dict,
    respondents: dict,
    written: int,
) -> QuestionResult:
    """counts: {(choice_pk or None, value or None, band): n}; respondents: {band: people who answered}."""
    kind = question.kind
    people = sum(respondents.values())
    choices = list(question.choices.all())
    if kind != QuestionKind.FREE_TEXT and people < THRESHOLD:
        return QuestionResult(
            question,
            number,
            kind,
            respondents=Cell(None, PRIMARY) if people else Cell(0, "shown"),
            note=TOO_FEW_HERE,
        )
    if kind == QuestionKind.FREE_TEXT:
        table = suppress_counts([written], total=False)
        return QuestionResult(question, number, kind, respondents=table.cells[0][0], written=written)
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        keys = [((c.pk, None), c.text) for c in choices]
    elif kind == QuestionKind.SCALE:
        points = question.scale_points
        keys = []
        for point in range(1, points + 1):
            words = question.scale_low if point == 1 else question.scale_high if point == points else ""
            keys.append(((None, point), f"{point} ({words})" if words else str(point)))
    elif kind == QuestionKind.STATEMENT:
        keys = [((None, value), label) for value, label in STATEMENT_ROWS]
    else:  # RANKING
        return _ranking(question, number, choices, counts, people)
    additive = kind != QuestionKind.MULTIPLE
    crossed = consultation.asks_age_band and kind in CROSS_TAB_KINDS
    if crossed:
        present = {band for band, n in respondents.items() if n}
        bands = _bands(consultation, present)
        matrix = [[counts.get((key[0], key[1], band), 0) for band, _ in bands] for key, _ in keys]
        table = suppress(matrix, row_totals=True, column_totals=True, total=True, additive_columns=additive)
        rows = [Row(label, table.row_totals[i]) for i, (_, label) in enumerate(keys)]
        if additive:
            total = table.total
            column_totals = table.column_totals
        else:  # the picks add up to nothing shown: the people who answered, by band, on their own
            per_band = suppress_counts([respondents.get(band, 0) for band, _ in bands], total=True)
            column_totals, total = per_band.cells[0], per_band.row_totals[0]
        cross = CrossTab(
            columns=tuple(label for _, label in bands),
            rows=tuple((label, table.cells[i], table.row_totals[i]) for i, (_, label) in enumerate(keys)),
            column_totals=tuple(column_totals),
            total=total,
        )
    else:
        line = [sum(n for (c, v, _), n in counts.items() if (c, v) == key) for key, _ in keys]
        if additive:
            table = suppress_counts(line, total=True)
            total = table.row_totals[0]
        else:
            table = suppress_counts(line, additive=False)
            total = suppress_counts([people], total=False).cells[0][0]
        rows = [Row(label, table.cells[0][i]) for i, (_, label) in enumerate(keys)]
        cross = None
    result = QuestionResult(question, number, kind, respondents=total, rows=rows, cross_tab=cross)
    caption = "People may choose more than one answer." if kind == QuestionKind.MULTIPLE else ""
    result.chart = chart_of(f"Answers to question {number}", rows, caption=caption)
    if kind == QuestionKind.SCALE and people >= THRESHOLD:
        values = []
        for point in range(1, question.scale_points + 1):
            values += [point] * sum(n for (c, v, _), n in counts.items() if v == point)
        result.median = statistics.median(values) if values else None
        result.note = f"On a scale of 1 to {question.scale_points}."
    if kind == QuestionKind.MULTIPLE:
        result.note = caption
    return result


def _ranking(question, number: int, choices: list, counts: dict, people: int) -> QuestionResult:
    firsts = [sum(n for (c, v, _), n in counts.items() if c == choice.pk and v == 1) for choice in choices]
    table = suppress_counts(firsts, total=True)
    rows = [Row(choice.text, table.cells[0][i]) for i, choice in enumerate(choices)]
    result = QuestionResult(
        question, number, QuestionKind.RANKING, respondents=table.row_totals[0], rows=rows
    )
    result.chart = chart_of(
        f"First places in question {number}",
        rows,
        caption="How many people put each option first.",
    )
    for choice in choices:
        placed = [(v, n) for (c, v, _), n in counts.items() if c == choice.pk and v]
        how_many = sum(n for _, n in placed)
        if how_many >= THRESHOLD:
            average = round(sum(v * n for v, n in placed) / how_many, 1)
            result.average_places.append(Row(choice.text, Cell(average, "shown")))
        else:
            result.average_places.append(Row(choice.text, Cell(None, "primary")))
    result.note = "An average place of 1.0 means everyone who placed it put it first."
    return result


def results_of(consultation: Consultation) -> Results:
    """The consultation's results, every figure suppressed; see the module's docstring."""
    by_band = dict(
        Response.objects.filter(consultation=consultation)
        .values_list("age_band")
        .annotate(n=Count("id"))
        .values_list("age_band", "n")
    )
    responses = sum(by_band.values())
    if responses < MINIMUM_RESPONSES:
        return Results(consultation, responses, enough=False, questions=[])
    questions = list(consultation.questions.prefetch_related("choices"))
    pks = [q.pk for q in questions]
    counts: dict[int, dict] = defaultdict(dict)
    for question_id, choice_id, value, band, n in (
        Answer.objects.filter(question_id__in=pks)
        .values_list("question_id", "choice_id", "value", "response__age_band")
        .annotate(n=Count("id"))
        .values_list("question_id", "choice_id", "value", "response__age_band", "n")
        .order_by()
    ):
        counts[question_id][(choice_id, value, band)] = n
    respondents: dict[int, dict] = defaultdict(dict)
    for question_id, band, n in (
        Answer.objects.filter(question_id__in=pks)
        .values_list("question_id", "response__age_band")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("question_id", "response__age_band", "n")
        .order_by()
    ):
        respondents[question_id][band] = n
    written = dict(
        WrittenAnswer.objects.filter(question_id__in=pks)
        .values_list("question_id")
        .annotate(n=Count("id"))
        .values_list("question_id", "n")
        .order_by()
    )
    results = Results(
        consultation,
        responses,
        enough=True,
        questions=[
            _one_question(consultation, q, i, counts[q.pk], respondents[q.pk], written.get(q.pk, 0))
            for i, q in enumerate(questions, start=1)
        ],
    )
    if consultation.asks_age_band:
        bands = _bands(consultation, {band for band, n in by_band.items() if n})
        table = suppress_counts([by_band.get(band, 0) for band, _ in bands], total=True)
        results.age_rows = [Row(label, table.cells[0][i]) for i, (_, label) in enumerate(bands)]
        results.age_total = table.row_totals[0]
        results.by_age = chart_of("Who answered, by age", results.age_rows)
    return results


@transaction.atomic(durable=True)
def note_export(consultation: Consultation, *, by: Membership, kind: str, rows: int) -> None:
    """Audit a download of the results (kind "csv" or "pdf"): who took a copy, of what, how many rows."""
    require(by, Capability.VIEW_CONSULTATIONS, consultation.organisation_id, "Your role does not allow this.")
    record("consultation.results_exported", by=by.user, obj=consultation, detail={"kind": kind, "rows": rows})
