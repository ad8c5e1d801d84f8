"""Age rules: who may use the cabinet and how."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

ADULT_AGE = 18
OWN_ACCESS_AGE = 14


class AccessLevel(StrEnum):
    """What a person may do in the cabinet themselves."""

    NONE = "NONE"  # under 14: a parent or confidant acts for the child
    READ_ONLY = "READ_ONLY"  # 14–17 without confirmed full civil capacity
    FULL = "FULL"


def birthday_in_year(birth_date: date, year: int) -> date:
    """The birthday in a given year; 29 February falls on 1 March in a common year."""
    try:
        return birth_date.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def age_on(birth_date: date, today: date) -> int:
    """Full years on `today` (the birthday itself counts; 29 Feb birthdays count on 1 Mar)."""
    if today < birth_date:
        raise ValueError("today is before the birth date")
    years = today.year - birth_date.year
    if today < birthday_in_year(birth_date, today.year):
        years -= 1
    return years


def adult_on(birth_date: date) -> date:
    """The 18th birthday (1 March for a 29 February birth when that year is common)."""
    return birthday_in_year(birth_date, birth_date.year + ADULT_AGE)


def access_level(birth_date: date, legal_capacity_confirmed: bool, today: date) -> AccessLevel:
    """Under 14 no own access; 14–17 read-only unless full civil capacity is confirmed; 18+ full."""
    age = age_on(birth_date, today)
    if age < OWN_ACCESS_AGE:
        return AccessLevel.NONE
    if age < ADULT_AGE and not legal_capacity_confirmed:
        return AccessLevel.READ_ONLY
    return AccessLevel.FULL


def can_write(level: AccessLevel) -> bool:
    """Whether the person may change data and submit or end declarations."""
    return level == AccessLevel.FULL
