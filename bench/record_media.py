"""Benchmark of the medical record's media: how long the bot takes to make what it sends as a file.

One function per figure, each returning its part of the JSON line:
- `chart_figures`: a lab result's chart (`bot.dialogs.lab_results.chart.draw_chart`, 1200×700 PNG) of Олена's
  HbA1c over two years (eight results, the normal band, points outside it). The first drawing is timed on its
  own: it includes importing matplotlib and loading its font, which the bot pays once per process, on the first
  chart a patient asks for (matplotlib is not imported at start). Then `--runs` drawings: median and p95.
  Also how much the process grew for it (peak RSS before the import and after the runs).
(The PDF extract's figure is to join as `extract_figures`, called from `main` beside `chart_figures`.)

    .venv/bin/python bench/record_media.py [--runs 30]

Prints ONE JSON line of figures, then a short summary.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from _common import machine, percentile

from backend.domain.lab_results_view import Point, Series
from backend.domain.medical_record import range_mark
from bot.dialogs.lab_results.chart import HEIGHT_PX, WIDTH_PX, ChartLabels, draw_chart

HBA1C = (8.1, 7.9, 7.7, 7.5, 7.3, 7.2, 7.0, 6.9)  # Олена's, every 90 days (sandbox/registry/seeding)
LABELS = ChartLabels("Глікований гемоглобін (HbA1c)", "%", "Дата", "Норма", "Поза нормою")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _series() -> Series:
    start = datetime(2024, 12, 1, 9, 0, tzinfo=UTC)
    return Series(
        tuple(
            Point(start + timedelta(days=90 * index), value, range_mark(value, 4.0, 6.0))
            for index, value in enumerate(HBA1C)
        ),
        4.0,
        6.0,
    )


def _milliseconds(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def chart_figures(runs: int) -> dict[str, Any]:
    series = _series()
    imported_before = "matplotlib" in sys.modules
    rss_before = _peak_rss_mb()
    started = time.perf_counter()
    first = draw_chart(series, LABELS)
    first_ms = _milliseconds(started)
    timings: list[float] = []
    size = len(first)
    for _ in range(runs):
        started = time.perf_counter()
        size = len(draw_chart(series, LABELS))
        timings.append(_milliseconds(started))
    return {
        "chart_pixels": f"{WIDTH_PX}x{HEIGHT_PX}",
        "chart_points": len(series.points),
        "chart_png_bytes": size,
        "chart_first_ms_incl_import": first_ms,
        "chart_matplotlib_preloaded": imported_before,  # false: the first figure includes the import
        "chart_runs": runs,
        "chart_median_ms": round(statistics.median(timings), 2),
        "chart_p95_ms": round(percentile(timings, 0.95), 2),
        "chart_max_ms": round(max(timings), 2),
        "chart_peak_rss_added_mb": round(_peak_rss_mb() - rss_before, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    arguments = parser.parse_args()
    box = machine()
    figures = {"bench": "record_media", **chart_figures(arguments.runs), "machine": box}
    print(json.dumps(figures, ensure_ascii=False))
    print(
        f"chart {figures['chart_pixels']}: first {figures['chart_first_ms_incl_import']} ms (with the import), "
        f"then median {figures['chart_median_ms']} ms, p95 {figures['chart_p95_ms']} ms over {arguments.runs} runs; "
        f"+{figures['chart_peak_rss_added_mb']} MB peak RSS",
        file=sys.stderr,
    )
    print(
        f"machine: {box['cpus']} CPUs ({box['cpu_model']}), load average {box['load_average_1m']}; one process",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
