"""Demo and test controls for the medical record: a lab result comes in, a doctor writes a referral.

`POST /sandbox/persons/{person_id}/observations` adds a lab result or vital sign issued now (a LOINC code of
`GET /sandbox/observation_codes`, its unit and normal range from there); `POST /sandbox/persons/{person_id}/
service_requests` adds an active referral (a service of `GET /sandbox/services`) written at a visit now.
By the person's declaration doctor unless `employee_id` names another. Same guard as the other controls:
this machine only.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.controls.access import local_only
from sandbox.registry.core.deps import ClockDep, Session
from sandbox.registry.core.envelope import RegistryError, errors, ok
from sandbox.registry.core.models import MedicalRecord, Person
from sandbox.registry.medication.lifecycle import prescriber
from sandbox.registry.seeding import clinical
from sandbox.registry.seeding.medical_records import Chart
from sandbox.registry.summary import shapes
from sandbox.registry.summary.directory import clinicians
from sandbox.registry.summary.shapes import Clinician

router = APIRouter(
    prefix="/sandbox", tags=["sandbox controls"], dependencies=[Depends(local_only)], responses=errors(403)
)

PathKey = Annotated[str, Path(max_length=64)]
Uuid = Annotated[str | None, Field(max_length=64)]
_rng = random.SystemRandom()


class ObservationBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, Field(min_length=1, max_length=32)] = clinical.HBA1C.code  # see GET /sandbox/observation_codes
    value: Annotated[float, Field(ge=0, le=100_000, allow_inf_nan=False)] = 6.8
    employee_id: Uuid = None  # default: the person's declaration doctor
    comment: Annotated[str | None, Field(max_length=1000)] = None


class ServiceRequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    service: Annotated[str, Field(min_length=1, max_length=32)] = clinical.LIPID_PANEL.code  # GET /sandbox/services
    employee_id: Uuid = None  # default: the person's declaration doctor
    valid_days: Annotated[int, Field(ge=1, le=90)] = 30
    note: Annotated[str, Field(max_length=1000)] = "Планове обстеження"
    patient_instruction: Annotated[str, Field(max_length=1000)] = ""


async def _person(session: AsyncSession, person_id: str) -> Person:
    person = await session.get(Person, person_id)
    if person is None:
        raise RegistryError("not_found", "Person not found")
    return person


async def _doctor(session: AsyncSession, person: Person, employee_id: str | None) -> Clinician:
    employee = await prescriber(session, person, employee_id)
    return (await clinicians(session, [employee.id]))[employee.id]


def _chart(person: Person) -> Chart:
    return Chart(person.id, _rng, lambda: str(uuid.uuid4()))


@router.get("/observation_codes")
async def list_observation_codes(request: Request) -> JSONResponse:
    """The LOINC codes the observation control knows: their words, unit and normal range."""
    return ok(
        request,
        [
            {"code": m.code, "name": m.text, "category": m.category, "unit": m.unit, "low": m.low, "high": m.high}
            for m in clinical.MEASURES.values()
        ],
    )


@router.get("/services")
async def list_services(request: Request) -> JSONResponse:
    """The services a referral can ask for: code, id (the referral's `code` reference), name, category."""
    return ok(
        request,
        [{"code": s.code, "id": s.id, "name": s.name, "category": s.category} for s in clinical.SERVICES.values()],
    )


@router.post(
    "/persons/{person_id}/observations",
    status_code=201,
    responses={201: {"description": "The new observation (`Observation_Response`)."}, **errors(400, 404, 409, 422)},
)
async def add_observation(
    person_id: PathKey, request: Request, session: Session, clock: ClockDep, body: ObservationBody | None = None
) -> JSONResponse:
    """A lab result (or vital sign) issued now, by the person's doctor."""
    body = body or ObservationBody()
    person = await _person(session, person_id)
    measure = clinical.MEASURES.get(body.code)
    if measure is None:
        raise RegistryError.validation("$.code", "inclusion", "No such code (see GET /sandbox/observation_codes)")
    doctor = await _doctor(session, person, body.employee_id)
    now = clock.now().replace(microsecond=0)
    chart = _chart(person)
    chart.observation(
        measure,
        body.value,
        doctor,
        effective=now - timedelta(hours=3),
        issued=now,
        encounter_id=None,
        episode_id=None,
        comment=body.comment,
    )
    session.add_all(MedicalRecord(**row) for row in chart.rows)
    await session.commit()
    return ok(request, chart.rows[-1]["body"], status=201)


@router.post(
    "/persons/{person_id}/service_requests",
    status_code=201,
    responses={201: {"description": "The new active referral (`Service_Request_Show`)."}, **errors(400, 404, 409, 422)},
)
async def add_service_request(
    person_id: PathKey, request: Request, session: Session, clock: ClockDep, body: ServiceRequestBody | None = None
) -> JSONResponse:
    """The person's doctor writes a referral at a visit now (in the person's latest active episode, or a new one)."""
    body = body or ServiceRequestBody()
    person = await _person(session, person_id)
    service = clinical.SERVICES.get(body.service)
    if service is None:
        raise RegistryError.validation("$.service", "inclusion", "No such service (see GET /sandbox/services)")
    doctor = await _doctor(session, person, body.employee_id)
    now = clock.now().replace(microsecond=0)
    chart = _chart(person)
    episode_id = await session.scalar(
        select(MedicalRecord.id)
        .where(
            MedicalRecord.person_id == person.id,
            MedicalRecord.kind == shapes.EPISODE,
            MedicalRecord.status == "active",
        )
        .order_by(MedicalRecord.occurred_at.desc(), MedicalRecord.id)
        .limit(1)
    ) or chart.episode("Обстеження", now)
    visit = chart.encounter(episode_id, now, doctor)
    chart.referral(
        service,
        doctor,
        now,
        encounter_id=visit,
        episode_id=episode_id,
        reason_condition_id=None,
        valid_days=body.valid_days,
        note=body.note,
        patient_instruction=body.patient_instruction,
    )
    session.add_all(MedicalRecord(**row) for row in chart.rows)
    await session.commit()
    return ok(request, chart.rows[-1]["body"], status=201)
