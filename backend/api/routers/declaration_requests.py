"""Declaration requests: precheck, idempotent creation with a signing link, list, one, cancel."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api import responses, views
from backend.api.deps import ObjectId, PatientDep, ServicesDep, SessionDep
from backend.api.ownership import own
from backend.api.schemas.declarations import (
    DeclarationRequestCreated,
    DeclarationRequestIn,
    DeclarationRequestList,
    DeclarationRequestOut,
    PrecheckOut,
    RequestRef,
)
from backend.domain.declarations import RequestStatus
from backend.registry.port import DeclarationRequest
from backend.services import declaration_requests
from backend.services.container import Services
from backend.services.patient import Patient
from backend.services.precheck import run as run_precheck

router = APIRouter(prefix="/v1/users/{telegram_user_id}/declaration-requests", tags=["declaration requests"])

PRECHECK_FAILED: responses.Responses = {
    409: {
        "description": "`precheck_failed` with `blockers` (NO_ACCESS, READ_ONLY, SPECIALITY_AGE_MISMATCH, "
        "DOCTOR_NOT_AVAILABLE, ALREADY_YOUR_DOCTOR, NO_FREE_PLACES), `request_in_progress`, or a registry `conflict`."
    }
}


@router.post(
    "/precheck",
    summary="Check a declaration with a doctor before creating it",
    responses=responses.merge(responses.PATIENT, responses.NOT_FOUND),
)
async def precheck(body: RequestRef, patient: PatientDep, session: SessionDep, services: ServicesDep) -> PrecheckOut:
    checked = await run_precheck(
        session, services, patient, employee_id=body.employee_id, division_id=body.division_id, with_verification=True
    )
    return PrecheckOut(
        ok=checked.result.ok,
        blockers=list(checked.result.blockers),
        warnings=list(checked.result.warnings),
        free_places=checked.doctor.free_places,
        current_doctor_name=checked.current.doctor.full_name if checked.current else None,
    )


async def _created(
    session: AsyncSession, services: Services, patient: Patient, request: DeclarationRequest
) -> DeclarationRequestCreated:
    link = await declaration_requests.signing_link(session, services, patient, request)
    await session.commit()
    url, expires_at, summary = link if link else (None, None, None)
    return DeclarationRequestCreated.model_validate(
        {
            **views.declaration_request_fields(request),
            "signing_url": url,
            "signing_expires_at": expires_at,
            "summary": summary,
        }
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a declaration request (idempotent by client_key)",
    description="Runs the precheck server-side, creates the request at the registry and returns it with a "
    "single-use signing page link. Repeating the call with the same `client_key` returns the same request "
    "(with a fresh signing link) and never creates a second one.",
    responses=responses.merge(responses.PATIENT, responses.NOT_FOUND, responses.READ_ONLY, PRECHECK_FAILED),
)
async def create_request(
    body: DeclarationRequestIn, patient: PatientDep, session: SessionDep, services: ServicesDep
) -> DeclarationRequestCreated:
    request = await declaration_requests.create(
        session,
        services,
        patient,
        client_key=body.client_key,
        employee_id=body.employee_id,
        division_id=body.division_id,
    )
    return await _created(session, services, patient, request)


@router.get("", summary="The patient's declaration requests", responses=responses.PATIENT)
async def list_requests(
    patient: PatientDep,
    session: SessionDep,
    services: ServicesDep,
    status: Annotated[RequestStatus | None, Query()] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 10,
) -> DeclarationRequestList:
    listed = await services.session_cache.read(
        patient.owner,
        ("declaration_requests", status, page, page_size),
        lambda: services.tokens.call(
            session,
            patient.link,
            lambda token: services.registry.list_declaration_requests(
                token, status=status, page=page, page_size=page_size
            ),
        ),
    )
    return DeclarationRequestList(
        items=[views.declaration_request(item) for item in listed.items],
        page=listed.page,
        page_size=listed.page_size,
        total_entries=listed.total_entries,
        total_pages=listed.total_pages,
    )


@router.get(
    "/{request_id}",
    summary="One declaration request",
    responses=responses.merge(responses.PATIENT, responses.NOT_FOUND),
)
async def get_request(
    request_id: ObjectId, patient: PatientDep, session: SessionDep, services: ServicesDep
) -> DeclarationRequestOut:
    request = await own(
        services.tokens.call(
            session, patient.link, lambda token: services.registry.get_declaration_request(token, request_id)
        )
    )
    return views.declaration_request(request)


@router.post(
    "/{request_id}/signing-link",
    summary="A new signing page link for a NEW request",
    description="For a request whose earlier link expired. 409 `conflict` (reason `request_not_new`) when the "
    "request can no longer be signed.",
    responses=responses.merge(responses.PATIENT, responses.NOT_FOUND, responses.READ_ONLY, responses.CONFLICT),
)
async def new_signing_link(
    request_id: ObjectId, patient: PatientDep, session: SessionDep, services: ServicesDep
) -> DeclarationRequestCreated:
    request = await declaration_requests.to_sign_again(session, services, patient, request_id)
    return await _created(session, services, patient, request)


@router.post(
    "/{request_id}/cancel",
    summary="Decline (reject) a request",
    responses=responses.merge(responses.PATIENT, responses.NOT_FOUND, responses.READ_ONLY, responses.CONFLICT),
)
async def cancel_request(
    request_id: ObjectId, patient: PatientDep, session: SessionDep, services: ServicesDep
) -> DeclarationRequestOut:
    patient.require_write()
    try:
        request = await own(
            services.tokens.call(
                session, patient.link, lambda token: services.registry.reject_declaration_request(token, request_id)
            )
        )
    finally:
        services.session_cache.forget(patient.owner)
    return views.declaration_request(request)
