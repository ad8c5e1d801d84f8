"""`bench/watch_scale.py` runs: a tiny N on the simulated clock prints its JSON line per N, every kind of change is
planned and measured, and no 15-minute window holds more calls than the budget."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_bench(*arguments: str) -> dict:
    """The bench run as a newcomer runs it; its one JSON line (one N)."""
    done = subprocess.run(  # noqa: S603 - this interpreter running the repository's own bench
        [sys.executable, str(ROOT / "bench" / "watch_scale.py"), *arguments],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1
    return lines[0]


def test_the_watch_scale_bench_prints_its_figures_within_the_budget(tmp_path: Path) -> None:
    figures = run_bench(
        *("--n", "150", "--hours", "1", "--budget", "1000", "--min-events", "3"),
        *("--chart", str(tmp_path / "chart.png")),
    )
    assert figures["n"] == 150 and figures["budget_per_15_min"] == 1000
    windows = figures["calls_per_window"]
    assert windows["max"] <= 1000 and windows["windows_over_budget"] == 0
    assert set(figures["latency_s"]) >= {
        "request_signed",
        "request_expiring",
        "declaration_terminated",
        "pediatric_ending",
        "access_granted",
        "prescription_issued",
        "prescription_dispensed",
        "prescription_expiring",
        "lab_result",
        "referral",
    }
    told = sum(kind["n"] for kind in figures["latency_s"].values())
    assert told > 0  # the watcher told something within the hour
    assert figures["calls_per_full_round"] > 0


def test_patients_beside_the_watcher_take_from_the_same_budget_and_the_bench_says_what_they_need() -> None:
    figures = run_bench(
        *("--n", "150", "--hours", "1", "--budget", "300", "--min-events", "3"),
        *("--active-per-hour", "400", "--plus-load", "--chart", "-"),
    )
    patients = figures["patients"]
    needs = patients["budget_the_load_needs"]
    assert needs > 0 and patients["watcher_budget"] == 300
    assert figures["budget_per_15_min"] == needs + 300  # --plus-load: the watcher's 300 on top
    assert patients["calls_made"] + patients["refused"] == patients["calls_wanted"] > 0
    # At a budget above the load's own need, the load alone is never refused.
    assert patients["refused_without_watcher"] == 0
    assert patients["watcher_calls"] > 0
    # Patients and the watcher together: no window of the client over its budget.
    windows = figures["calls_per_window"]
    assert windows["windows_over_budget"] == 0 and not windows["sliding_max_over_budget"]
    assert figures["calls"] == patients["calls_made"] + patients["watcher_calls"]
