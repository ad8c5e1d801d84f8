"""Demo and test controls for e-prescriptions: what the doctor and the pharmacy do on their side.

A doctor issues a prescription (a medicine from the sandbox's catalogue by its key) or rejects one, a pharmacy
dispenses it in full or in part (a PROCESSED dispense; in full, the prescription is COMPLETED), and a
prescription's dispense window can be closed (EXPIRED) — or move the sandbox clock (`/sandbox/clock/advance`)
past its `dispense_valid_to`. Same guard as the other controls: this machine only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.controls.access import local_only
from sandbox.registry.core.deps import ClockDep, Session
from sandbox.registry.core.envelope import RegistryError, errors, ok
from sandbox.registry.core.models import InnmDosage, Medication, MedicationRequest, Person
from sandbox.registry.medication import lifecycle
from sandbox.registry.rules import medication as rule
from sandbox.registry.seeding.medicines import DEFAULT_MEDICINE

router = APIRouter(
    prefix="/sandbox", tags=["sandbox controls"], dependencies=[Depends(local_only)], responses=errors(403)
)

PathKey = Annotated[str, Path(max_length=64)]
Uuid = Annotated[str | None, Field(max_length=64)]


class IssueBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    medicine: Annotated[str, Field(min_length=1, max_length=64)] = DEFAULT_MEDICINE  # a key of GET /sandbox/medicines
    employee_id: Uuid = None  # default: the person's declaration doctor
    medication_qty: Annotated[float | None, Field(gt=0, le=10_000, allow_inf_nan=False)] = None
    valid_days: Annotated[int, Field(ge=1, le=90)] = rule.DISPENSE_WINDOW_DAYS


class DispenseBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    medication_qty: Annotated[float | None, Field(gt=0, le=10_000, allow_inf_nan=False)] = None  # default: all left
    medication_id: Uuid = None  # the brand (default: the first of the medicine's brands)
    pharmacy_division_id: Uuid = None


class RejectBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reject_reason_code: Annotated[str, Field(min_length=1, max_length=64)] = "PATIENT_REJECT"
    reject_reason: Annotated[str | None, Field(max_length=3000)] = None


async def _request(session: AsyncSession, key: str) -> MedicationRequest:
    found = await session.scalar(
        select(MedicationRequest).where(
            or_(MedicationRequest.id == key.lower(), MedicationRequest.request_number == key.upper())
        )
    )
    if found is None:
        raise RegistryError("not_found", "Medication request not found")
    return found


async def _detail(request: Request, session: AsyncSession, found: MedicationRequest, status: int = 200) -> JSONResponse:
    (data,) = await lifecycle.requests_json(session, [found])
    return ok(request, {**data, "verification_code": found.verification_code}, status=status)


@router.get("/medicines")
async def list_medicines(request: Request, session: Session) -> JSONResponse:
    """The catalogue the issue control prescribes from: each medicine's key, name and brands."""
    innms = (await session.scalars(select(InnmDosage).order_by(InnmDosage.key))).all()
    brands = (await session.scalars(select(Medication).order_by(Medication.name))).all()
    return ok(
        request,
        [
            {
                "key": innm.key,
                "medication_id": innm.id,
                "name": innm.name,
                "form": innm.form,
                "medication_qty": innm.default_qty,
                "brands": [{"id": b.id, "name": b.name} for b in brands if b.innm_dosage_id == innm.id],
            }
            for innm in innms
        ],
    )


@router.post(
    "/persons/{person_id}/medication_requests",
    status_code=201,
    responses={
        201: {"description": "The new ACTIVE prescription, with its verification code."},
        **errors(400, 404, 409, 422),
    },
)
async def issue_medication_request(
    person_id: PathKey, request: Request, session: Session, clock: ClockDep, body: IssueBody | None = None
) -> JSONResponse:
    """The person's doctor issues a prescription (ACTIVE from today)."""
    body = body or IssueBody()
    person = await session.get(Person, person_id)
    if person is None:
        raise RegistryError("not_found", "Person not found")
    innm = await session.scalar(select(InnmDosage).where(InnmDosage.key == body.medicine))
    if innm is None:
        raise RegistryError.validation(
            "$.medicine", "inclusion", "No medicine with this key (see GET /sandbox/medicines)"
        )
    employee = await lifecycle.prescriber(session, person, body.employee_id)
    created = await lifecycle.issue(
        session, clock, person, innm, employee, qty=body.medication_qty, valid_days=body.valid_days
    )
    await session.commit()
    return await _detail(request, session, created, status=201)


@router.post(
    "/medication_requests/{request_id}/dispense",
    status_code=201,
    responses={201: {"description": "The PROCESSED dispense."}, **errors(400, 404, 409, 422)},
)
async def dispense_medication_request(
    request_id: PathKey, request: Request, session: Session, clock: ClockDep, body: DispenseBody | None = None
) -> JSONResponse:
    """A pharmacy dispenses the prescription, all that is left or `medication_qty` of it."""
    body = body or DispenseBody()
    await lifecycle.apply_lazy_transitions(session, clock)
    found = await _request(session, request_id)
    record = await lifecycle.dispense(
        session,
        clock,
        found,
        qty=body.medication_qty,
        medication_id=body.medication_id,
        pharmacy_division_id=body.pharmacy_division_id,
    )
    await session.commit()
    (data,) = await lifecycle.dispenses_json(session, [record])
    return ok(request, data, status=201)


@router.post("/medication_requests/{request_id}/reject", responses=errors(400, 404, 409, 422))
async def reject_medication_request(
    request_id: PathKey, request: Request, session: Session, clock: ClockDep, body: RejectBody | None = None
) -> JSONResponse:
    """The doctor rejects an ACTIVE prescription."""
    body = body or RejectBody()
    await lifecycle.apply_lazy_transitions(session, clock)
    found = await _request(session, request_id)
    lifecycle.reject(found, clock, code=body.reject_reason_code, reason=body.reject_reason)
    await session.commit()
    return await _detail(request, session, found)


@router.post("/medication_requests/{request_id}/expire", responses=errors(404, 409, 422))
async def expire_medication_request(
    request_id: PathKey, request: Request, session: Session, clock: ClockDep
) -> JSONResponse:
    """Close an ACTIVE prescription's dispense window yesterday: it is EXPIRED."""
    await lifecycle.apply_lazy_transitions(session, clock)
    found = await _request(session, request_id)
    lifecycle.expire(found, clock)
    await session.commit()
    return await _detail(request, session, found)


@router.get("/persons/{person_id}/medication_requests", responses=errors(404, 422))
async def person_medication_requests(
    person_id: PathKey, request: Request, session: Session, clock: ClockDep
) -> JSONResponse:
    """Every prescription of a person, newest first, with its verification code, for the demo page."""
    await lifecycle.apply_lazy_transitions(session, clock)
    await session.commit()
    person = await session.get(Person, person_id)
    if person is None:
        raise RegistryError("not_found", "Person not found")
    found = (
        await session.scalars(
            select(MedicationRequest)
            .where(MedicationRequest.person_id == person.id)
            .order_by(MedicationRequest.created_at.desc(), MedicationRequest.inserted_at.desc(), MedicationRequest.id)
        )
    ).all()
    rendered = await lifecycle.requests_json(session, found)
    return ok(
        request, [{**data, "verification_code": r.verification_code} for data, r in zip(rendered, found, strict=True)]
    )
