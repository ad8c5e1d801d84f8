"""Demo and test controls for declarations: what the registry and the clinic do on their side.

They make every declaration notification happen on demand: the registry verifies or rejects a
pending declaration, the clinic ends one (the doctor dismissed, the clinic reorganised), and a demo
page lists a person's declarations and requests. Same guard as the other controls: this machine only.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.controls.access import local_only
from sandbox.registry.core.clock import ukrainian_date
from sandbox.registry.core.deps import ClockDep, Session, SettingsDep
from sandbox.registry.core.envelope import RegistryError, errors, ok
from sandbox.registry.core.models import Declaration, DeclarationRequest, Employee, Person
from sandbox.registry.declarations import lifecycle
from sandbox.registry.declarations.placements import canonical_id, load_placements
from sandbox.registry.declarations.shapes import declaration_list_item, request_list_item
from sandbox.registry.rules import declarations as rule

router = APIRouter(
    prefix="/sandbox", tags=["sandbox controls"], dependencies=[Depends(local_only)], responses=errors(403)
)

PersonId = Annotated[str, Path(max_length=64)]
Description = Annotated[str | None, Field(max_length=3000)]
ClinicReason = Literal[
    "auto_employee_deactivate", "auto_reorganization", "manual_employee", "auto_suspend_legal_entity"
]


class RejectBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, Field(min_length=1, max_length=64)] = "manual_nhs"  # (ours) the registry said no
    reason_description: Description = None


class TerminateBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: ClinicReason
    reason_description: Description = None


async def _declaration(session: AsyncSession, declaration_id: str) -> Declaration:
    key = canonical_id(declaration_id)
    declaration = await session.get(Declaration, key) if key else None
    if declaration is None:
        raise RegistryError("not_found", "Declaration not found")
    return declaration


async def _person(session: AsyncSession, person_id: str) -> Person:
    person = await session.get(Person, person_id)
    if person is None:
        raise RegistryError("not_found", "Person not found")
    return person


def _conflict(declaration: Declaration, action: str) -> RegistryError:
    return RegistryError("request_conflict", f"Declaration is {declaration.status} and cannot be {action}")


async def _answer(request: Request, session: AsyncSession, declaration: Declaration) -> JSONResponse:
    person = await _person(session, declaration.person_id)
    placements = await load_placements(session, [declaration.employee_id])
    return ok(request, declaration_list_item(declaration, person, placements[declaration.employee_id]))


@router.post("/declarations/{declaration_id}/verify", responses=errors(404, 409, 422))
async def verify_declaration(
    declaration_id: str, request: Request, session: Session, clock: ClockDep, settings: SettingsDep
) -> JSONResponse:
    """The registry checked the person's data: a pending declaration becomes active."""
    await lifecycle.apply_lazy_transitions(session, clock, settings)
    declaration = await _declaration(session, declaration_id)
    if declaration.status != rule.PENDING_VERIFICATION:
        raise _conflict(declaration, "verified")
    declaration.status = rule.ACTIVE
    declaration.updated_at = clock.now()
    await session.commit()
    return await _answer(request, session, declaration)


@router.post("/declarations/{declaration_id}/reject", responses=errors(400, 404, 409, 422))
async def reject_declaration(
    declaration_id: str,
    request: Request,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
    body: RejectBody | None = None,
) -> JSONResponse:
    """The registry found the person's data wrong: a pending declaration is rejected."""
    body = body or RejectBody()
    await lifecycle.apply_lazy_transitions(session, clock, settings)
    declaration = await _declaration(session, declaration_id)
    if declaration.status != rule.PENDING_VERIFICATION:
        raise _conflict(declaration, "rejected")
    declaration.status = rule.REJECTED
    declaration.reason = body.reason
    declaration.reason_description = body.reason_description
    declaration.updated_at = clock.now()
    await session.commit()
    return await _answer(request, session, declaration)


@router.post("/declarations/{declaration_id}/terminate", responses=errors(400, 404, 409, 422))
async def terminate_declaration(
    declaration_id: str,
    body: TerminateBody,
    request: Request,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
) -> JSONResponse:
    """The clinic ends a declaration. A dismissed doctor (`auto_employee_deactivate`) ends them all:
    the employee record becomes DISMISSED and every declaration it holds is terminated."""
    now = clock.now()
    await lifecycle.apply_lazy_transitions(session, clock, settings)
    declaration = await _declaration(session, declaration_id)
    if declaration.status not in rule.HOLDING_STATUSES:
        raise _conflict(declaration, "terminated")
    ended = [Declaration.id == declaration.id]
    if body.reason == rule.REASON_EMPLOYEE_DEACTIVATE:
        employee = await session.get(Employee, declaration.employee_id)
        if employee is not None:
            employee.status = "DISMISSED"
            employee.end_date = ukrainian_date(now)
            employee.unmodelled_declarations = 0  # their patients' declarations end too
            employee.updated_at = now
        ended = [Declaration.employee_id == declaration.employee_id]
    await session.execute(
        update(Declaration)
        .where(*ended, Declaration.status.in_(rule.HOLDING_STATUSES))
        .values(status=rule.TERMINATED, reason=body.reason, reason_description=body.reason_description, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    await session.refresh(declaration)
    return await _answer(request, session, declaration)


@router.get("/persons/{person_id}/declarations", responses=errors(404, 422))
async def person_declarations(
    person_id: PersonId, request: Request, session: Session, clock: ClockDep, settings: SettingsDep
) -> JSONResponse:
    """Every declaration of a person, newest first, for the demo page."""
    await lifecycle.apply_lazy_transitions(session, clock, settings)
    await session.commit()
    person = await _person(session, person_id)
    declarations = (
        await session.scalars(
            select(Declaration)
            .where(Declaration.person_id == person.id)
            .order_by(Declaration.created_at.desc(), Declaration.id)
        )
    ).all()
    placements = await load_placements(session, {d.employee_id for d in declarations})
    return ok(request, [declaration_list_item(d, person, placements[d.employee_id]) for d in declarations])


@router.get("/persons/{person_id}/declaration_requests", responses=errors(404, 422))
async def person_declaration_requests(
    person_id: PersonId, request: Request, session: Session, clock: ClockDep, settings: SettingsDep
) -> JSONResponse:
    """Every declaration request of a person, newest first, for the demo page."""
    await lifecycle.apply_lazy_transitions(session, clock, settings)
    await session.commit()
    person = await _person(session, person_id)
    found = (
        await session.scalars(
            select(DeclarationRequest)
            .where(DeclarationRequest.person_id == person.id)
            .order_by(DeclarationRequest.created_at.desc(), DeclarationRequest.id)
        )
    ).all()
    placements = await load_placements(session, {r.employee_id for r in found})
    return ok(request, [request_list_item(r, person, placements.get(r.employee_id)) for r in found])
