"""The declaration rules of the registry sandbox, applied to its tables (DOMAIN §3).

The rules themselves are pure functions in `sandbox.registry.rules`; this module applies them to the
database session: whether a doctor may take a declaration, how full a doctor is, and the transitions
time makes by itself (expiry, auto-activation, end of term), which are applied lazily before any read
or write so that moving the sandbox clock shows them at once.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import exists, func, null, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.clock import Clock, ukrainian_date
from sandbox.registry.core.envelope import RegistryError
from sandbox.registry.core.models import Declaration, DeclarationRequest, Employee, Person
from sandbox.registry.declarations.placements import Placement, load_placement
from sandbox.registry.persons.view import require_act, require_view
from sandbox.registry.rules import declarations as rule
from sandbox.registry.rules.access import full_years

__all__ = [
    "DoctorLoad",
    "Eligibility",
    "apply_lazy_transitions",
    "check_declaration_allowed",
    "doctor_load",
    "doctor_loads",
    "pending_state",
    "require_act",
    "require_free_place",
    "require_view",
]


# --- transitions that time makes ---------------------------------------------------------------


async def apply_lazy_transitions(session: AsyncSession, clock: Clock, settings: RegistrySettings) -> None:
    """Expire unsigned requests, activate long-pending declarations, close declarations past their end.

    Call before reading or changing requests or declarations (the caller commits). Bulk UPDATEs on
    indexed status columns, so it stays cheap however many rows there are.
    """
    now = clock.now()
    expired = (DeclarationRequest.status == rule.NEW, DeclarationRequest.expires_at <= now)
    verified = (
        Declaration.status == rule.PENDING_VERIFICATION,
        Declaration.signed_at <= now - timedelta(days=settings.pending_verification_days),
    )
    ended = (Declaration.status.in_(rule.HOLDING_STATUSES), Declaration.end_date < ukrainian_date(now))
    # Usually nothing is due: one look over the same indexes instead of three UPDATEs (each opening a write
    # transaction) cut this from 3.9 to 1.9 ms a page of the portal's doctor walk. A declaration activated
    # below is a holding one already, so `ended` looked at before it sees the same rows as after.
    due = await session.execute(
        select(
            exists().where(*expired),
            exists().where(*verified),
            exists().where(*ended),
        )
    )
    any_expired, any_verified, any_ended = due.one()
    if any_expired:
        await session.execute(
            update(DeclarationRequest)
            .where(*expired)
            # The personal data of an unsigned request must not outlive it.
            .values(
                status=rule.EXPIRED, status_reason=rule.REQUEST_REASON_EXPIRED, data_to_be_signed=null(), updated_at=now
            )
            .execution_options(synchronize_session=False)
        )
    if any_verified:
        await session.execute(
            update(Declaration)
            .where(*verified)
            .values(status=rule.ACTIVE, updated_at=now)
            .execution_options(synchronize_session=False)
        )
    if any_ended:
        await session.execute(
            update(Declaration)
            .where(*ended)
            .values(status=rule.CLOSED, reason=rule.REASON_TERM_ENDED, updated_at=now)
            .execution_options(synchronize_session=False)
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
        return rule.places_left(self.limit, self.count)


async def doctor_loads(session: AsyncSession, party_ids: Collection[str]) -> dict[str, DoctorLoad]:
    """Limits and counts of many parties in one query (a page of 2,000 parties paid three round trips and three
    lists of 2,000 ids for it).

    Counted over ALL the party's employee records: active and pending declarations, declarations of
    patients the sandbox does not model, and APPROVED requests. The limit is the smallest over the
    party's approved records (over all records if none is approved any more).
    """
    ids = set(party_ids)
    if not ids:
        return {}
    declared = (
        select(func.count(Declaration.id))
        .where(Declaration.employee_id == Employee.id, Declaration.status.in_(rule.HOLDING_STATUSES))
        .scalar_subquery()
    )
    approved = (
        select(func.count(DeclarationRequest.id))
        .where(DeclarationRequest.employee_id == Employee.id, DeclarationRequest.status == rule.APPROVED)
        .scalar_subquery()
    )
    records = await session.execute(
        select(
            Employee.party_id,
            Employee.status,
            Employee.declaration_limit,
            Employee.unmodelled_declarations,
            declared,
            approved,
        ).where(Employee.party_id.in_(ids))
    )
    limits_all: dict[str, list[int]] = {}
    limits_approved: dict[str, list[int]] = {}
    counted: dict[str, list[int]] = {}  # unmodelled, declared, approved requests: summed over the party's records
    for party_id, status, limit, extra, holding, requested in records:
        limits_all.setdefault(party_id, []).append(limit)
        if status == "APPROVED":
            limits_approved.setdefault(party_id, []).append(limit)
        sums = counted.setdefault(party_id, [0, 0, 0])
        sums[0] += extra
        sums[1] += holding
        sums[2] += requested
    return {
        party_id: DoctorLoad(
            party_id=party_id,
            limit=rule.party_limit(limits_approved.get(party_id, []), limits),
            count=counted[party_id][0] + rule.party_count(counted[party_id][1], counted[party_id][2]),
        )
        for party_id, limits in limits_all.items()
    }


async def doctor_load(session: AsyncSession, party_id: str) -> DoctorLoad:
    return (await doctor_loads(session, [party_id]))[party_id]


def require_free_place(load: DoctorLoad) -> None:
    # ehealth-pis.apib, "Approve Declaration Request V3": 422 `request_malformed`, "This doctor has X
    # declarations and could not sign more".
    if not rule.has_free_place(load.limit, load.count):
        raise RegistryError("request_malformed", rule.over_limit_message(load.count), status=422)


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
    if entity.type not in rule.PRIMARY_CARE_ENTITY_TYPES:
        raise RegistryError("request_conflict", "Legal entity does not provide primary care")
    if employee.speciality_officio not in rule.DECLARATION_SPECIALITIES:
        raise _invalid("$.employee_id", "Employee speciality does not allow declarations")
    if not rule.speciality_fits_age(employee.speciality_officio, full_years(person.birth_date, today)):
        raise _invalid("$.employee_id", rule.SPECIALITY_AGE_MISMATCH)
    load = await doctor_load(session, employee.party_id)
    require_free_place(load)
    return Eligibility(placement=placement, load=load)


def pending_state(person: Person) -> tuple[str, str | None]:
    """The status and reason of the declaration this person signs now (DOMAIN §3: verification)."""
    return rule.new_declaration_state(person.verification_status, person.no_tax_id)
