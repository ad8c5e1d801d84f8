"""The rules behind lab results' words and charts: the normal range, what an interpretation adds, units, blood
pressure's two halves, and a measure's series (order, numbers only, period, the range it is judged by)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from backend.domain.lab_results_view import (
    CATEGORY,
    CHART_PERIOD,
    DIASTOLIC,
    INTERPRETATION,
    SYSTOLIC,
    NormalRange,
    PressureReading,
    chart_series,
    interpretation_adds,
    normal_range,
    pressure_reading,
    same_moment_value,
    unit_slug,
)
from backend.domain.medical_record import RangeMark

T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Range:
    low: float | None = None
    high: float | None = None
    type: str | None = "normal"
    text: str | None = None


@dataclass(frozen=True)
class Result:
    id: str
    taken_at: datetime
    value_number: float | None
    reference_ranges: tuple[Range, ...] = field(default=())


def test_the_normal_range_is_the_first_normal_or_untyped_one_that_says_something() -> None:
    assert normal_range([]) is None
    assert normal_range([Range(1, 2, type="critical"), Range(3.9, 6.1)]) == NormalRange(3.9, 6.1, None)
    assert normal_range([Range(type=None, text=" ")]) is None  # says nothing
    assert normal_range([Range(None, 5.2, type=None)]) == NormalRange(None, 5.2, None)
    assert normal_range([Range(text="негативний")]) == NormalRange(None, None, "негативний")
    upside_down = normal_range([Range(6.0, 4.0, text="4–6")])
    assert upside_down == NormalRange(None, None, "4–6") and not upside_down.bounded
    assert normal_range([Range(math.nan, math.inf)]) is None


def test_an_interpretation_shows_only_when_it_says_more_than_the_mark() -> None:
    assert not interpretation_adds("H", "HIGH") and not interpretation_adds("n", "NORMAL")
    assert interpretation_adds("H", None)  # no range to judge by: the laboratory's word is all there is
    assert interpretation_adds("HH", "HIGH") and interpretation_adds("POS", "NORMAL")
    assert interpretation_adds("H", "LOW")  # the laboratory disagrees with the range: say both
    assert not interpretation_adds("NEVER_SEEN", None) and not interpretation_adds(None, None)


def test_every_code_the_sandbox_writes_is_in_the_dictionaries() -> None:
    # sandbox/registry/seeding/clinical.py: categories laboratory, vital_signs; interpretations H, L, N.
    for code in ("laboratory", "vital_signs"):
        assert CATEGORY.known(code) == code
    for code in ("H", "L", "N"):
        assert INTERPRETATION.known(code) == code


def test_units_as_the_registry_writes_them() -> None:
    assert unit_slug("ммоль/л") == unit_slug("mmol/L") == "mmol-l"
    assert unit_slug("мм рт. ст.") == unit_slug("mm[Hg]") == unit_slug(" мм  рт. ст. ") == "mm-hg"
    assert unit_slug("%") == "percent" and unit_slug("г/л") == "g-l" and unit_slug("кг") == "kg"
    assert unit_slug("furlongs") is None and unit_slug(None) is None and unit_slug("") is None


def test_blood_pressure_reads_as_one_reading_from_either_half() -> None:
    assert pressure_reading(SYSTOLIC, 131, 82) == PressureReading(131, 82)
    assert pressure_reading(DIASTOLIC, 82, 131) == PressureReading(131, 82)
    assert pressure_reading(SYSTOLIC, 131, None) is None
    assert pressure_reading("4548-4", 6.9, 7.0) is None
    taken = [Result("a", T0, 82.0), Result("b", T0 + timedelta(days=90), 84.0), Result("c", T0, None)]
    assert same_moment_value(taken, T0) == 82.0
    assert same_moment_value(taken, T0 + timedelta(minutes=1)) is None


def test_olenas_hba1c_over_two_years() -> None:
    values = (8.1, 7.9, 7.7, 7.5, 7.3, 7.2, 7.0, 6.9)
    newest_first = [
        Result(f"o{index}", T0 + timedelta(days=90 * index), value, (Range(4.0, 6.0),))
        for index, value in reversed(list(enumerate(values)))
    ]
    series = chart_series([*newest_first, Result("text", T0, None)])
    assert [point.value for point in series.points] == list(values)  # oldest first, the text result left out
    assert (series.low, series.high) == (4.0, 6.0)
    assert {point.mark for point in series.points} == {RangeMark.HIGH}
    assert series.latest is not None and series.latest.value == 6.9 and series.chartable


def test_the_range_is_the_newest_results_and_every_point_is_judged_by_it() -> None:
    old = Result("a", T0, 5.8, (Range(3.5, 5.5),))
    new = Result("b", T0 + timedelta(days=30), 5.8, (Range(3.9, 6.1),))
    no_range = Result("c", T0 + timedelta(days=60), 6.5)
    series = chart_series([no_range, new, old])
    assert (series.low, series.high) == (3.9, 6.1)
    assert [point.mark for point in series.points] == [RangeMark.NORMAL, RangeMark.NORMAL, RangeMark.HIGH]
    unjudged = chart_series([Result("x", T0, 80.0), Result("y", T0 + timedelta(days=1), 79.0)])
    assert (unjudged.low, unjudged.high) == (None, None) and {p.mark for p in unjudged.points} == {None}


def test_one_result_makes_no_chart_and_old_ones_fall_out_of_the_period() -> None:
    assert not chart_series([Result("a", T0, 6.9)]).chartable
    assert not chart_series([]).chartable and chart_series([]).latest is None
    ancient = Result("old", T0 - CHART_PERIOD - timedelta(days=1), 9.0)
    series = chart_series([Result("a", T0, 6.9), ancient])
    assert [point.value for point in series.points] == [6.9]
    assert len(chart_series([Result("a", T0, 6.9), ancient], period=None).points) == 2


MOMENTS = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC))
VALUES = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True, width=32))
RANGES = st.lists(
    st.builds(
        Range,
        low=st.one_of(st.none(), st.floats(-10, 200)),
        high=st.one_of(st.none(), st.floats(-10, 200)),
        type=st.sampled_from([None, "normal", "critical"]),
    ),
    max_size=2,
)
RESULTS = st.lists(
    st.builds(Result, id=st.text("abcdef", min_size=1, max_size=3), taken_at=MOMENTS, value_number=VALUES,
              reference_ranges=RANGES.map(tuple)),
    max_size=25,
)  # fmt: skip


@given(RESULTS)
def test_a_series_is_finite_numbers_oldest_first_each_result_once(results: list[Result]) -> None:
    series = chart_series(results)
    moments = [point.at for point in series.points]
    assert moments == sorted(moments)
    assert all(math.isfinite(point.value) for point in series.points)
    distinct = {r.id for r in results if r.value_number is not None and math.isfinite(r.value_number)}
    assert len(series.points) <= len(distinct)
    if series.points:
        assert series.points[-1].at - series.points[0].at <= CHART_PERIOD
    if series.low is not None and series.high is not None:
        assert series.low <= series.high
    for point in series.points:  # each point judged by the series' range
        if series.low is None and series.high is None:
            assert point.mark is None
        elif series.high is not None and point.value > series.high:
            assert point.mark == RangeMark.HIGH
        elif series.low is not None and point.value < series.low:
            assert point.mark == RangeMark.LOW
        else:
            assert point.mark == RangeMark.NORMAL


@given(RESULTS)
def test_the_order_the_results_come_in_does_not_matter(results: list[Result]) -> None:
    unique = list({r.id: r for r in results}.values())
    assert chart_series(unique) == chart_series(list(reversed(unique)))
