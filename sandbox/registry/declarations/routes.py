"""PIS declarations: the signed-in person's declarations, their details, and ending one.

`GET /api/pis/declarations`, `GET /api/pis/declarations/{id}`,
`PATCH /api/pis/declarations/{id}/actions/terminate`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.core import scopes
from sandbox.registry.core.deps import ClockDep, CurrentPrincipal, Session, SettingsDep
from sandbox.registry.core.envelope import PageQuery, RegistryError, errors, ok
from sandbox.registry.core.models import Declaration, DeclarationRequest, Person
from sandbox.registry.declarations import lifecycle
from sandbox.registry.declarations.documents import declaration_content
from sandbox.registry.declarations.listing import date_filters, page_of
from sandbox.registry.declarations.placements import canonical_id, load_placement, load_placements
from sandbox.registry.declarations.shapes import declaration_details, declaration_list_item
from sandbox.registry.rules import declarations as rule

router = APIRouter(tags=["PIS declarations"])

DeclarationStatus = Literal["active", "pending_verification", "terminated", "closed", "rejected"]


class TerminateBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    reason_description: Annotated[str | None, Field(max_length=3000)] = None


async def own_declaration(session: AsyncSession, person: Person, declaration_id: str) -> Declaration:
    """The declaration if it is the person's: 404 when there is none, 403 when it is someone else's."""
    key = canonical_id(declaration_id)
    declaration = await session.get(Declaration, key) if key else None
    if declaration is None:
        raise RegistryError("not_found", "Declaration not found")
    if declaration.person_id != person.id:
        raise RegistryError("forbidden", "Declaration belongs to another person")
    return declaration


async def details_of(session: AsyncSession, declaration: Declaration, person: Person) -> dict[str, object]:
    placement = await load_placement(session, declaration.employee_id)
    if placement is None:  # the tables' foreign keys make this unreachable
        raise RegistryError("not_found", "Declaration's doctor not found")
    # The text the patient signed when there is one; a rendering of the facts otherwise.
    request = (
        await session.get(DeclarationRequest, declaration.declaration_request_id)
        if declaration.declaration_request_id
        else None
    )
    signed = request.data_to_be_signed if request is not None else None
    if signed and "content" in signed:
        content = signed["content"]
    else:
        content = declaration_content(declaration, person, placement)
    return declaration_details(declaration, person, placement, content)


@router.get("/api/pis/declarations", responses=errors(401, 403, 422))
async def list_declarations(
    request: Request,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    paging: PageQuery,
    status: DeclarationStatus | None = None,
    start_date_from: date | None = None,
    start_date_to: date | None = None,
    end_date_from: date | None = None,
    end_date_to: date | None = None,
) -> JSONResponse:
    principal.require(scopes.DECLARATION_READ)
    person = principal.person
    lifecycle.require_view(person, clock.today())
    await lifecycle.apply_lazy_transitions(session, clock, settings)
    await session.commit()

    conditions = [Declaration.person_id == person.id]
    if status:
        conditions.append(Declaration.status == status)
    conditions += date_filters(
        Declaration,
        start_date_from=start_date_from,
        start_date_to=start_date_to,
        end_date_from=end_date_from,
        end_date_to=end_date_to,
    )
    total, declarations = await page_of(session, Declaration, conditions, paging)
    placements = await load_placements(session, {d.employee_id for d in declarations})
    data = [declaration_list_item(d, person, placements[d.employee_id]) for d in declarations]
    return ok(request, data, paging=paging.paging(total))


@router.get("/api/pis/declarations/{declaration_id}", responses=errors(401, 403, 404, 422))
async def get_declaration(
    declaration_id: str,
    request: Request,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
) -> JSONResponse:
    principal.require(scopes.DECLARATION_READ)
    lifecycle.require_view(principal.person, clock.today())
    await lifecycle.apply_lazy_transitions(session, clock, settings)
    await session.commit()
    declaration = await own_declaration(session, principal.person, declaration_id)
    # The signed document itself is not published by the sandbox, so there are no links to it.
    return ok(request, await details_of(session, declaration, principal.person), urgent={"links": []})


@router.patch(
    "/api/pis/declarations/{declaration_id}/actions/terminate", responses=errors(400, 401, 403, 404, 409, 422)
)
async def terminate_declaration(
    declaration_id: str,
    request: Request,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    body: Annotated[TerminateBody | None, Body()] = None,
) -> JSONResponse:
    principal.require(scopes.DECLARATION_TERMINATE)
    person = principal.person
    lifecycle.require_act(person, clock.today())
    await lifecycle.apply_lazy_transitions(session, clock, settings)
    declaration = await own_declaration(session, person, declaration_id)
    if declaration.status not in rule.HOLDING_STATUSES:
        await session.commit()
        raise RegistryError("request_conflict", f"Declaration is {declaration.status} and cannot be terminated")
    declaration.status = rule.TERMINATED
    declaration.reason = rule.REASON_MANUAL_PERSON
    declaration.reason_description = body.reason_description if body else None
    declaration.updated_at = clock.now()
    await session.commit()
    return ok(request, await details_of(session, declaration, person))
