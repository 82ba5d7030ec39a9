"""Bar charts drawn on the server as SVG, with the same figures in a table: the one way Harbour shows counts
as a chart (the dashboard, consultation results). The drawing is hidden from screen readers and the table
beside it carries the figures, so a chart works without sight, without scripts and without colour.

    chart = bar_chart("Answers by age band", [("11 to 13", 12), ("14 to 15", None)], unit="answers")
    {% include "charts/bars.html" with chart=chart only %}

A value of None is a suppressed figure (a group too small to show: harbour/consultation/suppression.py):
no bar is drawn and the table says "Fewer than 5" rather than a number. (The response-times chart,
harbour/responses/chart.py, is a different drawing: weeks on an axis with a promised line.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

WIDTH = 480  # the SVG's viewBox width; the drawing scales to its container (narrow, so its words stay readable on a phone)
ROW = 44  # each bar's band: its label above, the bar below
LABEL_HEIGHT = 16
BAR_HEIGHT = 18
VALUE_GAP = 6
VALUE_ROOM = 90  # room at the right of the longest bar for its figure
SUPPRESSED = "Fewer than 5"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: suppressed
    shown: str  # the figure as the table and the drawing show it
    url: str = ""  # where the figure is fixed or explained (the table links it)
    # Drawing coordinates (viewBox units)
    label_y: float = 0
    bar_y: float = 0
    width: float = 0
    value_x: float = 0
    value_y: float = 0

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[Bar, ...]
    unit: str = ""  # what the figures count ("answers", "days"): the table's column heading
    caption: str = ""  # a sentence under the title: what the chart shows, and how small groups are hidden
    width: int = WIDTH
    height: int = 0

    @property
    def empty(self) -> bool:
        return not self.bars

    @property
    def any_suppressed(self) -> bool:
        return any(bar.suppressed for bar in self.bars)


def _shown(value: float | None, suffix: str, suppressed: str) -> str:
    if value is None:
        return suppressed
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}{suffix}"
    return f"{int(value):,}{suffix}"


def bar_chart(
    title: str,
    rows: Iterable[tuple],
    *,
    unit: str = "",
    caption: str = "",
    suffix: str = "",
    suppressed: str = SUPPRESSED,
    scale_to: float | None = None,
) -> BarChart:
    """A horizontal bar chart of `rows`: (label, value) or (label, value, url), in the order given.
    Values are counts or measures of 0 or more (None: suppressed). `suffix` follows each figure ("%");
    `scale_to` fixes the longest bar's value (100 for percentages) instead of the largest value."""
    rows = [tuple(row) + ("",) * (3 - len(row)) for row in rows]
    values = [float(value) for _, value, _ in rows if value is not None]
    for value in values:
        if value < 0:
            raise ValueError(f"{title}: a bar cannot be negative ({value})")
    top = scale_to if scale_to else max(values, default=0)
    room = WIDTH - VALUE_ROOM
    bars = []
    for index, (label, value, url) in enumerate(rows):
        y = index * ROW
        length = 0.0 if value is None or not top else round(room * float(value) / top, 1)
        if value is not None and float(value) > 0:
            length = max(length, 2.0)  # a small figure still shows a sliver
        bars.append(
            Bar(
                label=str(label),
                value=value,
                shown=_shown(value, suffix, suppressed),
                url=url,
                label_y=y + LABEL_HEIGHT - 3,
                bar_y=y + LABEL_HEIGHT + 2,
                width=length,
                value_x=length + VALUE_GAP,
                value_y=y + LABEL_HEIGHT + 2 + BAR_HEIGHT - 4,
            )
        )
    return BarChart(
        title=title, bars=tuple(bars), unit=unit, caption=caption, height=max(ROW * len(bars), ROW)
    )
