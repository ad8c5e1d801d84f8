"""The declaration rules of the registry sandbox, applied to the database session (DOMAIN §3).

The pure rules (age and speciality, limits, end dates, numbers) live in `backend.domain`; this module
applies them to the sandbox's tables: who may act, whether a doctor may take a declaration, how full a
doctor is, and the transitions time makes by itself (expiry, auto-activation, end of term), which are
applied lazily before any read or write so that moving the sandbox clock shows them at once.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, null, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.age import AccessLevel, age_on
from backend.domain.declarations import (
    CURRENT_DECLARATION_STATUSES,
    DeclarationStatus,
    RequestStatus,
    Speciality,
    free_places,
    speciality_allowed_for_age,
)
from backend.domain.declarations import OPEN_REQUEST_STATUSES as OPEN_REQUEST_STATUS_SET
from sandbox.registry.clock import Clock
from sandbox.registry.config import RegistrySettings
from sandbox.registry.declaration_placements import Placement, load_placement
from sandbox.registry.envelope import RegistryError
from sandbox.registry.models import Declaration, DeclarationRequest, Employee, Person
from sandbox.registry.person_view import person_access_level

# Statuses as the tables store them (the domain's enums are str, so they compare and bind as text).
ACTIVE = DeclarationStatus.ACTIVE
PENDING_VERIFICATION = DeclarationStatus.PENDING_VERIFICATION
TERMINATED = DeclarationStatus.TERMINATED
CLOSED = DeclarationStatus.CLOSED
REJECTED = DeclarationStatus.REJECTED
# The declarations that bind a patient to a doctor and count against the doctor's limit.
HOLDING_STATUSES = tuple(sorted(CURRENT_DECLARATION_STATUSES))
REQUEST_STATUSES = tuple(RequestStatus)
OPEN_REQUEST_STATUSES = tuple(sorted(OPEN_REQUEST_STATUS_SET))

# Reasons. eHealth documents manual_person, manual_employee, no_tax_id, offline, auto_reorganization,
# auto_employee_deactivate and auto_suspend_legal_entity; those marked (ours) name cases it does not spell out.
REASON_MANUAL_PERSON = "manual_person"
REASON_NO_TAX_ID = "no_tax_id"
REASON_PERSON_NOT_VERIFIED = "person_not_verified"  # (ours)
REASON_NEW_DECLARATION = "auto_new_declaration"  # (ours) replaced by the person's newly signed one
REASON_TERM_ENDED = "auto_expired"  # (ours) the end date passed (a pediatrician's patient turned 18)
REASON_EMPLOYEE_DEACTIVATE = "auto_employee_deactivate"
REQUEST_REASON_NEW_REQUEST = "auto_new_request"  # (ours) the person asked the same doctor again
REQUEST_REASON_EXPIRED = "auto_expired"  # (ours)
REQUEST_REASON_REJECTED = "manual_person"

DECLARATION_SPECIALITIES = frozenset(Speciality)
DECLARATION_LEGAL_ENTITY_TYPES = frozenset({"PRIMARY_CARE", "MSP"})


# --- transitions that time makes ---------------------------------------------------------------


async def apply_lazy_transitions(session: AsyncSession, clock: Clock, settings: RegistrySettings) -> None:
    """Expire unsigned requests, activate long-pending declarations, close declarations past their end.

    Call before reading or changing requests or declarations (the caller commits). Bulk UPDATEs on
    indexed status columns, so it stays cheap however many rows there are.
    """
    now = clock.now()
    await session.execute(
        update(DeclarationRequest)
        .where(DeclarationRequest.status == RequestStatus.NEW, DeclarationRequest.expires_at <= now)
        # The personal data of an unsigned request must not outlive it.
        .values(
            status=RequestStatus.EXPIRED, status_reason=REQUEST_REASON_EXPIRED, data_to_be_signed=null(), updated_at=now
        )
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Declaration)
        .where(
            Declaration.status == PENDING_VERIFICATION,
            Declaration.signed_at <= now - timedelta(days=settings.pending_verification_days),
        )
        .values(status=ACTIVE, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Declaration)
        .where(Declaration.status.in_(HOLDING_STATUSES), Declaration.end_date < now.date())
        .values(status=CLOSED, reason=REASON_TERM_ENDED, updated_at=now)
        .execution_options(synchronize_session=False)
    )


# --- who may act --------------------------------------------------------------------------------


def person_access(person: Person, today: date) -> AccessLevel:
    if person.birth_date > today:  # only a broken record or clock; never give access on it
        return AccessLevel.NONE
    return person_access_level(person, today)


def require_view(person: Person, today: date) -> None:
    """A person under 14 has no own access: a confidant person acts for the child."""
    if person_access(person, today) is AccessLevel.NONE:
        raise RegistryError("forbidden", "Person under 14 has no own access; a confidant person acts for the child")


def require_act(person: Person, today: date) -> None:
    """Submitting and ending declarations needs full access (adult, or 14–17 with confirmed capacity)."""
    level = person_access(person, today)
    if level is AccessLevel.NONE:
        raise RegistryError("forbidden", "Person under 14 has no own access; a confidant person acts for the child")
    if level is AccessLevel.READ_ONLY:
        raise RegistryError(
            "forbidden", "Person aged 14-17 without confirmed full civil capacity may only view declarations"
        )


# --- how full a doctor is ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DoctorLoad:
    """A doctor's (party's) declaration limit and how many declarations count against it."""

    party_id: str
    limit: int
    count: int

    @property
    def free(self) -> int:
        return free_places(self.limit, self.count)


async def doctor_loads(session: AsyncSession, party_ids: Collection[str]) -> dict[str, DoctorLoad]:
    """Limits and counts of many parties in three grouped queries.

    Counted over ALL the party's employee records: active and pending declarations, declarations of
    patients the sandbox does not model, and APPROVED requests. The limit is the smallest over the
    party's approved records (over all records if none is approved any more).
    """
    ids = set(party_ids)
    if not ids:
        return {}
    records = (
        await session.execute(
            select(
                Employee.party_id, Employee.status, Employee.declaration_limit, Employee.unmodelled_declarations
            ).where(Employee.party_id.in_(ids))
        )
    ).all()
    declared: dict[str, int] = {
        party_id: count
        for party_id, count in await session.execute(
            select(Employee.party_id, func.count(Declaration.id))
            .join(Employee, Employee.id == Declaration.employee_id)
            .where(Employee.party_id.in_(ids), Declaration.status.in_(HOLDING_STATUSES))
            .group_by(Employee.party_id)
        )
    }
    approved: dict[str, int] = {
        party_id: count
        for party_id, count in await session.execute(
            select(Employee.party_id, func.count(DeclarationRequest.id))
            .join(Employee, Employee.id == DeclarationRequest.employee_id)
            .where(Employee.party_id.in_(ids), DeclarationRequest.status == RequestStatus.APPROVED)
            .group_by(Employee.party_id)
        )
    }
    limits_all: dict[str, list[int]] = {}
    limits_approved: dict[str, list[int]] = {}
    unmodelled: dict[str, int] = {}
    for party_id, status, limit, extra in records:
        limits_all.setdefault(party_id, []).append(limit)
        if status == "APPROVED":
            limits_approved.setdefault(party_id, []).append(limit)
        unmodelled[party_id] = unmodelled.get(party_id, 0) + extra
    return {
        party_id: DoctorLoad(
            party_id=party_id,
            limit=min(limits_approved.get(party_id) or limits),
            count=unmodelled[party_id] + declared.get(party_id, 0) + approved.get(party_id, 0),
        )
        for party_id, limits in limits_all.items()
    }


async def doctor_load(session: AsyncSession, party_id: str) -> DoctorLoad:
    return (await doctor_loads(session, [party_id]))[party_id]


def require_free_place(load: DoctorLoad) -> None:
    if load.count >= load.limit:
        raise RegistryError("request_conflict", f"This doctor has {load.count} declarations and could not sign more")


# --- may this person sign with this doctor ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Eligibility:
    placement: Placement
    load: DoctorLoad


def _invalid(entry: str, description: str) -> RegistryError:
    return RegistryError.validation(entry, "invalid", description)


async def check_declaration_allowed(
    session: AsyncSession, person: Person, employee_id: str, division_id: str, today: date
) -> Eligibility:
    """Every rule a new declaration must pass, in eHealth's order; raises the matching RegistryError."""
    placement = await load_placement(session, employee_id)
    if placement is None:
        raise _invalid("$.employee_id", "Employee not found")
    employee, division, entity = placement.employee, placement.division, placement.legal_entity
    if employee.employee_type != "DOCTOR":
        raise _invalid("$.employee_id", "Employee must be a DOCTOR")
    if employee.status != "APPROVED":
        raise RegistryError("request_conflict", "Employee is not active")
    if employee.division_id != division_id:
        raise _invalid("$.division_id", "Employee does not work in this division")
    if division.status != "ACTIVE":
        raise RegistryError("request_conflict", "Division is not active")
    if entity.status != "ACTIVE":
        raise RegistryError("request_conflict", "Legal entity is not active")
    if entity.type not in DECLARATION_LEGAL_ENTITY_TYPES:
        raise RegistryError("request_conflict", "Legal entity does not provide primary care")
    if employee.speciality_officio not in DECLARATION_SPECIALITIES:
        raise _invalid("$.employee_id", "Employee speciality does not allow declarations")
    if not speciality_allowed_for_age(employee.speciality_officio, age_on(person.birth_date, today)):
        raise _invalid("$.employee_id", "Doctor speciality doesn't match patient's age")
    load = await doctor_load(session, employee.party_id)
    require_free_place(load)
    return Eligibility(placement=placement, load=load)


def pending_reason(person: Person) -> str | None:
    """Why a new declaration must wait for verification, or None when it is active at once."""
    if person.verification_status == "VERIFIED":
        return None
    return REASON_NO_TAX_ID if person.no_tax_id else REASON_PERSON_NOT_VERIFIED
