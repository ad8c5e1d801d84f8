from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.medical_record import (
    RangeMark,
    is_current_allergy,
    is_open_referral,
    is_recorded,
    latest_per_code,
    newest_first,
    range_mark,
)

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "low", "high", "expected"),
    [
        (3.9, 4.0, 6.0, RangeMark.LOW),
        (4.0, 4.0, 6.0, RangeMark.NORMAL),
        (6.0, 4.0, 6.0, RangeMark.NORMAL),
        (6.1, 4.0, 6.0, RangeMark.HIGH),
        (120, None, 130, RangeMark.NORMAL),
        (140, None, 130, RangeMark.HIGH),
        (2, 3, None, RangeMark.LOW),
        (5, None, None, None),
        (None, 4.0, 6.0, None),
        (5, 6.0, 4.0, None),  # upside down: no judgement
    ],
)
def test_range_mark(value: float | None, low: float | None, high: float | None, expected: RangeMark | None) -> None:
    assert range_mark(value, low, high) == expected


@given(value=finite, a=finite, b=finite)
def test_range_mark_agrees_with_the_bounds(value: float, a: float, b: float) -> None:
    low, high = min(a, b), max(a, b)
    mark = range_mark(value, low, high)
    assert (mark is RangeMark.LOW) == (value < low)
    assert (mark is RangeMark.HIGH) == (value > high)
    assert (mark is RangeMark.NORMAL) == (low <= value <= high)


@given(value=finite, bound=finite)
def test_one_bound_judges_one_side(value: float, bound: float) -> None:
    assert range_mark(value, bound, None) in ((RangeMark.LOW,) if value < bound else (RangeMark.NORMAL,))
    assert range_mark(value, None, bound) in ((RangeMark.HIGH,) if value > bound else (RangeMark.NORMAL,))


def test_entered_in_error_is_left_out_in_either_spelling() -> None:
    assert not is_recorded("entered_in_error") and not is_recorded("entered-in-error")
    assert is_recorded("valid") and is_recorded("completed") and is_recorded(None)


def test_current_allergy() -> None:
    assert is_current_allergy("active")
    assert not is_current_allergy("resolved") and not is_current_allergy("inactive") and not is_current_allergy(None)


@pytest.mark.parametrize(
    ("status", "expires_at", "expected"),
    [
        ("active", None, True),
        ("active", NOW, True),
        ("active", NOW + timedelta(days=1), True),
        ("active", NOW - timedelta(seconds=1), False),
        ("completed", None, False),
        ("recalled", NOW + timedelta(days=9), False),
        ("entered_in_error", None, False),
    ],
)
def test_open_referral(status: str, expires_at: datetime | None, expected: bool) -> None:
    assert is_open_referral(status, expires_at, NOW) is expected


@dataclass(frozen=True)
class Result:
    id: str
    code: str
    at: datetime


results = st.lists(
    st.builds(
        Result,
        id=st.uuids().map(str),
        code=st.sampled_from(["8480-6", "8462-4", "2339-0"]),
        at=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2026, 1, 1), timezones=st.just(UTC)),
    ),
    max_size=30,
    unique_by=lambda r: r.id,
)


@given(items=results)
def test_latest_per_code_keeps_the_newest_of_each_measure(items: list[Result]) -> None:
    latest = latest_per_code(items, lambda r: r.code, lambda r: r.at, lambda r: r.id)
    assert sorted(r.code for r in latest) == sorted({r.code for r in items})
    for found in latest:
        assert found.at == max(r.at for r in items if r.code == found.code)
    assert [r.at for r in latest] == sorted((r.at for r in latest), reverse=True)


@given(items=results)
def test_newest_first_orders_by_moment_then_id(items: list[Result]) -> None:
    ordered = newest_first(items, lambda r: r.at, lambda r: r.id)
    assert sorted(ordered, key=lambda r: r.id) == sorted(items, key=lambda r: r.id)
    assert [(r.at, r.id) for r in ordered] == sorted(((r.at, r.id) for r in items), reverse=True)
