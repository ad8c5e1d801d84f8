"""A measure's results over time as a PNG picture: dates across, values up, the normal range as a shaded band,
results outside it in red.

matplotlib is imported inside `draw_chart` only: most patients never open a chart, so the bot at rest does not
carry it (a test checks that importing the bot leaves it out). It draws with the object-oriented API
(`Figure` + the Agg canvas, no pyplot): no global figure registry, nothing kept between calls, safe to run in
a worker thread; `render_chart` runs it in one so the event loop keeps serving other patients meanwhile.
The series itself (order, numbers only, the range) is `backend.domain.lab_results_view.chart_series`.
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass

from backend.domain.lab_results_view import Series

WIDTH_PX = 1200
HEIGHT_PX = 700
DPI = 100
NORMAL_COLOUR = "#2e7d32"
LINE_COLOUR = "#1565c0"
OUTSIDE_COLOUR = "#c62828"
FONT = "DejaVu Sans"  # bundled with matplotlib; covers Cyrillic


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """The picture's words, already in the patient's language (plain text, not HTML)."""

    title: str  # the measure
    value_axis: str  # the unit (or the word for "value")
    date_axis: str
    normal: str  # the band's legend
    outside: str  # the red points' legend
    decimal_comma: bool = True  # "6,9" (Ukrainian) rather than "6.9"


def _plain(text: str) -> str:
    """A registry's name drawn as it is: `$` would start matplotlib's math mode."""
    return text.replace("$", r"\$")


def draw_chart(series: Series, labels: ChartLabels) -> bytes:
    """The chart as PNG bytes, exactly WIDTH_PX × HEIGHT_PX."""
    from matplotlib.dates import AutoDateLocator, DateFormatter  # lazy on purpose (see the module docstring)
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    try:
        axes = figure.add_subplot()
        dates = [point.at for point in series.points]
        values = [point.value for point in series.points]
        bounds = [bound for bound in (series.low, series.high) if bound is not None]
        top, bottom = max([*values, *bounds]), min([*values, *bounds])  # the norm in view: how far from it
        margin = ((top - bottom) or abs(top) or 1.0) * 0.15
        axes.set_ylim(bottom - margin, top + margin)
        if bounds:  # a one-sided norm ("up to 5,2") reaches the edge of the picture
            low = series.low if series.low is not None else bottom - margin
            high = series.high if series.high is not None else top + margin
            axes.axhspan(low, high, color=NORMAL_COLOUR, alpha=0.15, label=labels.normal, linewidth=0)
        axes.plot(dates, values, color=LINE_COLOUR, linewidth=2.5, marker="o", markersize=8, zorder=3)
        outside = [point for point in series.points if point.mark is not None and point.mark != "NORMAL"]
        if outside:
            axes.scatter(
                [point.at for point in outside],
                [point.value for point in outside],
                s=160,
                color=OUTSIDE_COLOUR,
                zorder=4,
                label=labels.outside,
            )
        axes.set_title(_plain(labels.title), fontsize=20, family=FONT, pad=16)
        axes.set_xlabel(_plain(labels.date_axis), fontsize=14, family=FONT)
        axes.set_ylabel(_plain(labels.value_axis), fontsize=14, family=FONT)
        axes.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=8))
        axes.xaxis.set_major_formatter(DateFormatter("%m.%Y"))
        axes.yaxis.set_major_locator(MaxNLocator(nbins=7))
        comma = labels.decimal_comma
        axes.yaxis.set_major_formatter(
            FuncFormatter(lambda value, _: f"{value:g}".replace(".", ",") if comma else f"{value:g}")
        )
        axes.tick_params(labelsize=12)
        axes.grid(True, alpha=0.3)
        if axes.get_legend_handles_labels()[0]:
            axes.legend(loc="best", prop={"family": FONT, "size": 12})
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()
    finally:
        figure.clear()  # a Figure outside pyplot is freed with its last reference; nothing is kept anyway


async def render_chart(series: Series, labels: ChartLabels) -> bytes:
    """`draw_chart` in a worker thread: drawing takes a noticeable fraction of a second."""
    return await asyncio.to_thread(draw_chart, series, labels)
