"""Who may use a patient cabinet, by age and legal capacity (DOMAIN §1 "Who may use it", §3 last line).

- Under 14 a person has no own access at all: no sign-in, no token; a parent or confidant acts for them.
- 14–17: sign in and view; acting (declarations, personal data, accesses) needs confirmed full civil
  capacity, which eHealth shows as `verification.details.legal_capacity.verification_status == "VERIFIED"`.
- 18 and over: everything.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

OWN_ACCESS_FROM_AGE = 14
ADULT_FROM_AGE = 18

# `PERSON_VERIFICATION_STATUSES` values a legal-capacity check can carry (Blueprint `Person_Verification_Details`).
CAPACITY_VERIFIED = "VERIFIED"
CAPACITY_NOT_VERIFIED = "NOT_VERIFIED"
CAPACITY_NOT_NEEDED = "VERIFICATION_NOT_NEEDED"


class OwnAccess(StrEnum):
    """What a person may do in a cabinet by themselves."""

    NONE = "none"  # under 14
    VIEW = "view"  # 14–17 without confirmed full civil capacity
    FULL = "full"  # adults, and 14–17 with confirmed full civil capacity


def birthday_in(birth_date: date, year: int) -> date:
    """The day a person born on `birth_date` has their birthday in `year` (29 February → 1 March)."""
    if (birth_date.month, birth_date.day) == (2, 29):
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return date(year, 2, 29) if leap else date(year, 3, 1)
    return date(year, birth_date.month, birth_date.day)


def full_years(birth_date: date, on: date) -> int:
    """Completed years on `on`; the birthday itself completes a year. Negative before birth."""
    years = on.year - birth_date.year
    return years - 1 if on < birthday_in(birth_date, on.year) else years


def capacity_confirmed(legal_capacity_status: str | None) -> bool:
    """DOMAIN §3: full civil capacity is confirmed only by a VERIFIED legal-capacity check."""
    return legal_capacity_status == CAPACITY_VERIFIED


def own_access(birth_date: date, legal_capacity_status: str | None, today: date) -> OwnAccess:
    """DOMAIN §1: under 14 none; 14–17 view, or full with confirmed capacity; 18+ full.

    A birth date after `today` (a broken record or clock) gives no access rather than a guess.
    """
    if birth_date > today:
        return OwnAccess.NONE
    age = full_years(birth_date, today)
    if age < OWN_ACCESS_FROM_AGE:
        return OwnAccess.NONE
    if age >= ADULT_FROM_AGE or capacity_confirmed(legal_capacity_status):
        return OwnAccess.FULL
    return OwnAccess.VIEW


def may_sign_in(access: OwnAccess) -> bool:
    """DOMAIN §1: only a person with own access signs in; the auth host issues no code or token otherwise."""
    return access is not OwnAccess.NONE


def may_view(access: OwnAccess) -> bool:
    """DOMAIN §1: teenagers with their own e-signature "may sign in and view"."""
    return access is not OwnAccess.NONE


def may_act(access: OwnAccess) -> bool:
    """DOMAIN §1: submitting or ending declarations, changing data and revoking accesses need full access."""
    return access is OwnAccess.FULL


# Developer messages of the refusals (eHealth's `error.message` is for developers, not end users).
NO_OWN_ACCESS = "Person under 14 has no own access; a confidant person acts for the child"
VIEW_ONLY = "Person aged 14-17 without confirmed full civil capacity (legal capacity) may only view"


def refusal(access: OwnAccess, *, acting: bool) -> str | None:
    """The `forbidden` message for a person who may not do this, or None when they may."""
    if access is OwnAccess.NONE:
        return NO_OWN_ACCESS
    if acting and access is OwnAccess.VIEW:
        return VIEW_ONLY
    return None


def legal_capacity_check(legal_capacity_status: str | None, age: int) -> tuple[str, str]:
    """`verification.details.legal_capacity` as `(verification_status, verification_reason)`.

    A recorded status is shown as it is; without one, a 14–17-year-old's capacity is NOT_VERIFIED and
    anyone else's is VERIFICATION_NOT_NEEDED (the Blueprint's example pairs that with AUTO_DATA_ABSENT).
    """
    status = legal_capacity_status
    if status is None:
        teen = OWN_ACCESS_FROM_AGE <= age < ADULT_FROM_AGE
        status = CAPACITY_NOT_VERIFIED if teen else CAPACITY_NOT_NEEDED
    reason = "MANUAL_CONFIRMED" if status == CAPACITY_VERIFIED else "AUTO_DATA_ABSENT"
    return status, reason
