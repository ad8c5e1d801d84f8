"""The patient's own data: view (masked identifiers) and signed changes."""

from __future__ import annotations

from fastapi import APIRouter

from backend.api import responses, views
from backend.api.changes import EXTRA_MESSAGES, ChangesInvalid, changed_fields, person_changes
from backend.api.deps import PatientDep, ServicesDep, SessionDep
from backend.api.errors import ApiError, invalid_fields
from backend.api.schemas.person import PersonChangesIn, PersonView, SigningLinkOut, Summary
from backend.services.person import read_person
from backend.signing import sessions
from backend.signing.summary import person_update_summary

router = APIRouter(prefix="/v1/users/{telegram_user_id}/me", tags=["personal data"])


@router.get("", summary="The signed-in person, for display", responses=responses.PATIENT)
async def get_me(patient: PatientDep, session: SessionDep, services: ServicesDep) -> PersonView:
    person = await read_person(session, services, patient)
    return views.person_view(person, patient.access_level)


@router.post(
    "/changes",
    summary="Prepare a change of personal data for signing",
    description="Validates every field (422 lists each problem in Ukrainian), asks the registry for the exact "
    "bytes to sign and returns a single-use signing page link. Nothing changes until the patient signs.",
    responses=responses.merge(responses.PATIENT, responses.READ_ONLY),
)
async def prepare_changes(
    patient: PatientDep, body: PersonChangesIn, session: SessionDep, services: ServicesDep
) -> SigningLinkOut:
    patient.require_write()
    try:
        changes = person_changes(body)
    except ChangesInvalid as invalid:
        raise invalid_fields(invalid.errors, EXTRA_MESSAGES) from None
    if changes.is_empty():
        raise ApiError(422, "nothing_to_change")
    payload = await services.tokens.call(
        session, patient.link, lambda token: services.registry.prepare_person_update(token, changes)
    )
    summary = person_update_summary(changes)
    token, expires_at = await sessions.create(
        session,
        services.cipher,
        telegram_user_id=patient.account.telegram_user_id,
        kind=sessions.SigningKind.PERSON_UPDATE,
        object_id=None,
        payload=payload,
        summary={**summary, "changed_fields": changed_fields(changes)},
        now=services.clock.now(),
        ttl_seconds=services.settings.signing_link_ttl,
    )
    await session.commit()
    return SigningLinkOut(
        signing_url=f"{services.settings.public_url.rstrip('/')}/sign/{token}",
        expires_at=expires_at,
        summary=Summary.model_validate(summary),
    )
