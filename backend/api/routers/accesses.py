"""Accesses (approvals) the patient granted to e-cabinets and systems: list and revoke."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from backend.api import responses, views
from backend.api.deps import ObjectId, PatientDep, ServicesDep, SessionDep
from backend.api.ownership import own
from backend.api.schemas.misc import AccessOut

router = APIRouter(prefix="/v1/users/{telegram_user_id}/accesses", tags=["accesses"])


@router.get("", summary="Systems with access to the patient's data", responses=responses.PATIENT)
async def list_accesses(patient: PatientDep, session: SessionDep, services: ServicesDep) -> list[AccessOut]:
    items = await services.session_cache.read(
        patient.owner,
        ("accesses",),
        lambda: services.tokens.call(session, patient.link, services.registry.list_accesses),
    )
    return [views.access(item) for item in items]


@router.delete(
    "/{access_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke an access",
    responses=responses.merge(responses.PATIENT, responses.NOT_FOUND, responses.READ_ONLY),
)
async def revoke_access(
    access_id: ObjectId, patient: PatientDep, session: SessionDep, services: ServicesDep
) -> Response:
    patient.require_write()
    try:
        await own(
            services.tokens.call(session, patient.link, lambda token: services.registry.revoke_access(token, access_id))
        )
    finally:
        services.session_cache.forget(patient.owner)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
