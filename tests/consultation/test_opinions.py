"""Opinion groups (harbour/consultation/opinions.py) from votes stored by answering.submit_response: clear
two-camp votes give two groups, each named by the statements it agrees with, and the same votes give the same
groups; common ground (a statement every group agrees with) is found; a group of 3 is never shown, on the
results page or in the CSV, and its people are not given away by a total; fewer than 10 voters or fewer than
2 statements give no groups; the group tables are suppressed (a count under 5 as "fewer than 5", no
percentage beside a hidden count); every vote is read in one query; many voters are grouped from a fixed
sample and then all placed; the grouping is cached until votes arrive; and the demo's statements survey,
seeded twice, shows opinion groups with common ground."""

import csv
import io

import pytest
from django.urls import reverse

from harbour.consultation.models import Kind, QuestionKind
from harbour.consultation.opinions import opinion_groups
from harbour.consultation.suppression import PRIMARY, SHOWN, audit, suppress
from tests.consultation.test_results import answer, open_consultation

pytestmark = pytest.mark.django_db

S = QuestionKind.STATEMENT
STATEMENTS = [
    (S, "The club should open on Saturdays", []),
    (S, "The club should stay open until 10pm", []),
    (S, "Phones should be allowed in the club", []),
    (S, "Young people should help choose the trips", []),
    (S, "The club should have a quiet room", []),
]


def two_camps(org, manager, *, third=0, code="OPN234"):
    """12 people agree with 1, 2 and 5 and disagree with 3; 10 disagree with 1, 2 and 5 and agree with 3;
    in each camp one person passes on each of 1 to 4, so the camps are not all alike inside; everyone
    agrees with 4 (common ground). `third` more people pass on 1 to 3 and 5 and disagree with 4."""
    consultation = open_consultation(org, manager, STATEMENTS, code=code, kind=Kind.SURVEY)
    for camp, size in (({1: 1, 2: 1, 3: -1, 4: 1, 5: 1}, 12), ({1: -1, 2: -1, 3: 1, 4: 1, 5: -1}, 10)):
        answer(consultation, size - 4, camp)
        for passed in (1, 2, 3, 4):
            answer(consultation, 1, {**camp, passed: 0})
    if third:
        answer(consultation, third, {1: 0, 2: 0, 3: 0, 4: -1, 5: 0})
    return consultation


def test_two_camps_give_two_groups_named_by_their_statements(org, manager):
    found = opinion_groups(two_camps(org, manager))
    assert found is not None
    assert [g.name for g in found.groups] == ["Group A", "Group B"]
    assert [g.size.count for g in found.groups] == [12, 10]
    first, second = found.groups
    assert ("mostly agrees", "The club should open on Saturdays") in first.distinct
    assert ("mostly disagrees", "The club should open on Saturdays") in second.distinct
    assert ("mostly disagrees", "The club should have a quiet room") in second.distinct
    # Group A's votes on statement 5: 12 agreed, none disagreed or passed, with percentages.
    assert [c.count for c in first.statements[4].cells] == [12, 0, 0]
    assert first.statements[4].percents == (100, 0, 0)
    # Statement 3 in group A: 11 disagreed, 1 passed: the 1 is hidden, with no percentage beside it, and
    # the 11 beside it hidden too (the row adds up to the group's 12); the 0 who agreed are shown.
    agreed, disagreed, passed = first.statements[2].cells
    assert passed.state == PRIMARY and first.statements[2].percents[2] is None
    assert disagreed.count is None and first.statements[2].percents[1] is None
    assert agreed.count == 0
    assert found.others is None


def test_the_same_votes_give_the_same_groups(org, manager):
    from django.core.cache import cache

    consultation = two_camps(org, manager)
    once = opinion_groups(consultation)
    cache.clear()  # worked out again, not read back from the cache
    again = opinion_groups(consultation)
    assert [(g.name, g.size, g.statements, g.distinct) for g in once.groups] == [
        (g.name, g.size, g.statements, g.distinct) for g in again.groups
    ]
    assert once.rule == again.rule


def test_common_ground_is_found(org, manager):
    found = opinion_groups(two_camps(org, manager))
    assert [(c.text, c.verb) for c in found.common] == [
        ("Young people should help choose the trips", "agree")
    ]


def test_a_group_of_3_is_never_shown_nor_worked_out(org, manager, client_for):
    consultation = two_camps(org, manager, third=3)
    found = opinion_groups(consultation)
    assert [g.size.count for g in found.groups] == [12, 10]
    # The 3 are "Others", under 5: not shown, and neither is the total they could be worked out from.
    assert found.others is None and found.voters.count is None
    client = client_for(manager)
    page = client.get(reverse("consultation:results", kwargs={"pk": consultation.pk})).content.decode()
    assert "Opinion groups" in page and "Group A (12 people)" in page and "Group B (10 people)" in page
    assert "Group C" not in page and "Others" not in page and "25 people voted" not in page
    assert "Common ground" not in page.split('id="opinion-groups"')[0]
    response = client.get(reverse("consultation:results_csv", kwargs={"pk": consultation.pk}))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    groups = [row for row in rows if row[1] == "Opinion groups"]
    assert [(row[3], row[5]) for row in groups] == [("Group A", "12"), ("Group B", "10")]
    assert not any("Group C" in row[3] or row[3] == "Others" for row in rows)
    votes = [row for row in rows if row[2] == "Opinion group"]
    assert len(votes) == 2 * 5 * 3  # two groups, five statements, agreed / disagreed / passed
    assert [
        "3",
        "Phones should be allowed in the club",
        "Opinion group",
        "Group A: Passed",
        "All",
        "<5",
    ] in votes
    pdf = client.get(reverse("consultation:results_pdf", kwargs={"pk": consultation.pk}))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_others_of_5_or_more_are_shown(org, manager):
    found = opinion_groups(two_camps(org, manager, third=6))
    # The six who passed on 1 to 3 and disagreed with 4 may be a group of their own or be "Others";
    # either way everyone is counted and the total is shown.
    shown = [g.size.count for g in found.groups] + ([found.others.count] if found.others else [])
    assert sum(shown) == 28 and found.voters.count == 28


def test_fewer_than_10_voters_or_2_statements_give_no_groups(org, manager):
    few = open_consultation(org, manager, STATEMENTS, code="FEW234")
    answer(few, 5, {1: 1, 2: 1})
    answer(few, 4, {1: -1, 2: -1})
    assert opinion_groups(few) is None
    one = open_consultation(
        org, manager, [STATEMENTS[0], (QuestionKind.SINGLE, "Which night?", ["Tue", "Thu"])], code="ONE234"
    )
    answer(one, 10, {1: 1, 2: "Tue"})
    answer(one, 10, {1: -1, 2: "Thu"})
    assert opinion_groups(one) is None
    page_less = open_consultation(org, manager, STATEMENTS, code="NON234")
    assert opinion_groups(page_less) is None


def test_group_tables_pass_the_suppression_audit(org, manager):
    found = opinion_groups(two_camps(org, manager, third=3))
    for group in found.groups:
        for statement in group.statements:
            for cell, percent in zip(statement.cells, statement.percents, strict=True):
                assert (percent is None) == (cell.state != SHOWN)
    # The audit on a table shaped like group A's: every hidden count stays hidden.
    counts = [[11, 0, 1], [11, 0, 1], [0, 11, 1], [11, 0, 1], [12, 0, 0]]
    shape = {"row_totals": True, "column_totals": False, "total": False}
    assert audit(suppress(counts, **shape), counts, **shape) == []


def test_one_query_reads_every_vote(org, manager, django_assert_max_num_queries):
    consultation = two_camps(org, manager)
    with django_assert_max_num_queries(3):
        opinion_groups(consultation)


def test_the_demo_statements_show_opinion_groups(org, members):
    from harbour.consultation import demo, wording
    from harbour.consultation.models import Consultation, Response

    demo.seed(org, members)
    statements = Consultation.objects.for_org(org).get(title=demo.STATEMENTS["title"])
    assert not [w for w in wording.consultation_warnings(statements) if w.blocking]
    assert statements.responses.count() == 40
    found = opinion_groups(statements)
    assert found is not None and len(found.groups) >= 2
    assert all(g.size.count >= 5 for g in found.groups)
    assert ("Young people should help plan the trips.", "agree") in [(c.text, c.verb) for c in found.common]
    before = Response.objects.count()
    demo.seed(org, members)
    assert Response.objects.count() == before


def test_many_voters_are_grouped_from_a_fixed_sample_then_all_placed(org, manager, monkeypatch):
    from django.core.cache.backends.dummy import DummyCache

    from harbour.consultation import opinions

    consultation = two_camps(org, manager)
    monkeypatch.setattr(opinions, "SAMPLE", 14)  # 22 voters: the groups come from 14 of them
    monkeypatch.setattr(opinions, "cache", DummyCache("none", {}))  # nothing cached by another test
    found = opinion_groups(consultation)
    assert [g.size.count for g in found.groups] == [12, 10]  # and all 22 are placed
    assert ("mostly agrees", "The club should open on Saturdays") in found.groups[0].distinct


def test_the_grouping_is_cached_until_votes_arrive(org, manager, monkeypatch):
    from django.core.cache import cache

    from harbour.consultation import opinions

    cache.clear()
    consultation = two_camps(org, manager)
    first = opinion_groups(consultation)

    def not_again(*args, **kwargs):
        raise AssertionError("grouped again")

    monkeypatch.setattr(opinions, "best_grouping", not_again)
    assert [g.size for g in opinion_groups(consultation).groups] == [g.size for g in first.groups]
    answer(consultation, 1, {1: 1, 2: 1, 3: -1, 4: 1, 5: 1})
    with pytest.raises(AssertionError, match="grouped again"):
        opinion_groups(consultation)
