"""Consultation results (harbour/consultation/results.py), from answers stored by answering.submit_response:
fewer than 5 responses show no figures at all; a group of 3 is hidden in the chart and its table ("Fewer than
5", no bar) with the next smallest hidden too so it cannot be worked out from the total; each question kind
gives its figures (per choice, a scale's distribution and median, first places and average places, agree,
disagree and pass); the cross-tab by age band is suppressed with the question's figures; and the number of
queries does not grow with the number of answers."""

import itertools

import pytest

from harbour.consultation.answering import submit_response
from harbour.consultation.models import Choice, Consultation, Kind, Question, QuestionKind, State
from harbour.consultation.results import HIDDEN_BAR, results_of
from harbour.consultation.suppression import PRIMARY, SECONDARY, SHOWN
from harbour.lib.charts import SUPPRESSED
from tests.cast import active_channel

pytestmark = pytest.mark.django_db

_tokens = (f"token-{n:06d}" for n in itertools.count())


def open_consultation(org, by, questions, *, asks_age_band=False, code="RES234", kind=Kind.SURVEY):
    """An open consultation made directly (the builder is tested on its own): questions are
    (kind, text, [choice texts]) tuples."""
    channel = active_channel(org, "consultation")
    consultation = Consultation.objects.create(
        organisation=org,
        channel=channel,
        kind=kind,
        title=f"{org.name}: the youth club next year",
        code=code,
        state=State.OPEN,
        asks_age_band=asks_age_band,
        created_by=by,
    )
    for position, (qkind, text, choices) in enumerate(questions, start=1):
        question = Question.objects.create(
            organisation=org,
            consultation=consultation,
            position=position,
            kind=qkind,
            text=text,
            scale_low="Not at all" if qkind == QuestionKind.SCALE else "",
            scale_high="Very much" if qkind == QuestionKind.SCALE else "",
        )
        for place, choice in enumerate(choices, start=1):
            Choice.objects.create(organisation=org, question=question, position=place, text=choice)
    return consultation


def answer(consultation, times: int, values: dict, age_band: str = "") -> None:
    """`times` people answer with `values`: {question position: value}, choices given by their text."""
    questions = {q.position: q for q in consultation.questions.prefetch_related("choices")}
    answers = {}
    for position, value in values.items():
        question = questions[position]
        by_text = {c.text: c.pk for c in question.choices.all()}
        if isinstance(value, list):
            answers[question.pk] = [by_text[v] for v in value]
        elif isinstance(value, str) and value in by_text:
            answers[question.pk] = by_text[value]
        else:
            answers[question.pk] = value
    for _ in range(times):
        submit_response(consultation, token=next(_tokens), age_band=age_band, answers=answers)


POLL = [
    (
        QuestionKind.SINGLE,
        "Which night should the club open?",
        ["Tuesday", "Thursday", "Saturday", "Not sure"],
    )
]


def test_fewer_than_5_responses_show_no_figures(org, manager):
    poll = open_consultation(org, manager, POLL)
    answer(poll, 4, {1: "Tuesday"})
    results = results_of(poll)
    assert not results.enough and results.questions == [] and results.responses == 4


def test_a_group_of_3_is_hidden_in_the_chart_and_its_table_and_cannot_be_worked_out(org, manager):
    poll = open_consultation(org, manager, POLL)
    answer(poll, 3, {1: "Tuesday"})
    answer(poll, 10, {1: "Thursday"})
    answer(poll, 8, {1: "Saturday"})
    results = results_of(poll)
    assert results.enough and results.responses == 21
    (question,) = results.questions
    cells = {row.label: row.cell for row in question.rows}
    assert cells["Tuesday"].state == PRIMARY and cells["Tuesday"].count is None
    assert cells["Saturday"].state == SECONDARY and cells["Saturday"].count is None  # 21 - 10 - 0 = 11: 3 + 8
    assert cells["Thursday"].count == 10 and cells["Not sure"].count == 0
    assert question.respondents.count == 21
    bars = {bar.label: bar for bar in question.chart.bars}
    assert bars["Tuesday"].shown == SUPPRESSED and bars["Tuesday"].width == 0
    assert bars["Saturday"].shown == HIDDEN_BAR and bars["Saturday"].width == 0
    assert bars["Thursday"].shown == "10"
    assert 3 not in [bar.value for bar in question.chart.bars]


def test_each_kind_of_question(org, manager):
    survey = open_consultation(
        org,
        manager,
        [
            (QuestionKind.MULTIPLE, "What would you do at the club?", ["Sport", "Music", "Cooking"]),
            (QuestionKind.SCALE, "How much do you like the club now?", []),
            (QuestionKind.RANKING, "Put these in order", ["Trips", "Games", "Food"]),
            (QuestionKind.STATEMENT, "The club should open later", []),
            (QuestionKind.FREE_TEXT, "Anything else?", []),
        ],
    )
    answer(
        survey,
        6,
        {1: ["Sport", "Music"], 2: 4, 3: ["Trips", "Games", "Food"], 4: 1, 5: "More trips to the seaside"},
    )
    answer(survey, 5, {1: ["Sport"], 2: 2, 3: ["Games", "Trips", "Food"], 4: -1})
    answer(survey, 2, {1: ["Cooking"], 2: 5, 4: 0})
    results = results_of(survey)
    multiple, scale, ranking, statement, free = results.questions
    # multiple choice: picks add up to nothing shown, so the 2 is hidden and nothing else is
    assert [(r.label, r.cell.shown) for r in multiple.rows] == [
        ("Sport", "11"),
        ("Music", "6"),
        ("Cooking", "<5"),
    ]
    assert multiple.respondents.count == 13
    # scale: 1..5 with its words, median of 2,2,2,2,2,4,4,4,4,4,4,5,5
    assert [r.label for r in scale.rows] == ["1 (Not at all)", "2", "3", "4", "5 (Very much)"]
    # 0, 5, 0, 6, 2: the 2 is hidden, and the 5 with it (the smallest figure above zero beside it)
    assert [r.cell.state for r in scale.rows] == [SHOWN, SECONDARY, SHOWN, SHOWN, PRIMARY]
    assert scale.median == 4
    # ranking: first places 6 Trips, 5 Games; average places where 5 or more placed it
    assert [(r.label, r.cell.count) for r in ranking.rows] == [("Trips", 6), ("Games", 5), ("Food", 0)]
    places = {r.label: r.cell.count for r in ranking.average_places}
    assert places == {
        "Trips": round((6 * 1 + 5 * 2) / 11, 1),
        "Games": round((6 * 2 + 5 * 1) / 11, 1),
        "Food": 3.0,
    }
    # statement: agree 6, disagree 5, pass 2 (hidden) and another hidden with it
    assert statement.rows[2].cell.state == PRIMARY and statement.respondents.count == 13
    assert sum(r.cell.hidden for r in statement.rows) == 2
    assert free.written == 6 and free.respondents.count == 6


def test_cross_tab_by_age_band_is_suppressed_with_the_questions_figures(org, manager):
    poll = open_consultation(org, manager, POLL, asks_age_band=True)
    answer(poll, 12, {1: "Tuesday"}, age_band="13_to_15")
    answer(poll, 3, {1: "Tuesday"}, age_band="16_to_17")
    answer(poll, 9, {1: "Thursday"}, age_band="16_to_17")
    answer(poll, 6, {1: "Thursday"}, age_band="13_to_15")
    results = results_of(poll)
    (question,) = results.questions
    cross = question.cross_tab
    assert cross.columns == ("12 or under", "13 to 15", "16 or 17", "18 to 25")
    rows = {label: cells for label, cells, _ in cross.rows}
    assert rows["Tuesday"][2].state == PRIMARY  # 3 aged 16 or 17
    for label, cells, total in cross.rows:
        assert all(c.count is None or not 0 < c.count < 5 for c in cells)
    # the 3 shares its row and column with another hidden figure
    assert sum(c.hidden for c in rows["Tuesday"]) >= 2
    assert sum(rows[label][2].hidden for label in rows) >= 2
    assert [r.cell.shown for r in results.age_rows] == ["0", "18", "12", "0"]


def test_queries_do_not_grow_with_answers(org, manager, django_assert_max_num_queries):
    survey = open_consultation(
        org,
        manager,
        [
            (QuestionKind.SINGLE, "Which night?", ["Tuesday", "Thursday"]),
            (QuestionKind.SCALE, "How much?", []),
            (QuestionKind.FREE_TEXT, "Anything else?", []),
        ],
        asks_age_band=True,
    )
    answer(survey, 6, {1: "Tuesday", 2: 3}, age_band="13_to_15")
    with django_assert_max_num_queries(8) as small:
        results_of(survey)
    answer(survey, 30, {1: "Thursday", 2: 5, 3: "The hall is too cold"}, age_band="16_to_17")
    with django_assert_max_num_queries(len(small.captured_queries)):
        results_of(survey)
