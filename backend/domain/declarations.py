"""Declaration rules: which doctor a patient may choose, limits, numbers, statuses, prechecks."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from backend.domain.age import ADULT_AGE, AccessLevel, access_level, adult_on, age_on
from backend.domain.verification import declaration_waits_for_verification


class Speciality(StrEnum):
    """Doctor specialities that may sign a declaration (eHealth `speciality_officio`)."""

    FAMILY_DOCTOR = "FAMILY_DOCTOR"
    THERAPIST = "THERAPIST"
    PEDIATRICIAN = "PEDIATRICIAN"


POSITION_BY_SPECIALITY: dict[Speciality, str] = {
    Speciality.FAMILY_DOCTOR: "P7",
    Speciality.PEDIATRICIAN: "P8",
    Speciality.THERAPIST: "P10",
}

SPECIALITY_BY_POSITION: dict[str, Speciality] = {
    position: speciality for speciality, position in POSITION_BY_SPECIALITY.items()
}


def speciality_of_position(position: str | None) -> Speciality | None:
    """The declaration speciality a position code stands for (DOMAIN §5: P7 family doctor, P8 pediatrician,
    P10 therapist); None for any other position. eHealth's short employee shapes (`Employee_Minimal`, in the
    declarations list) carry the position and no speciality."""
    return SPECIALITY_BY_POSITION.get((position or "").strip().upper())


DEFAULT_DECLARATION_LIMITS: dict[Speciality, int] = {
    Speciality.PEDIATRICIAN: 900,
    Speciality.THERAPIST: 2000,
    Speciality.FAMILY_DOCTOR: 1800,
}


class DeclarationStatus(StrEnum):
    ACTIVE = "active"
    PENDING_VERIFICATION = "pending_verification"  # signed; the registry checks the data, up to 30 days
    TERMINATED = "terminated"
    CLOSED = "closed"
    REJECTED = "rejected"


# A new declaration replaces these; they count as "the patient's doctor".
CURRENT_DECLARATION_STATUSES: frozenset[DeclarationStatus] = frozenset(
    {DeclarationStatus.ACTIVE, DeclarationStatus.PENDING_VERIFICATION}
)


class RequestStatus(StrEnum):
    NEW = "NEW"
    APPROVED = "APPROVED"
    SIGNED = "SIGNED"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"


OPEN_REQUEST_STATUSES: frozenset[RequestStatus] = frozenset({RequestStatus.NEW, RequestStatus.APPROVED})


def _as_speciality(speciality: Speciality | str) -> Speciality | None:
    try:
        return Speciality(speciality)
    except ValueError:
        return None


def speciality_allowed_for_age(speciality: Speciality | str, age: int) -> bool:
    """PEDIATRICIAN only under 18, THERAPIST only from 18, FAMILY_DOCTOR at any age."""
    match _as_speciality(speciality):
        case Speciality.PEDIATRICIAN:
            return age < ADULT_AGE
        case Speciality.THERAPIST:
            return age >= ADULT_AGE
        case Speciality.FAMILY_DOCTOR:
            return True
        case _:
            return False


def allowed_specialities(age: int) -> list[Speciality]:
    """The specialities a patient of this age may choose, in a stable order."""
    return [speciality for speciality in Speciality if speciality_allowed_for_age(speciality, age)]


def free_places(limit: int, count: int) -> int:
    """How many more declarations a doctor may sign (never negative: counts may exceed limits)."""
    return max(limit - count, 0)


def declaration_end_date(speciality: Speciality | str, birth_date: date, start_date: date) -> date | None:
    """A pediatrician's declaration ends the day before the 18th birthday; others have no end.

    Raises ValueError when a pediatrician's declaration would start on or after that birthday.
    """
    if _as_speciality(speciality) is not Speciality.PEDIATRICIAN:
        return None
    end = adult_on(birth_date) - timedelta(days=1)
    if start_date > end:
        raise ValueError("a pediatrician declaration cannot start once the patient is an adult")
    return end


# The statuses of a declaration that no longer binds the patient to the doctor.
ENDED_DECLARATION_STATUSES: frozenset[DeclarationStatus] = frozenset(
    {DeclarationStatus.TERMINATED, DeclarationStatus.CLOSED, DeclarationStatus.REJECTED}
)


def declaration_ended_on(status: str, end_date: date | None, status_changed_on: date | None) -> date | None:
    """The last day an ended declaration was in force, as the registry records it; None while it holds.

    eHealth keeps `end_date` as the term the declaration was signed for; a declaration terminated before
    it (ended by the patient, replaced by a newer one, ended with the doctor's dismissal) or rejected keeps
    that date, and the day it ended is the day its status changed (`updated_at`). A closed declaration ran
    to its end date.
    """
    if status not in ENDED_DECLARATION_STATUSES:
        return None
    if status == DeclarationStatus.CLOSED:
        return end_date or status_changed_on
    if status_changed_on is None:
        return end_date
    return min(status_changed_on, end_date) if end_date else status_changed_on


DECLARATION_NUMBER_ALPHABET = "0123456789AEHKMPTX"
_DECLARATION_NUMBER_GROUP = f"[{DECLARATION_NUMBER_ALPHABET}]{{4}}"
_DECLARATION_NUMBER_RE = re.compile(f"{_DECLARATION_NUMBER_GROUP}(-{_DECLARATION_NUMBER_GROUP}){{2}}")


def generate_declaration_number(rng: random.Random) -> str:
    """A declaration number `XXXX-XXXX-XXXX`; the caller passes the generator (seeded in tests)."""
    chars = "".join(rng.choice(DECLARATION_NUMBER_ALPHABET) for _ in range(12))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def is_declaration_number(s: str) -> bool:
    return isinstance(s, str) and _DECLARATION_NUMBER_RE.fullmatch(s) is not None


class PrecheckProblem(StrEnum):
    """Why a declaration cannot be submitted (blockers) or what the patient should know (warnings)."""

    NO_ACCESS = "NO_ACCESS"  # under 14: a parent or confidant submits for the child
    READ_ONLY = "READ_ONLY"  # 14–17 without confirmed full civil capacity
    SPECIALITY_AGE_MISMATCH = "SPECIALITY_AGE_MISMATCH"
    DOCTOR_NOT_AVAILABLE = "DOCTOR_NOT_AVAILABLE"  # employee not APPROVED or legal entity not ACTIVE
    ALREADY_YOUR_DOCTOR = "ALREADY_YOUR_DOCTOR"
    NO_FREE_PLACES = "NO_FREE_PLACES"
    WILL_REPLACE_CURRENT = "WILL_REPLACE_CURRENT"  # a warning: signing ends the current declaration
    DATA_NOT_VERIFIED = "DATA_NOT_VERIFIED"  # a warning: the declaration waits up to 30 days for verification


PRECHECK_WARNINGS: frozenset[PrecheckProblem] = frozenset(
    {PrecheckProblem.WILL_REPLACE_CURRENT, PrecheckProblem.DATA_NOT_VERIFIED}
)


@dataclass(frozen=True)
class PrecheckResult:
    blockers: tuple[PrecheckProblem, ...]
    warnings: tuple[PrecheckProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.blockers


def precheck_declaration(
    *,
    patient_birth_date: date,
    legal_capacity_confirmed: bool,
    today: date,
    doctor_speciality: str,
    doctor_employee_id: str,
    doctor_available: bool,
    free_places: int,
    current_declaration_employee_id: str | None,
    person_verification_status: str | None = None,
) -> PrecheckResult:
    """Check a declaration with a doctor before creating the request.

    Blockers come in the order a patient should hear about them: who they are first (access),
    then the doctor. Every applicable blocker is listed, not just the first. The person's verification
    status, when given (None: not read for this check), warns that the declaration will wait for it.
    """
    blockers: list[PrecheckProblem] = []
    level = access_level(patient_birth_date, legal_capacity_confirmed, today)
    if level == AccessLevel.NONE:
        blockers.append(PrecheckProblem.NO_ACCESS)
    elif level == AccessLevel.READ_ONLY:
        blockers.append(PrecheckProblem.READ_ONLY)
    if not speciality_allowed_for_age(doctor_speciality, age_on(patient_birth_date, today)):
        blockers.append(PrecheckProblem.SPECIALITY_AGE_MISMATCH)
    if not doctor_available:
        blockers.append(PrecheckProblem.DOCTOR_NOT_AVAILABLE)
    already_yours = current_declaration_employee_id == doctor_employee_id
    if already_yours:
        blockers.append(PrecheckProblem.ALREADY_YOUR_DOCTOR)
    elif free_places <= 0:
        blockers.append(PrecheckProblem.NO_FREE_PLACES)
    warnings: list[PrecheckProblem] = []
    if current_declaration_employee_id is not None and not already_yours:
        warnings.append(PrecheckProblem.WILL_REPLACE_CURRENT)
    if person_verification_status is not None and declaration_waits_for_verification(person_verification_status):
        warnings.append(PrecheckProblem.DATA_NOT_VERIFIED)
    return PrecheckResult(blockers=tuple(blockers), warnings=tuple(warnings))
