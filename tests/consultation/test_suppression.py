"""Small-number suppression (harbour/consultation/suppression.py): no count from 1 to 4 is ever shown, a
table's totals are its cells' sums, and no hidden figure can be worked out from what the table shows,
including its totals. The last is checked two ways: by brute force over every value the hidden cells could
take (small tables, independent of the code's own audit), and by the exact audit on larger tables."""

import itertools

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from harbour.consultation.suppression import (
    ABSENT,
    HIDDEN,
    PRIMARY,
    SECONDARY,
    SHOWN,
    SMALL,
    THRESHOLD,
    WITHHELD,
    audit,
    suppress,
    suppress_counts,
)

CAP = 12  # brute force tries hidden inner cells up to this (the counts below are at most 8)


def grid_of(table):
    rows = [list(row) + [table.row_totals[i]] for i, row in enumerate(table.cells)]
    rows.append(list(table.column_totals) + [table.total])
    return rows


def possible(state, shown_count):
    if state == SHOWN:
        return lambda v: v == shown_count
    if state == PRIMARY:
        return lambda v: 1 <= v < THRESHOLD
    if state == SECONDARY:
        return lambda v: v >= THRESHOLD
    return lambda v: v >= 0


def brute_force_values(table, m, n):
    """Every assignment of the hidden inner cells (whole numbers up to CAP) that fits what the table shows
    (each cell's label, and every total the sum of its line): the set of values each hidden cell can take."""
    grid = grid_of(table)
    hidden = [(i, j) for i in range(m) for j in range(n) if grid[i][j].state != SHOWN]
    ranges = []
    for i, j in hidden:
        ok = possible(grid[i][j].state, grid[i][j].count)
        ranges.append([v for v in range(CAP + 1) if ok(v)])
    size = 1
    for r in ranges:
        size *= max(len(r), 1)
    assume(size <= 60_000)
    seen = {cell: set() for cell in [(i, j) for i in range(m + 1) for j in range(n + 1)]}
    for combo in itertools.product(*ranges):
        values = [[grid[i][j].count for j in range(n)] for i in range(m)]
        for (i, j), v in zip(hidden, combo, strict=True):
            values[i][j] = v
        rows = [sum(row) for row in values]
        cols = [sum(values[i][j] for i in range(m)) for j in range(n)]
        totals = [((i, n), rows[i]) for i in range(m)] + [((m, j), cols[j]) for j in range(n)]
        totals.append(((m, n), sum(rows)))
        if all(possible(grid[a][b].state, grid[a][b].count)(v) for (a, b), v in totals):
            for i in range(m):
                for j in range(n):
                    seen[(i, j)].add(values[i][j])
            for (a, b), v in totals:
                seen[(a, b)].add(v)
    return grid, seen


counts_2d = st.integers(1, 2).flatmap(
    lambda m: st.integers(1, 3).flatmap(
        lambda n: st.lists(st.lists(st.integers(0, 8), min_size=n, max_size=n), min_size=m, max_size=m)
    )
)


@settings(max_examples=150)
@given(counts_2d)
def test_no_hidden_figure_can_be_worked_out_brute_force(counts):
    m, n = len(counts), len(counts[0])
    table = suppress(counts)
    grid, seen = brute_force_values(table, m, n)
    for i in range(m + 1):
        for j in range(n + 1):
            cell = grid[i][j]
            if cell.state in (PRIMARY, SECONDARY, WITHHELD):
                assert len(seen[(i, j)]) >= 2, (counts, i, j, seen[(i, j)])


@settings(max_examples=200)
@given(
    st.integers(1, 6).flatmap(
        lambda m: st.integers(1, 6).flatmap(
            lambda n: st.lists(
                st.lists(st.integers(0, 40) | st.integers(0, 6), min_size=n, max_size=n),
                min_size=m,
                max_size=m,
            )
        )
    ),
    st.booleans(),
    st.booleans(),
)
def test_suppressed_tables_show_no_small_group_and_pass_the_audit(counts, row_totals, column_totals):
    shape = {"row_totals": row_totals, "column_totals": column_totals}
    table = suppress(counts, **shape)
    m, n = len(counts), len(counts[0])
    for i, row in enumerate(grid_of(table)):
        for j, cell in enumerate(row):
            if cell.count is not None:
                assert not 0 < cell.count < THRESHOLD
                assert cell.state == SHOWN
            truth = (
                counts[i][j]
                if i < m and j < n
                else sum(counts[i]) if i < m
                else sum(r[j] for r in counts) if j < n
                else sum(map(sum, counts))
            )  # fmt: skip
            if cell.count is not None:
                assert cell.count == truth  # nothing shown is made up
            if cell.state == PRIMARY:
                assert 0 < truth < THRESHOLD and cell.shown == SMALL
            if cell.state == SECONDARY:
                assert truth >= THRESHOLD and cell.shown == HIDDEN
    assert audit(table, counts, **shape) == []


@given(st.lists(st.integers(0, 30), min_size=1, max_size=8))
def test_one_line_with_its_total(counts):
    table = suppress_counts(counts)
    shown = [c.count for c in table.cells[0]]
    hidden = [c for c in table.cells[0] if c.hidden]
    total = table.row_totals[0]
    assert all(v is None or not 0 < v < THRESHOLD for v in shown)
    if total.count is not None:
        # the subtraction a reader would do: never leaves exactly one hidden figure
        assert len(hidden) != 1
    assert audit(table, [counts], row_totals=True, column_totals=False, total=False) == []


def test_a_group_of_3_beside_its_total_hides_the_next_smallest_too():
    table = suppress_counts([3, 20, 7, 30])
    assert [c.shown for c in table.cells[0]] == [SMALL, "20", HIDDEN, "30"]
    assert table.row_totals[0].shown == "60"  # 60 - 50 = 3 + 7: neither can be told


def test_zeros_are_shown_and_never_hidden_to_protect_another():
    table = suppress_counts([0, 3, 9])
    assert [c.shown for c in table.cells[0]] == ["0", SMALL, HIDDEN]
    assert table.row_totals[0].shown == "12"


def test_a_single_small_line_hides_its_total():
    table = suppress_counts([3])
    assert table.cells[0][0].shown == SMALL and table.row_totals[0].shown == SMALL


def test_a_line_whose_only_other_figure_is_zero_hides_its_total():
    table = suppress_counts([3, 0])
    assert table.cells[0][0].hidden and table.row_totals[0].hidden


def test_without_a_known_total_nothing_more_is_hidden():
    table = suppress_counts([3, 20, 7], additive=False)  # multiple choice: picks do not add up to anything
    assert [c.shown for c in table.cells[0]] == [SMALL, "20", "7"]
    assert table.row_totals[0].state == ABSENT


def test_a_cross_tab_hides_a_second_cell_in_the_row_and_in_the_column():
    counts = [[3, 10, 12], [9, 8, 15]]
    table = suppress(counts)
    assert table.cells[0][0].shown == SMALL
    assert sum(c.hidden for c in table.cells[0]) >= 2  # row
    assert sum(table.cells[i][0].hidden for i in range(2)) >= 2  # column
    assert audit(table, counts) == []


def test_when_the_labels_alone_give_figures_away_nothing_is_labelled():
    # four people, one in each cell: "<5" everywhere would say each cell is at least 1 of a total under 5
    counts = [[1, 1], [1, 1]]
    table = suppress(counts)
    states = {cell.state for row in grid_of(table) for cell in row}
    assert states == {WITHHELD} and table.total.shown == "not shown"
    assert audit(table, counts) == []
