"""The response-times chart, drawn on the server as SVG: one bar per week for the median time to answer,
a mark above it for the 90th percentile, and a dashed line at the response time the channel promises.
No script and no style attribute (the Content Security Policy allows neither inline); the figures are in
the table beside it, so the chart is hidden from screen readers."""

import math
from dataclasses import dataclass

from harbour.responses.times import ChannelTimes

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 14, 52
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
TICKS = 4


@dataclass
class Bar:
    x: float
    x2: float  # x + width, for the 90th percentile mark
    y: float
    width: float
    height: float
    p90_y: float | None
    label: str  # the week, under the bar
    label_x: float


def _nice_top(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least value/TICKS, times TICKS."""
    if value <= 0:
        return float(TICKS)
    step = value / TICKS
    power = 10 ** math.floor(math.log10(step))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= step:
            return factor * power * TICKS
    return 10 * power * TICKS  # pragma: no cover - the loop always returns


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else str(int(value))


def chart(times: ChannelTimes) -> dict:
    """Coordinates for responses/_chart.html, in hours on the y axis."""
    hours = [w.p90.total_seconds() / 3600 for w in times.weeks if w.p90 is not None]
    promised = times.channel.response_hours
    top = _nice_top(max([promised, *hours]))

    def y(value_hours: float) -> float:
        return round(TOP + PLOT_H - PLOT_H * value_hours / top, 1)

    slot = PLOT_W / len(times.weeks)
    bars = []
    for n, week in enumerate(times.weeks):
        x = LEFT + n * slot
        median = week.median.total_seconds() / 3600 if week.median is not None else 0.0
        bars.append(
            Bar(
                x=round(x + slot * 0.2, 1),
                x2=round(x + slot * 0.8, 1),
                y=y(median),
                width=round(slot * 0.6, 1),
                height=round(TOP + PLOT_H - y(median), 1),
                p90_y=y(week.p90.total_seconds() / 3600) if week.p90 is not None else None,
                label=f"{week.monday.day} {week.monday:%b}",
                label_x=round(x + slot / 2, 1),
            )
        )
    ticks = [{"y": y(top * n / TICKS), "label": _number(top * n / TICKS)} for n in range(TICKS + 1)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "tick_x": LEFT - 6,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": TOP + PLOT_H,
        "bars": bars,
        "ticks": ticks,
        "promised_y": y(promised),
        "axis_x": round(LEFT + PLOT_W / 2, 1),
        "axis_label_y": HEIGHT - 8,
        "week_label_y": TOP + PLOT_H + 16,
        "y_title_y": round(TOP + PLOT_H / 2, 1),
    }
