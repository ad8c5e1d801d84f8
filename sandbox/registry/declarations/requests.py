"""PIS declaration requests: the patient asks a doctor for a declaration, then signs or declines it.

`POST /api/pis/declaration_requests`, `GET /api/pis/declaration_requests`, `GET …/{id}`,
`PATCH …/{id}/actions/sign`, `PATCH …/{id}/actions/reject`.
"""

from __future__ import annotations

import random
import uuid
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.core import scopes
from sandbox.registry.core.deps import ClockDep, CurrentPrincipal, Session, SettingsDep
from sandbox.registry.core.envelope import PageQuery, RegistryError, errors, ok
from sandbox.registry.core.models import Declaration, DeclarationRequest, Person
from sandbox.registry.declarations import lifecycle
from sandbox.registry.declarations.documents import CHANNEL_PIS, build_data_to_be_signed, new_seed
from sandbox.registry.declarations.listing import date_filters, page_of
from sandbox.registry.declarations.placements import canonical_id, load_placements
from sandbox.registry.declarations.shapes import request_details, request_document_response, request_list_item
from sandbox.registry.declarations.signing import verify_signed_document
from sandbox.registry.rules import declarations as rule
from sandbox.registry.rules.numbers import new_declaration_number

router = APIRouter(tags=["PIS declaration requests"])

# Numbers must be unpredictable to outsiders; the generator only needs a source of randomness.
_number_rng = random.SystemRandom()
_NUMBER_ATTEMPTS = 20
# A request signed by an e-signature has no OTP or offline method behind it.
_SIGNED_BY_KEP = {"authentication_method_current": {"type": "NA"}}


class CreateRequestBody(BaseModel):
    """`Create_Declaration_Request_PIS`."""

    model_config = ConfigDict(extra="ignore")

    employee_id: uuid.UUID
    division_id: uuid.UUID


class SignRequestBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    signed_content: Annotated[str, Field(min_length=1, max_length=1_000_000)]
    signed_content_encoding: Literal["base64"]


async def _unique_declaration_number(session: AsyncSession) -> str:
    for _ in range(_NUMBER_ATTEMPTS):
        number = new_declaration_number(_number_rng)
        taken = await session.scalar(
            select(
                exists().where(Declaration.declaration_number == number)
                | exists().where(DeclarationRequest.declaration_number == number)
            )
        )
        if not taken:
            return number
    raise RegistryError("internal_error", "Could not allocate a declaration number")


async def own_request(session: AsyncSession, person: Person, request_id: str) -> DeclarationRequest:
    """The request if it is the person's: 404 when there is none, 403 when it is someone else's."""
    key = canonical_id(request_id)
    found = await session.get(DeclarationRequest, key) if key else None
    if found is None:
        raise RegistryError("not_found", "Declaration request not found")
    if found.person_id != person.id:
        raise RegistryError("forbidden", "Declaration request belongs to another person")
    return found


async def _details(session: AsyncSession, declaration_request: DeclarationRequest) -> dict[str, Any]:
    placements = await load_placements(session, [declaration_request.employee_id])
    load = await lifecycle.doctor_load(session, placements[declaration_request.employee_id].party.id)
    return request_details(declaration_request, current_count=load.count, limit=load.limit)


def _parse_status(status: str | None) -> str | None:
    """eHealth lists request statuses in either case; both are accepted."""
    if status is None:
        return None
    normalized = status.strip().upper()
    if normalized not in rule.REQUEST_STATUSES:
        raise RegistryError.validation(
            "$.status",
            "inclusion",
            "value is not allowed in enum",
            entry_type="query_param",
            params=list(rule.REQUEST_STATUSES),
        )
    return normalized


@router.post("/api/pis/declaration_requests", status_code=201, responses=errors(400, 401, 403, 409, 422))
async def create_declaration_request(
    body: CreateRequestBody,
    request: Request,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
) -> JSONResponse:
    principal.require(scopes.REQUEST_WRITE)
    person = principal.person
    today, now = clock.today(), clock.now()
    lifecycle.require_act(person, today)
    await lifecycle.apply_lazy_transitions(session, clock, settings)
    eligibility = await lifecycle.check_declaration_allowed(
        session, person, str(body.employee_id), str(body.division_id), today
    )
    placement = eligibility.placement

    # One open request per doctor: asking again replaces the previous one.
    await session.execute(
        update(DeclarationRequest)
        .where(
            DeclarationRequest.person_id == person.id,
            DeclarationRequest.employee_id == placement.employee.id,
            DeclarationRequest.status.in_(rule.OPEN_REQUEST_STATUSES),
        )
        .values(status=rule.CANCELLED, status_reason=rule.REQUEST_REASON_NEW_REQUEST, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    request_id, declaration_id = str(uuid.uuid4()), str(uuid.uuid4())
    number = await _unique_declaration_number(session)
    end_date = rule.declaration_end(placement.employee.speciality_officio, person.birth_date, today)
    declaration_request = DeclarationRequest(
        id=request_id,
        person_id=person.id,
        employee_id=placement.employee.id,
        division_id=placement.division.id,
        legal_entity_id=placement.legal_entity.id,
        status=rule.NEW,
        channel=CHANNEL_PIS,
        declaration_number=number,
        declaration_id=declaration_id,
        data_to_be_signed=build_data_to_be_signed(
            request_id=request_id,
            declaration_id=declaration_id,
            declaration_number=number,
            person=person,
            placement=placement,
            start_date=today,
            end_date=end_date,
            seed=new_seed(),
        ),
        start_date=today,
        end_date=end_date,
        created_at=now,
        updated_at=now,
        expires_at=rule.request_expires_at(now, settings.request_ttl_hours),
    )
    session.add(declaration_request)
    await session.commit()
    return ok(request, request_document_response(declaration_request), status=201)


@router.get("/api/pis/declaration_requests", responses=errors(401, 403, 422))
async def list_declaration_requests(
    request: Request,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    paging: PageQuery,
    status: Annotated[str | None, Query(max_length=20)] = None,
    start_date_from: date | None = None,
    start_date_to: date | None = None,
    end_date_from: date | None = None,
    end_date_to: date | None = None,
    channel: Annotated[str | None, Query(max_length=20)] = None,
) -> JSONResponse:
    principal.require(scopes.REQUEST_READ)
    person = principal.person
    lifecycle.require_view(person, clock.today())
    await lifecycle.apply_lazy_transitions(session, clock, settings)
    await session.commit()

    conditions = [DeclarationRequest.person_id == person.id]
    wanted_status = _parse_status(status)
    if wanted_status:
        conditions.append(DeclarationRequest.status == wanted_status)
    if channel:
        conditions.append(DeclarationRequest.channel == channel.upper())
    conditions += date_filters(
        DeclarationRequest,
        start_date_from=start_date_from,
        start_date_to=start_date_to,
        end_date_from=end_date_from,
        end_date_to=end_date_to,
    )
    total, found = await page_of(session, DeclarationRequest, conditions, paging)
    placements = await load_placements(session, {r.employee_id for r in found})
    data = [request_list_item(r, person, placements.get(r.employee_id)) for r in found]
    return ok(request, data, paging=paging.paging(total))


@router.get("/api/pis/declaration_requests/{request_id}", responses=errors(401, 403, 404, 422))
async def get_declaration_request(
    request_id: str,
    request: Request,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
) -> JSONResponse:
    principal.require(scopes.REQUEST_DETAILS)
    lifecycle.require_view(principal.person, clock.today())
    await lifecycle.apply_lazy_transitions(session, clock, settings)
    await session.commit()
    declaration_request = await own_request(session, principal.person, request_id)
    return ok(request, await _details(session, declaration_request), urgent=_SIGNED_BY_KEP)


@router.patch(
    "/api/pis/declaration_requests/{request_id}/actions/sign",
    status_code=201,
    responses=errors(400, 401, 403, 404, 409, 422),
)
async def sign_declaration_request(
    request_id: str,
    body: SignRequestBody,
    request: Request,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
) -> JSONResponse:
    principal.require(scopes.REQUEST_SIGN)
    person = principal.person
    today, now = clock.today(), clock.now()
    lifecycle.require_act(person, today)
    await lifecycle.apply_lazy_transitions(session, clock, settings)
    await session.commit()  # an expiry found now stands even when this call is refused
    declaration_request = await own_request(session, person, request_id)
    if not rule.may_sign_request(declaration_request.status) or declaration_request.data_to_be_signed is None:
        raise RegistryError(
            "request_conflict", f"Declaration request is {declaration_request.status}; only a NEW one can be signed"
        )
    await verify_signed_document(session, person, body.signed_content, declaration_request.data_to_be_signed)
    # Much may have changed since the request was made: the doctor, the clinic, the limit, the age.
    eligibility = await lifecycle.check_declaration_allowed(
        session, person, declaration_request.employee_id, declaration_request.division_id, today
    )

    # One transaction: the request is signed, the new declaration replaces every one the person holds.
    # Locking the person's row keeps two signatures of one person from both staying active (PostgreSQL;
    # SQLite serialises writers anyway).
    await session.execute(select(Person.id).where(Person.id == person.id).with_for_update())
    claimed = await session.execute(
        update(DeclarationRequest)
        .where(DeclarationRequest.id == declaration_request.id, DeclarationRequest.status == rule.NEW)
        .values(status=rule.SIGNED, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # a concurrent sign or reject got there first
        await session.rollback()
        raise RegistryError("request_conflict", "Declaration request was changed by another call")
    await session.execute(
        update(Declaration)
        .where(Declaration.person_id == person.id, Declaration.status.in_(rule.HOLDING_STATUSES))
        .values(status=rule.TERMINATED, reason=rule.REASON_NEW_DECLARATION, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    status, reason = lifecycle.pending_state(person)
    session.add(
        Declaration(
            id=declaration_request.declaration_id or str(uuid.uuid4()),
            declaration_number=declaration_request.declaration_number,
            declaration_request_id=declaration_request.id,
            person_id=person.id,
            employee_id=eligibility.placement.employee.id,
            division_id=eligibility.placement.division.id,
            legal_entity_id=eligibility.placement.legal_entity.id,
            status=status,
            reason=reason,
            signed_at=now,
            start_date=declaration_request.start_date,
            end_date=declaration_request.end_date,
            created_at=now,
            updated_at=now,
        )
    )
    await session.commit()
    await session.refresh(declaration_request)
    return ok(request, request_document_response(declaration_request), status=201)


@router.patch(
    "/api/pis/declaration_requests/{request_id}/actions/reject",
    status_code=201,
    responses=errors(401, 403, 404, 409, 422),
)
async def reject_declaration_request(
    request_id: str,
    request: Request,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
) -> JSONResponse:
    principal.require(scopes.REQUEST_REJECT)
    lifecycle.require_act(principal.person, clock.today())
    await lifecycle.apply_lazy_transitions(session, clock, settings)
    await session.commit()
    declaration_request = await own_request(session, principal.person, request_id)
    if not rule.may_reject_request(declaration_request.status):
        raise RegistryError(
            "request_conflict", f"Declaration request is {declaration_request.status}; only a NEW one can be rejected"
        )
    declaration_request.status = rule.REQUEST_REJECTED
    declaration_request.status_reason = rule.REQUEST_REASON_REJECTED
    declaration_request.updated_at = clock.now()
    await session.commit()
    return ok(request, await _details(session, declaration_request), status=201)
