"""The one bar chart (harbour/lib/charts.py, charts/bars.html): bars scale to the largest figure, a
suppressed figure draws no bar and reads "Fewer than 5" in the drawing and the table, the table carries
every figure, and a label is escaped and isolated."""

import pytest
from django.template.loader import render_to_string

from harbour.lib.charts import VALUE_ROOM, WIDTH, bar_chart


def test_bars_scale_to_the_largest_figure():
    chart = bar_chart("Answers", [("Yes", 30), ("No", 15), ("Not sure", 0)], unit="answers")
    yes, no, unsure = chart.bars
    assert yes.width == WIDTH - VALUE_ROOM
    assert no.width == pytest.approx((WIDTH - VALUE_ROOM) / 2)
    assert unsure.width == 0
    assert [bar.shown for bar in chart.bars] == ["30", "15", "0"]
    assert chart.height == 3 * 44


def test_a_small_figure_still_shows_and_a_scale_can_be_fixed():
    chart = bar_chart("Coverage", [("Youth Voice", 0.2), ("Parents", 87.5)], suffix="%", scale_to=100)
    low, high = chart.bars
    assert low.width == 2.0
    assert high.width == pytest.approx((WIDTH - VALUE_ROOM) * 0.875, abs=0.1)
    assert [bar.shown for bar in chart.bars] == ["0.2%", "87.5%"]


def test_a_suppressed_figure_has_no_bar_and_no_number():
    chart = bar_chart("By age band", [("11 to 13", 12), ("14 to 15", None)], unit="answers")
    assert chart.any_suppressed
    html = render_to_string("charts/bars.html", {"chart": chart})
    assert html.count("Fewer than 5") == 2  # the drawing and the table
    assert html.count('fill="#1d70b8"') == 1  # one bar drawn
    assert "12" in html


def test_negative_figures_are_refused():
    with pytest.raises(ValueError):
        bar_chart("Bad", [("x", -1)])


def test_labels_are_escaped_isolated_and_linked():
    chart = bar_chart("Channels", [("<b>\u202eevil", 3, "/channels/4/")])
    html = render_to_string("charts/bars.html", {"chart": chart})
    assert "<b>" not in html
    assert "&lt;b&gt;" in html
    assert '<a class="govuk-link" href="/channels/4/"><bdi>&lt;b&gt;\u202eevil</bdi></a>' in html
    assert "\u2068&lt;b&gt;\u202eevil\u2069" in html  # inside the SVG's text: isolated


def test_an_empty_chart_says_so():
    html = render_to_string("charts/bars.html", {"chart": bar_chart("Nothing", [])})
    assert "Nothing to show yet." in html
    assert "<svg" not in html
