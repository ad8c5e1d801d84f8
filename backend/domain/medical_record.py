"""Rules of the medical record (patient summary and referrals) — pure, no I/O.

The backend's overview and the bot's screens share them: whether a result is below or above its reference
range, which referrals are still open, which record is the latest per measure, what counts as a current
allergy, and leaving out what the registry marks entered in error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from enum import StrEnum
from typing import Protocol, TypeVar

T = TypeVar("T")

# eHealth writes "entered in error" with an underscore in most dictionaries and with a hyphen in the
# immunization's (`completed | entered-in-error`).
ENTERED_IN_ERROR: frozenset[str] = frozenset({"entered_in_error", "entered-in-error"})
# eHealth/allergy_intolerance_clinical_statuses: active, inactive, resolved.
CURRENT_ALLERGY_STATUSES: frozenset[str] = frozenset({"active"})
# A referral (service request) a patient can still use: the registry's `active` status; `completed`,
# `recalled` and `entered_in_error` are closed, and an active one past its expiration date is closed too.
OPEN_REFERRAL_STATUSES: frozenset[str] = frozenset({"active"})


class RangeMark(StrEnum):
    """Where a value sits against its reference range."""

    LOW = "LOW"
    NORMAL = "NORMAL"
    HIGH = "HIGH"


def range_mark(value: float | None, low: float | None, high: float | None) -> RangeMark | None:
    """LOW below `low`, HIGH above `high`, NORMAL within (bounds included); None when there is no value or no
    bound to judge it by. A range given upside down (low above high) judges nothing."""
    if value is None or (low is None and high is None):
        return None
    if low is not None and high is not None and low > high:
        return None
    if low is not None and value < low:
        return RangeMark.LOW
    if high is not None and value > high:
        return RangeMark.HIGH
    return RangeMark.NORMAL


class Range(Protocol):
    """A reference range as the registry gives it (`backend.registry.port.ReferenceRange` is one)."""

    @property
    def low(self) -> float | None: ...

    @property
    def high(self) -> float | None: ...

    @property
    def type(self) -> str | None: ...


# The range a value is judged by: the first one typed "normal" (eHealth/reference_range_types) or untyped.
NORMAL_RANGE_TYPES: tuple[str | None, ...] = (None, "normal")


def normal_range_mark(value: float | None, ranges: Iterable[Range]) -> RangeMark | None:
    """The value's mark against its first normal (or untyped) reference range; None without one."""
    normal = next((r for r in ranges if r.type in NORMAL_RANGE_TYPES), None)
    return range_mark(value, normal.low, normal.high) if normal is not None else None


def is_recorded(status: str | None) -> bool:
    """False for a record the registry marks entered in error (it is to be left out of what a patient sees)."""
    return (status or "").lower() not in ENTERED_IN_ERROR


def is_current_allergy(clinical_status: str | None) -> bool:
    return (clinical_status or "").lower() in CURRENT_ALLERGY_STATUSES


def is_open_referral(status: str | None, expires_at: datetime | None, now: datetime) -> bool:
    """An active referral that has not expired (the expiration moment itself is still valid)."""
    if (status or "").lower() not in OPEN_REFERRAL_STATUSES:
        return False
    return expires_at is None or now <= expires_at


def newest_first(items: Iterable[T], at: Callable[[T], datetime], key: Callable[[T], str]) -> list[T]:
    """The items, newest first; equal moments in a stable order by `key` (an id)."""
    return sorted(items, key=lambda item: (at(item), key(item)), reverse=True)


def latest_per_code(
    items: Iterable[T], code: Callable[[T], str], at: Callable[[T], datetime], key: Callable[[T], str]
) -> list[T]:
    """The newest item of each code, newest first: the latest result of each measure."""
    latest: dict[str, T] = {}
    for item in newest_first(items, at, key):
        latest.setdefault(code(item), item)
    return list(latest.values())
