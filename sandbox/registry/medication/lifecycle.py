"""The e-prescription rules (`sandbox.registry.rules.medication`) applied to the tables: expiry that time
makes (applied lazily before every read or change, so moving the sandbox clock shows it at once), issuing,
dispensing and rejecting, and loading rows with everything their shapes show.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.core.clock import Clock, ukrainian_date
from sandbox.registry.core.envelope import RegistryError
from sandbox.registry.core.models import (
    Declaration,
    Employee,
    InnmDosage,
    LegalEntity,
    MedicalProgram,
    Medication,
    MedicationDispense,
    MedicationDispenseDetail,
    MedicationRequest,
    Person,
    Pharmacy,
    PharmacyDivision,
)
from sandbox.registry.declarations.placements import load_placements
from sandbox.registry.medication import shapes
from sandbox.registry.rules import medication as rule
from sandbox.registry.rules.numbers import new_medication_request_number, new_verification_code

JsonDict = shapes.JsonDict


async def apply_lazy_transitions(session: AsyncSession, clock: Clock) -> None:
    """ACTIVE requests past their dispense window become EXPIRED (the caller commits)."""
    today = clock.today()
    await session.execute(
        update(MedicationRequest)
        .where(MedicationRequest.status == rule.ACTIVE, MedicationRequest.dispense_valid_to < today)
        .values(status=rule.EXPIRED, updated_at=clock.now())
        .execution_options(synchronize_session=False)
    )


# --- rendering ----------------------------------------------------------------------------------


async def requests_json(
    session: AsyncSession, requests: Sequence[MedicationRequest], *, full_program: bool = False
) -> list[JsonDict]:
    """Each request in its Blueprint shape, loading its doctor, person, medicine and programme in a few queries."""
    if not requests:
        return []
    placements = await load_placements(session, {r.employee_id for r in requests})
    persons = {
        p.id: p for p in await session.scalars(select(Person).where(Person.id.in_({r.person_id for r in requests})))
    }
    innms = {
        i.id: i
        for i in await session.scalars(
            select(InnmDosage).where(InnmDosage.id.in_({r.innm_dosage_id for r in requests}))
        )
    }
    programs = {
        p.id: p
        for p in await session.scalars(
            select(MedicalProgram).where(MedicalProgram.id.in_({r.medical_program_id for r in requests}))
        )
    }
    return [
        shapes.medication_request(
            r,
            persons[r.person_id],
            placements[r.employee_id],
            innms[r.innm_dosage_id],
            programs[r.medical_program_id],
            full_program=full_program,
        )
        for r in requests
    ]


async def dispenses_json(session: AsyncSession, dispenses: Sequence[MedicationDispense]) -> list[JsonDict]:
    if not dispenses:
        return []
    request_ids = {d.medication_request_id for d in dispenses}
    requests = list(await session.scalars(select(MedicationRequest).where(MedicationRequest.id.in_(request_ids))))
    rendered = dict(
        zip([r.id for r in requests], await requests_json(session, requests, full_program=True), strict=True)
    )
    pharmacies = {
        p.id: p
        for p in await session.scalars(select(Pharmacy).where(Pharmacy.id.in_({d.pharmacy_id for d in dispenses})))
    }
    divisions = {
        d.id: d
        for d in await session.scalars(
            select(PharmacyDivision).where(PharmacyDivision.id.in_({d.division_id for d in dispenses}))
        )
    }
    programs = {
        p.id: p
        for p in await session.scalars(
            select(MedicalProgram).where(MedicalProgram.id.in_({d.medical_program_id for d in dispenses}))
        )
    }
    lines: dict[str, list[tuple[MedicationDispenseDetail, Medication]]] = {d.id: [] for d in dispenses}
    for detail, medication in await session.execute(
        select(MedicationDispenseDetail, Medication)
        .join(Medication, Medication.id == MedicationDispenseDetail.medication_id)
        .where(MedicationDispenseDetail.dispense_id.in_(set(lines)))
        .order_by(MedicationDispenseDetail.position)
    ):
        lines[detail.dispense_id].append((detail, medication))
    return [
        shapes.medication_dispense(
            d,
            rendered[d.medication_request_id],
            pharmacies[d.pharmacy_id],
            divisions[d.division_id],
            programs[d.medical_program_id],
            lines[d.id],
        )
        for d in dispenses
    ]


# --- what a doctor and a pharmacy do --------------------------------------------------------------


async def prescriber(session: AsyncSession, person: Person, employee_id: str | None) -> Employee:
    """The doctor who prescribes: the one named, else the person's declaration doctor, else any approved doctor."""
    if employee_id:
        employee = await session.get(Employee, employee_id)
        if employee is None:
            raise RegistryError.validation("$.employee_id", "invalid", "Employee not found")
        return employee
    declared = await session.scalar(
        select(Employee)
        .join(Declaration, Declaration.employee_id == Employee.id)
        .where(Declaration.person_id == person.id, Declaration.status == "active")
        .limit(1)
    )
    if declared is not None:
        return declared
    employee = await session.scalar(
        select(Employee)
        .join(LegalEntity, LegalEntity.id == Employee.legal_entity_id)
        .where(Employee.status == "APPROVED", Employee.employee_type == "DOCTOR", LegalEntity.status == "ACTIVE")
        .order_by(Employee.id)
        .limit(1)
    )
    if employee is None:
        raise RegistryError("request_conflict", "No doctor to prescribe")
    return employee


async def issue(
    session: AsyncSession,
    clock: Clock,
    person: Person,
    innm: InnmDosage,
    employee: Employee,
    *,
    qty: float | None = None,
    valid_days: int = rule.DISPENSE_WINDOW_DAYS,
) -> MedicationRequest:
    """A new ACTIVE prescription from today, its dispense window `valid_days` long."""
    now = clock.now()
    today = ukrainian_date(now)
    rng = random.SystemRandom()
    number = new_medication_request_number(rng)
    while await session.scalar(select(func.count()).where(MedicationRequest.request_number == number)):
        number = new_medication_request_number(rng)
    request = MedicationRequest(
        id=str(uuid.uuid4()),
        request_number=number,
        verification_code=new_verification_code(rng),
        person_id=person.id,
        employee_id=employee.id,
        division_id=employee.division_id,
        legal_entity_id=employee.legal_entity_id,
        innm_dosage_id=innm.id,
        medical_program_id=innm.medical_program_id,
        medication_qty=qty if qty is not None else innm.default_qty,
        status=rule.ACTIVE,
        intent="order",
        category="community",
        encounter_id=str(uuid.uuid4()),
        dosage_instruction=innm.default_dosage_instruction,
        created_at=today,
        started_at=today,
        ended_at=today + timedelta(days=innm.treatment_days - 1),
        dispense_valid_from=today,
        dispense_valid_to=rule.dispense_valid_to(today, valid_days),
        inserted_at=now,
        updated_at=now,
    )
    session.add(request)
    return request


async def dispensed_so_far(session: AsyncSession, request: MedicationRequest) -> float:
    rows = await session.execute(
        select(MedicationDispense.status, MedicationDispenseDetail.medication_qty)
        .join(MedicationDispenseDetail, MedicationDispenseDetail.dispense_id == MedicationDispense.id)
        .where(MedicationDispense.medication_request_id == request.id)
    )
    return rule.dispensed_quantity((status, qty) for status, qty in rows)


async def dispense(
    session: AsyncSession,
    clock: Clock,
    request: MedicationRequest,
    *,
    qty: float | None,
    medication_id: str | None,
    pharmacy_division_id: str | None,
) -> MedicationDispense:
    """A PROCESSED dispense of `qty` (default: all that remains); the request is COMPLETED when nothing remains."""
    now = clock.now()
    remaining = rule.remaining_quantity(request.medication_qty, await dispensed_so_far(session, request))
    amount = remaining if qty is None else qty
    refusal = rule.dispense_refusal(
        request.status, request.dispense_valid_from, request.dispense_valid_to, ukrainian_date(now), remaining, amount
    )
    if refusal:
        raise RegistryError("request_conflict", refusal)
    query = select(Medication).where(Medication.innm_dosage_id == request.innm_dosage_id)
    medication = await session.scalar(
        query.where(Medication.id == medication_id) if medication_id else query.order_by(Medication.name).limit(1)
    )
    if medication is None:
        raise RegistryError.validation("$.medication_id", "invalid", "No such brand of the prescribed medicine")
    division = await session.scalar(
        select(PharmacyDivision).where(PharmacyDivision.id == pharmacy_division_id)
        if pharmacy_division_id
        else select(PharmacyDivision).order_by(PharmacyDivision.id).limit(1)
    )
    if division is None:
        raise RegistryError.validation("$.pharmacy_division_id", "invalid", "Pharmacy division not found")
    money = rule.line_amounts(amount, medication.sell_price, medication.reimbursement_per_unit)
    record = MedicationDispense(
        id=str(uuid.uuid4()),
        medication_request_id=request.id,
        person_id=request.person_id,
        pharmacy_id=division.pharmacy_id,
        division_id=division.id,
        medical_program_id=request.medical_program_id,
        status=rule.DISPENSE_PROCESSED,
        dispensed_at=ukrainian_date(now),
        dispensed_by=None,
        payment_id=str(random.SystemRandom().randrange(1_000_000, 9_999_999)),
        payment_amount=money.payment_amount,
        note=None,
        inserted_at=now,
        inserted_by=division.pharmacist["id"],
        updated_at=now,
        updated_by=division.pharmacist["id"],
    )
    session.add(record)
    session.add(
        MedicationDispenseDetail(
            id=str(uuid.uuid4()),
            dispense_id=record.id,
            position=0,
            medication_id=medication.id,
            medication_qty=amount,
            sell_price=medication.sell_price,
            sell_amount=money.sell_amount,
            discount_amount=money.discount_amount,
            reimbursement_amount=money.reimbursement_amount,
        )
    )
    request.status = rule.status_after_dispense(request.medication_qty, request.medication_qty - remaining + amount)
    request.updated_at = now
    return record


def reject(request: MedicationRequest, clock: Clock, *, code: str, reason: str | None) -> None:
    """The doctor rejects an ACTIVE prescription (REJECTED, with the reason)."""
    if request.status != rule.ACTIVE:
        raise RegistryError("request_conflict", f"Medication request is {request.status} and cannot be rejected")
    now = clock.now()
    request.status = rule.REJECTED
    request.rejected_at = ukrainian_date(now)
    request.rejected_by = request.employee_id
    request.reject_reason_code = code
    request.reject_reason = reason
    request.updated_at = now


def expire(request: MedicationRequest, clock: Clock) -> None:
    """Close an ACTIVE prescription's dispense window yesterday: it is EXPIRED from today."""
    if request.status != rule.ACTIVE:
        raise RegistryError("request_conflict", f"Medication request is {request.status} and cannot be expired")
    today = clock.today()
    yesterday = today - timedelta(days=1)
    request.dispense_valid_to = yesterday
    # A prescription issued today gets a one-day window yesterday, so the dates stay ordered.
    request.dispense_valid_from = min(request.dispense_valid_from, yesterday)
    request.created_at = min(request.created_at, yesterday)
    request.started_at = min(request.started_at, yesterday)
    request.ended_at = max(request.ended_at, request.started_at)
    request.status = rule.status_on(request.status, request.dispense_valid_to, today)
    request.updated_at = clock.now()
