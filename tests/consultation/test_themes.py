"""Themes of written answers (harbour/consultation/themes.py), with the real MiniLM encoder: a small fixed set
about three things falls into those three themes, each named by its own words and shown with answers from
it; the same answers always give the same themes; an answer screening flagged is never grouped or quoted
(only counted, suppressed, as not grouped); a theme of fewer than 5 is folded into "Other answers"; the
counts are suppressed; and the grouping is cached until an answer arrives."""

import numpy as np
import pytest

from harbour.consultation import themes
from harbour.consultation.models import QuestionKind, WrittenAnswer
from harbour.consultation.suppression import SMALL
from harbour.inbox.screened import ScreeningAction
from tests.consultation.test_results import answer, open_consultation

pytestmark = pytest.mark.django_db

PARK = [
    "The park needs more lights because it gets dark and scary at night",
    "Put lights in the park so we feel safe walking home in the dark",
    "It is too dark in the park after school, more street lights please",
    "Better lighting in the park at night would help",
    "The park is scary when it is dark, please add lights",
    "More lights on the park paths in winter when it gets dark early",
]
BUS = [
    "Bus fares are too expensive for us to get to the club",
    "Cheaper buses please, the fare into town costs too much",
    "Free bus passes for young people so we can get to town",
    "The bus ticket is too expensive and the buses are late",
    "Make the bus cheaper for teenagers, I can't afford the fare",
    "Buses should be free for under 18s to get to college",
]
SPORT = [
    "More football sessions and sports at the weekend",
    "A basketball court and more sports clubs for girls",
    "Free football and netball training after school",
    "We want more sports like football, boxing and swimming",
    "Open the sports hall for football on Saturdays",
    "Sports clubs that are free, like football and basketball",
]
FLAGGED = "my stepdad hits me when he is drunk and I am scared to go home, the park is not safe either"


@pytest.fixture
def question(org, manager):
    survey = open_consultation(
        org, manager, [(QuestionKind.FREE_TEXT, "What would make life better here?", [])]
    )
    for text in PARK + BUS + SPORT:
        answer(survey, 1, {1: text})
    return survey.questions.get()


def test_three_topics_make_three_themes_named_by_their_words(question):
    found = themes.themes_of(question)
    assert len(found.themes) == 3, found.method
    named = {theme.name: set(theme.examples) for theme in found.themes}
    groups = {"park": PARK, "bus": BUS, "football": SPORT}
    for word, texts in groups.items():
        (theme,) = [t for t in found.themes if word in t.words or word + "s" in t.words]
        assert theme.cell.count == 6
        assert 2 <= len(theme.examples) <= 3 and set(theme.examples) <= set(texts), named
    assert found.written.count == 18 and found.not_grouped.count == 0
    assert "silhouette" in found.method


def test_the_same_answers_give_the_same_themes(question):
    answers = list(themes.allowed_answers(question).values_list("pk", "text"))
    first = themes._compute(question, answers)
    again = themes._compute(question, answers)
    assert first == again


def test_a_flagged_answer_is_never_grouped_or_quoted(question):
    answer(question.consultation, 1, {1: FLAGGED})
    flagged = WrittenAnswer.objects.get(text=FLAGGED)
    assert flagged.action != ScreeningAction.ALLOW and flagged.item_id is not None  # with the moderators
    found = themes.themes_of(question)
    quoted = [text for theme in found.themes for text in theme.examples]
    assert FLAGGED not in quoted and not any("stepdad" in text for text in quoted)
    assert found.grouped == 18
    assert found.written.count == 19
    assert found.not_grouped.shown == SMALL  # one flagged answer: a group of 1, hidden
    # and with it another figure, so that 19 - (the others) cannot give it
    assert sum(theme.cell.hidden for theme in found.themes) >= 1


def test_a_small_theme_goes_into_other_answers(question):
    for text in ["I love my cat", "Cats and dogs at the club", "A pet day with dogs"]:
        answer(question.consultation, 1, {1: text})
    data = themes._compute(question, list(themes.allowed_answers(question).values_list("pk", "text")))
    sizes = sorted(len(g["pks"]) for g in data["groups"])
    found = themes.themes_of(question)
    if min(sizes) < 5:
        other = [t for t in found.themes if t.other]
        assert other and other[0].examples == () and other[0].name == themes.OTHER
    assert all(t.other or len(t.examples) >= 2 for t in found.themes)
    assert all(t.cell.count is None or t.cell.count >= 5 for t in found.themes)


def test_the_grouping_is_cached_until_an_answer_arrives(question, monkeypatch):
    themes.themes_of(question)
    calls = []
    real = themes._compute
    monkeypatch.setattr(themes, "_compute", lambda q, a: calls.append(len(a)) or real(q, a))
    themes.themes_of(question)
    assert calls == []
    answer(question.consultation, 1, {1: "More lights in the park please"})
    themes.themes_of(question)
    assert calls == [19]


def test_fewer_than_10_answers_make_one_group():
    vectors = np.eye(4, 8)[[0, 1, 2, 3, 0, 1]].astype(np.float32)
    labels, method = themes.cluster(vectors)
    assert set(labels.tolist()) == {0} and "one group" in method


def test_distinctive_words_leave_out_common_words():
    names = themes.distinctive_words([PARK, BUS])
    assert "park" in names[0] and "the" not in names[0]
    assert {"bus", "fare", "buses"} & set(names[1])


def test_the_silhouette_is_the_textbook_one():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(40, 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    labels = np.array([0] * 15 + [1] * 20 + [2] * 4 + [3])
    distance = 1 - vectors @ vectors.T
    scores = []
    for i in range(40):
        own = labels == labels[i]
        if own.sum() == 1:
            scores.append(0.0)
            continue
        a = distance[i, own].sum() / (own.sum() - 1)
        b = min(distance[i, labels == g].mean() for g in set(labels.tolist()) if g != labels[i])
        scores.append((b - a) / max(a, b))
    assert themes._silhouette(vectors, labels) == pytest.approx(np.mean(scores))
