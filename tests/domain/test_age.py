from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.age import ADULT_AGE, OWN_ACCESS_AGE, AccessLevel, access_level, adult_on, age_on, can_write

birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def test_constants() -> None:
    assert (OWN_ACCESS_AGE, ADULT_AGE) == (14, 18)


@pytest.mark.parametrize(
    ("birth_date", "today", "expected"),
    [
        (date(2000, 5, 20), date(2000, 5, 20), 0),
        (date(2000, 5, 20), date(2026, 5, 19), 25),
        (date(2000, 5, 20), date(2026, 5, 20), 26),  # birthday today
        (date(2000, 5, 20), date(2026, 5, 21), 26),
        (date(2000, 12, 31), date(2001, 1, 1), 0),
        (date(2008, 2, 29), date(2026, 2, 28), 17),  # 29 Feb: a common year counts from 1 March
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2008, 2, 29), date(2028, 2, 28), 19),
        (date(2008, 2, 29), date(2028, 2, 29), 20),  # a leap year has the day itself
    ],
)
def test_age_on(birth_date: date, today: date, expected: int) -> None:
    assert age_on(birth_date, today) == expected


def test_age_before_birth_is_an_error() -> None:
    with pytest.raises(ValueError, match="before the birth date"):
        age_on(date(2020, 1, 2), date(2020, 1, 1))


@pytest.mark.parametrize(
    ("birth_date", "expected"),
    [
        (date(1990, 6, 15), date(2008, 6, 15)),
        (date(2008, 2, 29), date(2026, 3, 1)),
        (date(2002, 2, 28), date(2020, 2, 28)),
        (date(2000, 2, 29), date(2018, 3, 1)),
        (date(1996, 2, 29), date(2014, 3, 1)),
        (date(1982, 2, 28), date(2000, 2, 28)),
    ],
)
def test_adult_on(birth_date: date, expected: date) -> None:
    assert adult_on(birth_date) == expected


@given(birth_dates)
def test_adult_on_agrees_with_age_on(birth_date: date) -> None:
    adult = adult_on(birth_date)
    assert age_on(birth_date, adult) == ADULT_AGE
    assert age_on(birth_date, adult - timedelta(days=1)) == ADULT_AGE - 1


@given(birth_date=birth_dates, days=st.integers(0, 200 * 366))
def test_age_matches_a_count_of_birthdays(birth_date: date, days: int) -> None:
    today = birth_date + timedelta(days=days)
    birthdays = 0
    for year in range(birth_date.year + 1, today.year + 1):
        birthday = (
            date(year, 3, 1)
            if (birth_date.month, birth_date.day) == (2, 29) and not _leap(year)
            else birth_date.replace(year=year)
        )
        birthdays += birthday <= today
    assert age_on(birth_date, today) == birthdays


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("birth_date", "capacity", "expected"),
    [
        (date(2012, 3, 11), False, AccessLevel.NONE),  # 14 tomorrow
        (date(2012, 3, 11), True, AccessLevel.NONE),  # capacity does not help under 14
        (date(2012, 3, 10), False, AccessLevel.READ_ONLY),  # 14 today
        (date(2012, 3, 10), True, AccessLevel.FULL),
        (date(2008, 3, 11), False, AccessLevel.READ_ONLY),  # 18 tomorrow
        (date(2008, 3, 11), True, AccessLevel.FULL),
        (date(2008, 3, 10), False, AccessLevel.FULL),  # 18 today
        (date(1950, 1, 1), False, AccessLevel.FULL),
        (date(2026, 3, 10), False, AccessLevel.NONE),  # born today
    ],
)
def test_access_level(birth_date: date, capacity: bool, expected: AccessLevel) -> None:
    assert access_level(birth_date, capacity, TODAY) is expected


@given(birth_date=birth_dates, capacity=st.booleans(), days=st.integers(0, 40 * 366), later=st.integers(0, 3000))
def test_access_never_shrinks_with_time(birth_date: date, capacity: bool, days: int, later: int) -> None:
    order = [AccessLevel.NONE, AccessLevel.READ_ONLY, AccessLevel.FULL]
    today = birth_date + timedelta(days=days)
    now = access_level(birth_date, capacity, today)
    then = access_level(birth_date, capacity, today + timedelta(days=later))
    assert order.index(then) >= order.index(now)


def test_can_write() -> None:
    assert can_write(AccessLevel.FULL)
    assert not can_write(AccessLevel.READ_ONLY)
    assert not can_write(AccessLevel.NONE)
