"""The patient's e-prescriptions and their dispenses, read from the registry with the patient's own token.

Nothing here is stored or cached: every answer is read for the one patient who asks, and a verification
code passes through to the answer only (never into the database, the audit details or a log line).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from math import ceil
from typing import Final, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from backend import audit
from backend.api.errors import ApiError
from backend.registry.errors import RegistryForbidden, RegistryUnavailable
from backend.registry.port import MedicationDispense, MedicationRequest, Page
from backend.services.container import Services
from backend.services.patient import Patient

T = TypeVar("T")

# `past` on the list endpoint: the ended prescriptions, whatever the way they ended.
PAST_STATUSES: Final = ("COMPLETED", "EXPIRED", "REJECTED")
PAST = "past"
# How many of each past status are read (the registry's largest page): the newest ones of each.
PAST_READ_PER_STATUS: Final = 300


async def _read(
    services: Services, session: AsyncSession, patient: Patient, operation: Callable[[str], Awaitable[T]]
) -> T:
    """One registry read with the patient's token. A refusal means the patient has not allowed this cabinet to
    read their prescriptions (a session from before the cabinet asked for it): they must sign in again and
    allow it, which `permission_needed` tells the bot."""
    try:
        return await services.tokens.call(session, patient.link, operation)
    except RegistryForbidden:
        raise ApiError(403, "permission_needed") from None


def newest_first_page(
    groups: Sequence[Sequence[MedicationRequest]], *, page: int, page_size: int
) -> Page[MedicationRequest]:
    """The prescriptions of several lists merged newest first (by `created_at`, then id for a stable order)
    and cut into pages locally."""
    merged = sorted((item for group in groups for item in group), key=lambda i: (i.created_at, i.id), reverse=True)
    start = (page - 1) * page_size
    return Page(
        tuple(merged[start : start + page_size]),
        page=page,
        page_size=page_size,
        total_entries=len(merged),
        total_pages=max(1, ceil(len(merged) / page_size)),
    )


async def list_prescriptions(
    services: Services, session: AsyncSession, patient: Patient, *, status: str, page: int, page_size: int
) -> Page[MedicationRequest]:
    """One registry status as the registry pages it, or `past`: three registry calls (one per ended
    status, the newest `PAST_READ_PER_STATUS` of each) merged and paged here."""
    if status != PAST:
        return await _read(
            services,
            session,
            patient,
            lambda token: services.registry.list_medication_requests(
                token, status=status, page=page, page_size=page_size
            ),
        )
    groups: list[tuple[MedicationRequest, ...]] = []
    for past_status in PAST_STATUSES:  # one after another: the calls share the database session
        read = partial(
            services.registry.list_medication_requests, status=past_status, page=1, page_size=PAST_READ_PER_STATUS
        )
        found = await _read(services, session, patient, read)
        groups.append(found.items)
    return newest_first_page(groups, page=page, page_size=page_size)


async def get_prescription(
    services: Services, session: AsyncSession, patient: Patient, prescription_id: str
) -> MedicationRequest:
    """One of the patient's prescriptions (by id or number); the registry refuses anyone else's."""
    return await _read(
        services, session, patient, lambda token: services.registry.get_medication_request(token, prescription_id)
    )


async def reveal_verification_code(
    services: Services, session: AsyncSession, patient: Patient, prescription_id: str
) -> tuple[str, str]:
    """`(request number, verification code)` of one of the patient's prescriptions.

    The audit log records that the code was shown (the registry's prescription id, never the code or
    the number); the code itself is kept nowhere."""
    prescription = await get_prescription(services, session, patient, prescription_id)
    if not prescription.verification_code:
        # The Blueprint makes the code required in the details: an answer without one is not usable.
        raise RegistryUnavailable("malformed_response", detail="a prescription without its verification code")
    await audit.record(
        session,
        services.cipher,
        patient.account.telegram_user_id,
        "prescription.verification_code_shown",
        now=services.clock.now(),
        details={"object_id": prescription.id},
    )
    await session.commit()
    return prescription.request_number, prescription.verification_code


async def list_dispenses(
    services: Services, session: AsyncSession, patient: Patient, prescription_id: str, *, page: int, page_size: int
) -> Page[MedicationDispense]:
    """The dispenses of one of the patient's prescriptions. The prescription is read first, so that
    someone else's id is refused (not answered with an empty list) and a request number works as well."""
    prescription = await get_prescription(services, session, patient, prescription_id)
    return await _read(
        services,
        session,
        patient,
        lambda token: services.registry.list_medication_dispenses(
            token, medication_request_id=prescription.id, page=page, page_size=page_size
        ),
    )
