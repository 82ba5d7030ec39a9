"""Small-number suppression for consultation results: no group under 5 is shown anywhere (the results page,
its tables, cross-tabs, the CSV and the PDF), and no hidden group can be worked out from what is shown.

The method (the ONS's "primary and secondary cell suppression", checked by an exact audit):

1. Primary suppression. A count from 1 to 4 (THRESHOLD = 5) is hidden, and shown as "<5" (`SMALL`). A count
   of 0 is shown: it is no group of people.
2. Secondary suppression. A reader who knows a table's totals can subtract: in a row of 3, 20, 30 with a
   total of 53, the hidden 3 is 53 - 50. So after step 1 every hidden cell is audited, and while any can
   be worked out, the smallest shown cell beside it (same row, then same column; a total last) is hidden
   too, and shown as "hidden" (`HIDDEN`): it is 5 or more, hidden only to protect a small one. A zero is
   never hidden this way (so "hidden" always means 5 or more, and the reader learns nothing else from it).
3. The audit (`recoverable`) is exact for what the reader can know: the shown figures, every row and column
   adding up to its total (shown or not), "<5" meaning 1 to 4, "hidden" meaning 5 or more, and a total
   that is not in the table at all meaning any whole number. A hidden cell is safe when at least two values
   fit all of that. The figures form a network (rows and columns are nodes, cells are edges, every node's
   signed sum is zero), so another solution exists exactly when a cycle of hidden cells through the cell
   can be shifted by one, up and down around the cycle, keeping each cell inside what its label allows
   (the conformal cycle decomposition of the difference of two solutions). `recoverable` searches for such
   a cycle both ways, so it misses nothing and claims nothing false; tests/consultation/test_suppression.py
   also checks it against brute force on small tables.
4. Where every figure above zero is hidden and one can still be worked out from the labels alone (four
   cells of 1 under a total of "<5": each is at least 1, so each is 1), every hidden figure is shown as
   "not shown" (`WITHHELD`), which any whole number fits. results.py shows no figures for a question fewer
   than 5 people answered, so this is rare.

A table here is an m x n grid of counts with optional row totals, column totals and a grand total (a
one-row table with its total is a question's answers per choice). Totals that are not shown in the table
still constrain the cells (the cells of a row add up to it), so they are modelled as hidden totals the
reader cannot bound; totals of fewer than 5 are hidden like any small group. Where a single-choice question's
cross-tab by age band is shown, the question's own chart is that table's row totals, so the two are
suppressed together (results.py).

What it does not do: compare across different tables (one question's table against another's, or a
question's respondents against the whole consultation's by age band); a consultation's tables are each
safe on their own. With fewer than MINIMUM_RESPONSES responses in all, results.py shows no figures at all.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

THRESHOLD = 5  # a group of fewer than this is never shown
MINIMUM_RESPONSES = 5  # fewer responses than this in a consultation: no figures at all
SMALL = "<5"  # a hidden count of 1 to 4
HIDDEN = "hidden"  # a count of 5 or more hidden so that a small one cannot be worked out
TOO_FEW = "Too few answers to show results yet"
EXPLAINED = (
    "To protect the people who answered, a group of fewer than 5 is never shown (\u201cfewer than 5\u201d), "
    "and where a small group could be worked out by taking the others from a total, another figure is "
    "hidden too (\u201chidden\u201d)."
)

# What a reader can know about each cell
SHOWN, PRIMARY, SECONDARY, ABSENT = "shown", "primary", "secondary", "absent"
WITHHELD = "withheld"  # every figure hidden and the labels themselves gave one away: shown as "not shown"
NOT_SHOWN = "not shown"
_INF = float("inf")


def is_small(count: int | None) -> bool:
    return count is not None and 0 < count < THRESHOLD


@dataclass(frozen=True)
class Cell:
    """One figure of a table after suppression: `count` is None when it is not shown; `state` says why."""

    count: int | None
    state: str  # SHOWN, PRIMARY ("<5"), SECONDARY ("hidden"), WITHHELD ("not shown") or ABSENT (a total
    # the table does not show)

    @property
    def hidden(self) -> bool:
        return self.count is None

    @property
    def shown(self) -> str:
        """The figure as a table or the CSV writes it."""
        if self.state == PRIMARY:
            return SMALL
        if self.state == SECONDARY:
            return HIDDEN
        if self.state == WITHHELD:
            return NOT_SHOWN
        if self.state == ABSENT:
            return ""
        return f"{self.count:,}"


@dataclass(frozen=True)
class Table:
    """A suppressed table: `cells` (m rows of n Cells), `row_totals` (m), `column_totals` (n), `total`."""

    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    total: Cell

    def row(self, i: int) -> tuple[Cell, ...]:
        return self.cells[i]


def _bounds(state: str, value: int) -> tuple[float, float]:
    """What the reader knows of a cell in `state`: the whole numbers it may be."""
    if state == SHOWN:
        return (value, value)
    if state == PRIMARY:
        return (1, THRESHOLD - 1)
    if state == SECONDARY:
        return (THRESHOLD, _INF)
    return (0, _INF)  # ABSENT: a total the table does not give


class _Grid:
    """The table with its totals as an (m+1) x (n+1) grid whose every row and column sums to zero once
    totals are negated (the grand total keeps its sign): the network `recoverable` searches."""

    def __init__(self, values: list[list[int]], states: list[list[str]]):
        self.values = values
        self.states = states
        self.rows = len(values)
        self.cols = len(values[0])

    def sign(self, i: int, j: int) -> int:
        last_row, last_col = i == self.rows - 1, j == self.cols - 1
        return -1 if last_row != last_col else 1  # a row or column total is negated; the grand total is not

    def hidden(self) -> list[tuple[int, int]]:
        return [(i, j) for i in range(self.rows) for j in range(self.cols) if self.states[i][j] != SHOWN]

    def _can_move(self, i: int, j: int, delta: int) -> bool:
        """Whether the cell's signed value may change by delta within what its label allows."""
        low, high = _bounds(self.states[i][j], self.values[i][j])
        new = self.values[i][j] + self.sign(i, j) * delta
        return low <= new <= high

    def recoverable(self, i: int, j: int) -> bool:
        """Whether the hidden cell (i, j) has one possible value, given everything else the reader knows."""
        # The hidden cells leaving each node: a column node ("c", k) reaches the rows of its hidden cells,
        # a row node ("r", k) the columns of its own.
        leaving: dict[tuple[str, int], list[tuple[int, int]]] = {}
        for a, b in self.hidden():
            if (a, b) != (i, j):
                leaving.setdefault(("c", b), []).append((a, b))
                leaving.setdefault(("r", a), []).append((a, b))
        for delta in (1, -1):
            if not self._can_move(i, j, delta):
                continue
            # Changing (i, j) by delta unbalances column j by delta; leaving a column node along a cell
            # changes that cell by -delta, leaving a row node by +delta, until row i is reached, which
            # balances the cycle.
            start, goal = ("c", j), ("r", i)
            seen = {start}
            queue = deque([start])
            while queue:
                node = queue.popleft()
                from_column = node[0] == "c"
                for a, b in leaving.get(node, ()):
                    nxt, move = (("r", a), -delta) if from_column else (("c", b), delta)
                    if nxt in seen or not self._can_move(a, b, move):
                        continue
                    if nxt == goal:
                        return False
                    seen.add(nxt)
                    queue.append(nxt)
        return True


def suppress(
    counts: list[list[int]],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    total: bool = True,
    additive_columns: bool = True,
) -> Table:
    """Suppress an m x n table of counts. `row_totals`, `column_totals` and `total` say which totals the
    table shows; totals are always the sums of the cells. With `additive_columns` False the columns do not
    add up to anything shown (a multiple-choice question: one person picks several), so column totals
    and the grand total are not modelled as sums the reader knows."""
    if not counts or not counts[0]:
        return Table((), (), (), Cell(0, SHOWN))
    m, n = len(counts), len(counts[0])
    for row in counts:
        if len(row) != n or any(not isinstance(v, int) or v < 0 for v in row):
            raise ValueError("counts must be a rectangle of whole numbers of 0 or more")
    sums_r = [sum(row) for row in counts]
    sums_c = [sum(counts[i][j] for i in range(m)) for j in range(n)]
    values = [list(row) + [sums_r[i]] for i, row in enumerate(counts)]
    values.append(sums_c + [sum(sums_r)])

    def first_state(value: int) -> str:
        return PRIMARY if is_small(value) else SHOWN

    states = [[first_state(v) for v in row] for row in values]
    for i in range(m):
        if not row_totals:
            states[i][n] = ABSENT
    for j in range(n):
        if not column_totals or not additive_columns:
            states[m][j] = ABSENT
    if not total or not additive_columns:
        states[m][n] = ABSENT
    grid = _Grid(values, states)

    def shown_beside(i: int, j: int) -> list[tuple[int, int]]:
        """Shown, non-zero cells that could be hidden to protect (i, j): its row, then its column, then the
        totals of those lines; smallest first within each."""
        inner_row = [(i, b) for b in range(n) if b != j]
        inner_col = [(a, j) for a in range(m) if a != i]
        totals = [(i, n), (m, j)]
        out = []
        for group in (inner_row, inner_col, totals):
            candidates = [
                (values[a][b], a, b) for a, b in group if states[a][b] == SHOWN and values[a][b] > 0
            ]
            out.extend((a, b) for _, a, b in sorted(candidates))
        return out

    # Secondary suppression: while a hidden cell can be worked out, hide the smallest shown figure beside it
    # that makes it safe (or, failing that, the smallest beside it, and look again).
    for _ in range((m + 1) * (n + 1) + 2):  # a figure hidden each round; "not shown" at most once
        exposed = next(
            (
                (i, j)
                for i, j in grid.hidden()
                if states[i][j] in (PRIMARY, SECONDARY, WITHHELD) and grid.recoverable(i, j)
            ),
            None,
        )
        if exposed is None:
            break
        i, j = exposed
        candidates = shown_beside(i, j)
        if not candidates:  # everything beside it is hidden or zero: hide any shown non-zero figure
            candidates = sorted(
                (
                    (a, b)
                    for a in range(m + 1)
                    for b in range(n + 1)
                    if states[a][b] == SHOWN and values[a][b]
                ),
                key=lambda ab: values[ab[0]][ab[1]],
            )
        if not candidates:
            # Every figure above zero is hidden and one can still be worked out from what the labels say
            # (four cells of 1 with a total of "<5": each is at least 1, so all are 1). Then no label says
            # more than "not shown", which any whole number fits.
            for a in range(m + 1):
                for b in range(n + 1):
                    if states[a][b] in (PRIMARY, SECONDARY):
                        states[a][b] = WITHHELD
            continue
        chosen = candidates[0]
        for a, b in candidates:
            states[a][b] = SECONDARY
            fixed = not grid.recoverable(i, j)
            states[a][b] = SHOWN
            if fixed:
                chosen = (a, b)
                break
        states[chosen[0]][chosen[1]] = SECONDARY
    else:  # pragma: no cover - every round hides one more figure, so the loop always ends above
        raise AssertionError("suppression did not settle")

    def cell(i: int, j: int) -> Cell:
        state = states[i][j]
        return Cell(values[i][j] if state == SHOWN else None, state)

    return Table(
        cells=tuple(tuple(cell(i, j) for j in range(n)) for i in range(m)),
        row_totals=tuple(cell(i, n) for i in range(m)),
        column_totals=tuple(cell(m, j) for j in range(n)),
        total=cell(m, n),
    )


def suppress_counts(counts: list[int], *, total: bool = True, additive: bool = True) -> Table:
    """One line of counts (a question's answers per choice) with its total. `additive` False: the counts do
    not add up to a figure the reader knows (a multiple-choice question's picks)."""
    return suppress([list(counts)], row_totals=total and additive, column_totals=False, total=False)


def audit(table: Table, counts: list[list[int]], **shape) -> list[tuple[int, int]]:
    """The hidden cells of `table` (made from `counts` by `suppress(counts, **shape)`) that a reader could
    work out: always empty (the tests call it on every table they make)."""
    m, n = len(counts), len(counts[0])
    sums_r = [sum(row) for row in counts]
    sums_c = [sum(counts[i][j] for i in range(m)) for j in range(n)]
    values = [list(row) + [sums_r[i]] for i, row in enumerate(counts)]
    values.append(sums_c + [sum(sums_r)])
    grid_cells = [list(row) + [table.row_totals[i]] for i, row in enumerate(table.cells)]
    grid_cells.append(list(table.column_totals) + [table.total])
    states = [[c.state for c in row] for row in grid_cells]
    grid = _Grid(values, states)
    return [(i, j) for i, j in grid.hidden() if states[i][j] != ABSENT and grid.recoverable(i, j)]
