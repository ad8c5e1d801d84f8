"""The patient's e-prescriptions: by status or all ended ones, one by id, its verification code, its dispenses.

Read-only: a person who may only view (14–17 without confirmed capacity) reads their own prescriptions too.
Every answer is read from the registry with the asking patient's own token, kept a short while in their session
cache (`backend.services.session_cache`) for the next screens; the verification code is always read fresh.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from backend.api import responses, views
from backend.api.deps import ObjectId, PatientDep, ServicesDep, SessionDep
from backend.api.ownership import own
from backend.api.schemas.prescriptions import (
    DispenseList,
    PrescriptionFilter,
    PrescriptionList,
    PrescriptionOut,
    VerificationCodeOut,
)
from backend.services import prescriptions

router = APIRouter(prefix="/v1/users/{telegram_user_id}/prescriptions", tags=["prescriptions"])

Page = Annotated[int, Query(ge=1, le=10_000)]
PageSize = Annotated[int, Query(ge=1, le=50)]


@router.get(
    "",
    summary="The patient's e-prescriptions",
    description="`status`: one registry status (ACTIVE by default, COMPLETED, EXPIRED, REJECTED), paged by the "
    "registry; or `past`: COMPLETED, EXPIRED and REJECTED together, newest first (by `created_at`). For `past` the "
    f"backend reads the first page ({prescriptions.PAST_READ_PER_STATUS} prescriptions, the newest) of each of the "
    "three statuses from the registry (three registry calls) and pages the merged list itself, so `total_entries` "
    "counts what was read.",
    responses=responses.merge(responses.PATIENT, responses.PERMISSION_NEEDED),
)
async def list_prescriptions(
    patient: PatientDep,
    session: SessionDep,
    services: ServicesDep,
    status: Annotated[PrescriptionFilter, Query()] = "ACTIVE",
    page: Page = 1,
    page_size: PageSize = 10,
) -> PrescriptionList:
    listed = await prescriptions.list_prescriptions(
        services, session, patient, status=status, page=page, page_size=page_size
    )
    return PrescriptionList(
        items=[views.prescription(item) for item in listed.items],
        page=listed.page,
        page_size=listed.page_size,
        total_entries=listed.total_entries,
        total_pages=listed.total_pages,
    )


@router.get(
    "/{prescription_id}",
    summary="One e-prescription",
    description="By the registry's id or the prescription's number. Without the verification code: "
    "`GET …/verification-code` is the one place it is given.",
    responses=responses.merge(responses.PATIENT, responses.NOT_FOUND, responses.PERMISSION_NEEDED),
)
async def get_prescription(
    prescription_id: ObjectId, patient: PatientDep, session: SessionDep, services: ServicesDep
) -> PrescriptionOut:
    item = await own(prescriptions.get_prescription(services, session, patient, prescription_id))
    return views.prescription(item)


@router.get(
    "/{prescription_id}/verification-code",
    summary="The code a pharmacist asks for",
    description="The prescription's number and verification code, for the patient to show at the pharmacy. "
    "Never stored or logged by the backend (the audit log notes only that it was shown); answered with "
    "`Cache-Control: no-store`.",
    responses=responses.merge(responses.PATIENT, responses.NOT_FOUND, responses.PERMISSION_NEEDED),
)
async def get_verification_code(
    prescription_id: ObjectId, patient: PatientDep, session: SessionDep, services: ServicesDep, response: Response
) -> VerificationCodeOut:
    response.headers["Cache-Control"] = "no-store"
    number, code = await own(prescriptions.reveal_verification_code(services, session, patient, prescription_id))
    return VerificationCodeOut(request_number=number, verification_code=code)


@router.get(
    "/{prescription_id}/dispenses",
    summary="Where and what was dispensed on a prescription",
    description="The registry's dispenses of this prescription (two registry calls: the prescription, to refuse "
    "anyone else's, then its dispenses; the prescription comes from the session cache when the card has just read "
    "it).",
    responses=responses.merge(responses.PATIENT, responses.NOT_FOUND, responses.PERMISSION_NEEDED),
)
async def list_dispenses(
    prescription_id: ObjectId,
    patient: PatientDep,
    session: SessionDep,
    services: ServicesDep,
    page: Page = 1,
    page_size: PageSize = 20,
) -> DispenseList:
    listed = await own(
        prescriptions.list_dispenses(services, session, patient, prescription_id, page=page, page_size=page_size)
    )
    return DispenseList(
        items=[views.dispense(item) for item in listed.items],
        page=listed.page,
        page_size=listed.page_size,
        total_entries=listed.total_entries,
        total_pages=listed.total_pages,
    )
