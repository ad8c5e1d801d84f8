"""The patient's declarations: current and past, one by id, termination."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from backend.api import responses, views
from backend.api.deps import ObjectId, PatientDep, ServicesDep, SessionDep
from backend.api.errors import invalid_fields
from backend.api.ownership import own
from backend.api.schemas.declarations import DeclarationList, DeclarationOut, TerminateIn
from backend.domain.declarations import DeclarationStatus
from backend.domain.errors import InvalidValue
from backend.domain.validators import validate_free_text
from backend.services import declarations

router = APIRouter(prefix="/v1/users/{telegram_user_id}/declarations", tags=["declarations"])


@router.get(
    "",
    summary="Current and past declarations",
    description="`current` holds the active / pending-verification declaration(s) (page 1, no `status` filter); "
    "`items` is the page asked for (optionally by status). The backend reads the person's declarations once (up to "
    "100, all statuses; one registry call, reused for the session) and pages them itself; beyond 100 the registry "
    "pages them.",
    responses=responses.PATIENT,
)
async def list_declarations(
    patient: PatientDep,
    session: SessionDep,
    services: ServicesDep,
    status: Annotated[DeclarationStatus | None, Query()] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 10,
) -> DeclarationList:
    current, listed = await declarations.listing(
        session, services, patient, status=status, page=page, page_size=page_size
    )
    return DeclarationList(
        current=[views.declaration(item) for item in current],
        items=[views.declaration(item) for item in listed.items],
        page=listed.page,
        page_size=listed.page_size,
        total_entries=listed.total_entries,
        total_pages=listed.total_pages,
    )


@router.get(
    "/{declaration_id}", summary="One declaration", responses=responses.merge(responses.PATIENT, responses.NOT_FOUND)
)
async def get_declaration(
    declaration_id: ObjectId, patient: PatientDep, session: SessionDep, services: ServicesDep
) -> DeclarationOut:
    item = await own(declarations.get(session, services, patient, declaration_id))
    return views.declaration(item)


@router.post(
    "/{declaration_id}/terminate",
    summary="End a declaration",
    description="Not needed to change doctors: signing a new declaration ends the current one by itself.",
    responses=responses.merge(responses.PATIENT, responses.NOT_FOUND, responses.READ_ONLY, responses.CONFLICT),
)
async def terminate_declaration(
    declaration_id: ObjectId, body: TerminateIn, patient: PatientDep, session: SessionDep, services: ServicesDep
) -> DeclarationOut:
    patient.require_write()
    try:
        reason = validate_free_text(body.reason, 500, "reason")
    except InvalidValue as error:
        raise invalid_fields([InvalidValue(error.code, "reason", error.params)]) from None
    item = await own(declarations.terminate(session, services, patient, declaration_id, reason))
    return views.declaration(item)
