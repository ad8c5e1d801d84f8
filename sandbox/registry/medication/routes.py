"""The cabinet's e-prescriptions ("Get medication request list via Cabinet", "Get Medication request by ID via
Cabinet", "Get Medication Dispenses List via Cabinet", "Get Medication Dispense by ID").

A person sees only their own prescriptions and dispenses: another person's id answers 404, as an unknown
one does, and never shows up in a list whatever the filters. Scopes are the sandbox's own (core/scopes.py).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.core import scopes
from sandbox.registry.core.deps import ClockDep, CurrentPrincipal, Session
from sandbox.registry.core.envelope import PageQuery, RegistryError, errors, ok
from sandbox.registry.core.models import MedicationDispense, MedicationRequest, Person
from sandbox.registry.medication import lifecycle
from sandbox.registry.persons.view import require_view

router = APIRouter(tags=["Cabinet e-prescriptions"])

RequestStatus = Literal["ACTIVE", "COMPLETED", "EXPIRED", "REJECTED"]
DispenseStatus = Literal["NEW", "PROCESSED", "REJECTED", "EXPIRED"]
Intent = Literal["order", "plan"]
Text = Annotated[str | None, Query(max_length=64)]
PathKey = Annotated[str, Path(max_length=64)]


async def own_request(session: AsyncSession, person: Person, key: str) -> MedicationRequest:
    """The person's prescription by id or request number; 404 for an unknown one and for another person's."""
    found = await session.scalar(
        select(MedicationRequest).where(
            MedicationRequest.person_id == person.id,
            or_(MedicationRequest.id == key.lower(), MedicationRequest.request_number == key.upper()),
        )
    )
    if found is None:
        raise RegistryError("not_found", "Medication request not found")
    return found


def _between(column: Any, since: date | None, until: date | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column <= until)
    return conditions


@router.get("/api/cabinet/medication_requests", responses=errors(401, 403, 422))
async def list_medication_requests(
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
    paging: PageQuery,
    status: RequestStatus = "ACTIVE",  # the Blueprint's default (rules.medication.DEFAULT_LIST_STATUS)
    request_number: Text = None,
    created_from: date | None = None,
    created_to: date | None = None,
    medication_id: uuid.UUID | None = None,
    intent: Intent | None = None,
    encounter_id: uuid.UUID | None = None,
    legal_entity_id: uuid.UUID | None = None,
    employee_id: uuid.UUID | None = None,
    person_id: uuid.UUID | None = None,
) -> JSONResponse:
    principal.require(scopes.MEDICATION_REQUEST_READ)
    person = principal.person
    require_view(person, clock.today())
    await lifecycle.apply_lazy_transitions(session, clock)
    await session.commit()
    conditions: list[ColumnElement[bool]] = [
        MedicationRequest.person_id == person.id,
        MedicationRequest.status == status,
    ]
    for column, value in (
        (MedicationRequest.innm_dosage_id, medication_id),
        (MedicationRequest.encounter_id, encounter_id),
        (MedicationRequest.legal_entity_id, legal_entity_id),
        (MedicationRequest.employee_id, employee_id),
        (MedicationRequest.person_id, person_id),
    ):
        if value is not None:
            conditions.append(column == str(value))
    if request_number:
        conditions.append(MedicationRequest.request_number == request_number.upper())
    if intent:
        conditions.append(MedicationRequest.intent == intent)
    conditions += _between(MedicationRequest.created_at, created_from, created_to)
    total = await session.scalar(select(func.count()).select_from(MedicationRequest).where(*conditions)) or 0
    rows = (
        await session.scalars(
            select(MedicationRequest)
            .where(*conditions)
            .order_by(MedicationRequest.created_at.desc(), MedicationRequest.inserted_at.desc(), MedicationRequest.id)
            .offset(paging.offset)
            .limit(paging.page_size)
        )
    ).all()
    return ok(request, await lifecycle.requests_json(session, rows), paging=paging.paging(total))


@router.get("/api/cabinet/medication_requests/{id}", responses=errors(401, 403, 404, 422))
async def get_medication_request(
    id: PathKey,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
) -> JSONResponse:
    principal.require(scopes.MEDICATION_REQUEST_READ)
    require_view(principal.person, clock.today())
    await lifecycle.apply_lazy_transitions(session, clock)
    await session.commit()
    found = await own_request(session, principal.person, id)
    (data,) = await lifecycle.requests_json(session, [found])
    return ok(request, {**data, "verification_code": found.verification_code})


@router.get("/api/cabinet/medication_dispenses", responses=errors(401, 403, 422))
async def list_medication_dispenses(
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
    paging: PageQuery,
    id: uuid.UUID | None = None,
    medication_request_id: uuid.UUID | None = None,
    legal_entity_id: uuid.UUID | None = None,
    division_id: uuid.UUID | None = None,
    status: DispenseStatus | None = None,
    dispensed_from: date | None = None,
    dispensed_to: date | None = None,
) -> JSONResponse:
    principal.require(scopes.MEDICATION_DISPENSE_READ)
    person = principal.person
    require_view(person, clock.today())
    await lifecycle.apply_lazy_transitions(session, clock)
    await session.commit()
    conditions: list[ColumnElement[bool]] = [MedicationDispense.person_id == person.id]
    for column, value in (
        (MedicationDispense.id, id),
        (MedicationDispense.medication_request_id, medication_request_id),
        (MedicationDispense.pharmacy_id, legal_entity_id),
        (MedicationDispense.division_id, division_id),
    ):
        if value is not None:
            conditions.append(column == str(value))
    if status:
        conditions.append(MedicationDispense.status == status)
    conditions += _between(MedicationDispense.dispensed_at, dispensed_from, dispensed_to)
    total = await session.scalar(select(func.count()).select_from(MedicationDispense).where(*conditions)) or 0
    rows = (
        await session.scalars(
            select(MedicationDispense)
            .where(*conditions)
            .order_by(
                MedicationDispense.dispensed_at.desc(), MedicationDispense.inserted_at.desc(), MedicationDispense.id
            )
            .offset(paging.offset)
            .limit(paging.page_size)
        )
    ).all()
    return ok(request, await lifecycle.dispenses_json(session, rows), paging=paging.paging(total))


@router.get("/api/cabinet/medication_dispenses/{id}", responses=errors(401, 403, 404, 422))
async def get_medication_dispense(
    id: PathKey,
    request: Request,
    session: Session,
    clock: ClockDep,
    principal: CurrentPrincipal,
) -> JSONResponse:
    principal.require(scopes.MEDICATION_DISPENSE_READ)
    require_view(principal.person, clock.today())
    await lifecycle.apply_lazy_transitions(session, clock)
    await session.commit()
    found = await session.scalar(
        select(MedicationDispense).where(
            MedicationDispense.person_id == principal.person.id, MedicationDispense.id == id.lower()
        )
    )
    if found is None:
        raise RegistryError("not_found", "Medication dispense not found")
    (data,) = await lifecycle.dispenses_json(session, [found])
    return ok(request, data)
