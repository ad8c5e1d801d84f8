"""Declaration rules (DOMAIN §3): doctors, ages, limits, statuses, replacement, expiry and end dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

from sandbox.registry.rules.access import ADULT_FROM_AGE, birthday_in

# --- doctors -------------------------------------------------------------------------------------


class Speciality(StrEnum):
    """DOMAIN §3: the `speciality_officio` values that may sign a declaration."""

    FAMILY_DOCTOR = "FAMILY_DOCTOR"
    THERAPIST = "THERAPIST"
    PEDIATRICIAN = "PEDIATRICIAN"


FAMILY_DOCTOR = Speciality.FAMILY_DOCTOR
THERAPIST = Speciality.THERAPIST
PEDIATRICIAN = Speciality.PEDIATRICIAN
DECLARATION_SPECIALITIES: tuple[str, ...] = tuple(Speciality)
# DOMAIN §3: an ACTIVE legal entity of type MSP or PRIMARY_CARE; the employee APPROVED.
PRIMARY_CARE_ENTITY_TYPES = frozenset({"MSP", "PRIMARY_CARE"})
# DOMAIN §5: positions of the three (P7 family doctor, P8 pediatrician, P10 therapist).
POSITION_OF: dict[str, str] = {FAMILY_DOCTOR: "P7", PEDIATRICIAN: "P8", THERAPIST: "P10"}
# DOMAIN §3: default limits per doctor (party).
DEFAULT_LIMIT_OF: dict[str, int] = {PEDIATRICIAN: 900, THERAPIST: 2000, FAMILY_DOCTOR: 1800}

SPECIALITY_AGE_MISMATCH = "Doctor speciality doesn't match patient's age"


def speciality_fits_age(speciality: str, age: int) -> bool:
    """DOMAIN §3: PEDIATRICIAN under 18 only, THERAPIST 18+ only, FAMILY_DOCTOR any age; others never."""
    if speciality == FAMILY_DOCTOR:
        return True
    if speciality == PEDIATRICIAN:
        return age < ADULT_FROM_AGE
    if speciality == THERAPIST:
        return age >= ADULT_FROM_AGE
    return False


def takes_declarations(
    *, employee_type: str, employee_status: str, speciality: str, entity_status: str, entity_type: str
) -> bool:
    """DOMAIN §3 first line: a DOCTOR, APPROVED, of a declaration speciality, in an ACTIVE primary-care entity."""
    return (
        employee_type == "DOCTOR"
        and employee_status == "APPROVED"
        and speciality in DECLARATION_SPECIALITIES
        and entity_status == "ACTIVE"
        and entity_type in PRIMARY_CARE_ENTITY_TYPES
    )


# --- limits --------------------------------------------------------------------------------------


def party_limit(approved_record_limits: list[int], all_record_limits: list[int]) -> int:
    """DOMAIN §3: the *minimum* limit over the party's employee records (its approved ones while any are)."""
    return min(approved_record_limits or all_record_limits)


def party_count(active_or_pending_declarations: int, approved_requests: int) -> int:
    """DOMAIN §3: counted are active (and pending) declarations of all the party's records plus APPROVED requests."""
    return active_or_pending_declarations + approved_requests


def has_free_place(limit: int, count: int) -> bool:
    return count < limit


def places_left(limit: int, count: int) -> int:
    """DOMAIN §3 "Patients can see whether a doctor has free places": never below zero."""
    return max(0, limit - count)


def over_limit_message(count: int) -> str:
    """The Blueprint's message when a doctor is full ("This doctor has X declarations and could not sign more")."""
    return f"This doctor has {count} declarations and could not sign more"


# --- statuses ------------------------------------------------------------------------------------

ACTIVE = "active"
PENDING_VERIFICATION = "pending_verification"
TERMINATED = "terminated"
CLOSED = "closed"
REJECTED = "rejected"
DECLARATION_STATUSES: tuple[str, ...] = (ACTIVE, PENDING_VERIFICATION, TERMINATED, CLOSED, REJECTED)
# DOMAIN §3: what binds a patient to a doctor, what a new signature ends, what counts against a limit.
HOLDING_STATUSES: tuple[str, ...] = (ACTIVE, PENDING_VERIFICATION)

NEW = "NEW"
APPROVED = "APPROVED"
SIGNED = "SIGNED"
REQUEST_REJECTED = "REJECTED"
CANCELLED = "CANCELLED"
EXPIRED = "EXPIRED"
REQUEST_STATUSES: tuple[str, ...] = (NEW, APPROVED, SIGNED, REQUEST_REJECTED, CANCELLED, EXPIRED)
# DOMAIN §3: a new request cancels the person's NEW/APPROVED requests to the same employee.
OPEN_REQUEST_STATUSES: tuple[str, ...] = (NEW, APPROVED)

# Reasons. eHealth documents manual_person, manual_employee, no_tax_id, offline, auto_reorganization,
# auto_employee_deactivate and auto_suspend_legal_entity; those marked (ours) name cases it does not spell out.
REASON_MANUAL_PERSON = "manual_person"
REASON_NO_TAX_ID = "no_tax_id"
REASON_EMPLOYEE_DEACTIVATE = "auto_employee_deactivate"
REASON_PERSON_NOT_VERIFIED = "person_not_verified"  # (ours)
REASON_NEW_DECLARATION = "auto_new_declaration"  # (ours) replaced by the person's newly signed one
REASON_TERM_ENDED = "auto_expired"  # (ours) the end date passed (a pediatrician's patient turned 18)
REQUEST_REASON_NEW_REQUEST = "auto_new_request"  # (ours) the person asked the same doctor again
REQUEST_REASON_EXPIRED = "auto_expired"  # (ours)
REQUEST_REASON_REJECTED = "manual_person"


def ended_by_new_declaration(status: str) -> bool:
    """DOMAIN §3: signing a new declaration terminates every active and pending one of the person."""
    return status in HOLDING_STATUSES


def cancelled_by_new_request(status: str, same_employee: bool) -> bool:
    """DOMAIN §3: a new request cancels the person's NEW/APPROVED requests to the same employee only."""
    return same_employee and status in OPEN_REQUEST_STATUSES


def may_sign_request(status: str) -> bool:
    """DOMAIN §3: NEW → SIGNED; no other status can be signed."""
    return status == NEW


def may_reject_request(status: str) -> bool:
    """DOMAIN §3: NEW → REJECTED (the patient declines)."""
    return status == NEW


# --- verification --------------------------------------------------------------------------------


def new_declaration_state(verification_status: str | None, no_tax_id: bool) -> tuple[str, str | None]:
    """DOMAIN §3: `(status, reason)` of a freshly signed declaration.

    Verified person data: active at once. Anything else waits in `pending_verification`; a person
    without a tax id waits with the documented reason `no_tax_id`.
    """
    if verification_status == "VERIFIED":
        return ACTIVE, None
    return PENDING_VERIFICATION, REASON_NO_TAX_ID if no_tax_id else REASON_PERSON_NOT_VERIFIED


def pending_turns_active(signed_at: datetime, now: datetime, pending_days: int) -> bool:
    """DOMAIN §3: a pending declaration becomes active by itself after 30 days (configurable)."""
    return signed_at <= now - timedelta(days=pending_days)


# --- time ----------------------------------------------------------------------------------------


def request_expires_at(created_at: datetime, ttl_hours: int) -> datetime:
    """DOMAIN §3: unsigned requests expire ((ours) sandbox default 24 h, configurable)."""
    return created_at + timedelta(hours=ttl_hours)


def request_expired(status: str, expires_at: datetime, now: datetime) -> bool:
    """DOMAIN §3: only a NEW request expires, once its time is up; its personal data is then wiped."""
    return status == NEW and expires_at <= now


def declaration_end(speciality: str, birth_date: date, start: date) -> date | None:
    """DOMAIN §3: a pediatrician's declaration of a minor ends the day before the 18th birthday; others have none.

    None also when a pediatrician's declaration would start on or after that day (the age rule refuses it).
    """
    if speciality != PEDIATRICIAN:
        return None
    last_day = birthday_in(birth_date, birth_date.year + ADULT_FROM_AGE) - timedelta(days=1)
    return last_day if start <= last_day else None


def term_over(status: str, end_date: date | None, today: date) -> bool:
    """A holding declaration whose end date has passed is closed."""
    return status in HOLDING_STATUSES and end_date is not None and end_date < today
