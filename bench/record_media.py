"""Benchmark of the medical record's media: how long the bot takes to make what it sends as a file.

One function per figure, each returning its part of the JSON line:
- `chart_figures`: a lab result's chart (`bot.dialogs.lab_results.chart.draw_chart`, 1200×700 PNG) of Олена's
  HbA1c over two years (eight results, the normal band, points outside it). The first drawing is timed on its
  own: it includes importing matplotlib and loading its font, which the bot pays once per process, on the first
  chart a patient asks for (matplotlib is not imported at start). Then `--runs` drawings: median and p95.
  Also how much the process grew for it (peak RSS before the import and after the runs).
- `pdf_figures`: the extract's PDF of a record as large as the sandbox's richest (Олена's allergies, diagnoses,
  medicines, latest results, and a child's whole vaccination calendar besides), worded in Ukrainian and laid out
  as the bot does it (`content.extract_document`, then `pdf.build_pdf`): the first build (with fpdf2's import and
  the font), then median and p95, and the PDF's size and pages.

    .venv/bin/python bench/record_media.py [--runs 30]

Prints ONE JSON line of figures, then a short summary.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from _common import machine, percentile

from backend.domain.lab_results_view import Point, Series
from backend.domain.medical_record import range_mark
from bot.api_models import Immunization, PersonView, Prescription, RecordOverview
from bot.dialogs.lab_results.chart import HEIGHT_PX, WIDTH_PX, ChartLabels, draw_chart
from bot.dialogs.record_extract.content import Record, extract_document
from bot.dialogs.record_extract.pdf import build_pdf
from bot.i18n import Locales

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


TODAY = date(2026, 12, 5)


def _rich_record() -> Record:
    """A record as large as the sandbox's richest (Олена's), with a teenager's 21 vaccinations besides."""
    person = PersonView.model_validate(
        {
            "first_name": "Олена",
            "last_name": "Коваленко",
            "second_name": "Петрівна",
            "birth_date": "1979-03-14",
            "gender": "FEMALE",
            "tax_id_masked": "28******15",
            "verification_status": "VERIFIED",
            "access_level": "FULL",
        }
    )
    measures = [
        ("4548-4", "Глікований гемоглобін (HbA1c)", 6.9, "%", 4.0, 6.0, "HIGH"),
        ("2345-7", "Глюкоза в сироватці або плазмі крові", 6.2, "ммоль/л", 3.9, 6.1, "HIGH"),
        ("2093-3", "Холестерин загальний", 5.1, "ммоль/л", None, 5.2, "NORMAL"),
        ("718-7", "Гемоглобін", 128.0, "г/л", 120.0, 150.0, "NORMAL"),
        ("8480-6", "Систолічний артеріальний тиск", 131.0, "мм рт. ст.", 90.0, 139.0, "NORMAL"),
        ("8462-4", "Діастолічний артеріальний тиск", 82.0, "мм рт. ст.", 60.0, 89.0, "NORMAL"),
        ("29463-7", "Маса тіла", 84.1, "кг", None, None, None),
    ]
    overview = RecordOverview.model_validate(
        {
            "allergies": [
                {"id": "a1", "code": {"code": "91936005", "text": "Алергія на пеніцилін"},
                 "clinical_status": "active", "category": "medication", "criticality": "high"},
                {"id": "a2", "code": {"code": "300910009", "text": "Алергія на пилок берези"},
                 "clinical_status": "active", "category": "environment", "criticality": "low"},
            ],
            "diagnoses": [
                {"code": {"code": "E11.9", "system": "eHealth/ICD10_AM/condition_codes",
                          "text": "Цукровий діабет 2 типу без ускладнень"}},
                {"code": {"code": "I10", "system": "eHealth/ICD10_AM/condition_codes",
                          "text": "Есенціальна (первинна) гіпертензія"}},
            ],
            "latest_results": [
                {"id": code, "status": "valid", "code": {"code": code, "text": name},
                 "issued": "2026-09-06T09:10:00Z", "taken_at": "2026-09-06T09:10:00Z", "value_number": value,
                 "unit": unit, "reference_ranges": [{"low": low, "high": high}] if low or high else [], "mark": mark}
                for code, name, value, unit, low, high, mark in measures
            ],
        }
    )  # fmt: skip
    medicines = tuple(
        Prescription.model_validate(
            {
                "id": f"rx-{index}",
                "request_number": "0000-243P-1X53-EH38",
                "status": "ACTIVE",
                "created_at": "2026-11-20",
                "dispense_valid_from": "2026-11-20",
                "dispense_valid_to": "2026-12-19",
                "medication": {
                    "medication_id": f"m{index}",
                    "name": name,
                    "form": form,
                    "strength": {
                        "numerator_value": amount,
                        "numerator_unit": unit,
                        "denominator_value": 1,
                        "denominator_unit": per,
                    },
                    "quantity": 60,
                },
                "program": {"id": "p", "name": "Доступні ліки"},
                "doctor": {
                    "employee_id": "e",
                    "full_name": "Гайдай Ганна Адамівна",
                    "first_name": "Ганна",
                    "last_name": "Гайдай",
                },
                "division": {"id": "v", "name": "Амбулаторія №1"},
                "legal_entity": {"id": "l", "name": "ЦПМСД №1"},
            }
        )
        for index, (name, form, amount, unit, per) in enumerate(
            [
                ("Метформін", "TABLET", 500, "MG", "PILL"),
                ("Амлодипін", "TABLET", 5, "MG", "PILL"),
                ("Інсулін людський", "SOLUTION_FOR_INJECTION", 100, "IU", "ML"),
                ("Сальбутамол", "AEROSOL_FOR_INHALATION", 100, "MKG", "DOSE"),
                ("Бісопролол", "TABLET", 5, "MG", "PILL"),
            ]
        )
    )
    born = date(2010, 6, 1)
    vaccinations = tuple(
        Immunization.model_validate(
            {
                "id": f"v{index}",
                "status": "completed",
                "vaccine": {"code": code, "text": text},
                "date": f"{born + timedelta(days=120 * index)}T09:00:00Z",
                "dose_number": 1 + index % 3,
                "series_doses": 3,
            }
        )
        for index, (code, text) in enumerate(
            [
                ("HepB", "Гепатит B"),
                ("BCG", "БЦЖ"),
                ("DTP", "АКДП"),
                ("IPV", "ІПВ"),
                ("Hib", "Hib-інфекція"),
                ("OPV", "ОПВ"),
                ("MMR", "КПК"),
            ]
            * 3
        )
    )
    return Record(person=person, overview=overview, medicines=medicines, vaccinations=vaccinations)


def pdf_figures(runs: int = 30) -> dict[str, Any]:
    """Milliseconds to word and lay out the extract: the first build (with fpdf2's import), then median/p95."""
    imported_before = "fpdf" in sys.modules
    i18n = Locales().translator("uk")
    record = _rich_record()

    def once() -> tuple[float, bytes]:
        started = time.perf_counter()
        data = build_pdf(extract_document(i18n, record, TODAY))
        return (time.perf_counter() - started) * 1000, data

    first_ms, data = once()
    timings = [once()[0] for _ in range(runs)]
    from pypdf import PdfReader  # a dev dependency: counting the pages only

    return {
        "pdf_fpdf_preloaded": imported_before,  # false: the first figure includes the import
        "pdf_first_ms_incl_import": round(first_ms, 1),
        "pdf_runs": runs,
        "pdf_median_ms": round(percentile(timings, 0.5), 1),
        "pdf_p95_ms": round(percentile(timings, 0.95), 1),
        "pdf_bytes": len(data),
        "pdf_pages": len(PdfReader(io.BytesIO(data)).pages),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    arguments = parser.parse_args()
    box = machine()
    figures = {
        "bench": "record_media",
        **chart_figures(arguments.runs),
        **pdf_figures(arguments.runs),
        "machine": box,
    }
    print(json.dumps(figures, ensure_ascii=False))
    print(
        f"chart {figures['chart_pixels']}: first {figures['chart_first_ms_incl_import']} ms (with the import), "
        f"then median {figures['chart_median_ms']} ms, p95 {figures['chart_p95_ms']} ms over {arguments.runs} runs; "
        f"+{figures['chart_peak_rss_added_mb']} MB peak RSS",
        file=sys.stderr,
    )
    print(
        f"extract PDF ({figures['pdf_pages']} pages, {figures['pdf_bytes']} bytes): first "
        f"{figures['pdf_first_ms_incl_import']} ms (with the import), then median {figures['pdf_median_ms']} ms, "
        f"p95 {figures['pdf_p95_ms']} ms",
        file=sys.stderr,
    )
    print(
        f"machine: {box['cpus']} CPUs ({box['cpu_model']}), load average {box['load_average_1m']}; one process",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
