"""The patient's e-prescriptions and their dispenses, read from the registry with the patient's own token.

Nothing here is stored: every answer is read for the one patient who asks and kept only in their session
cache (`session_cache`: in memory, a short while, their own), so a card's dispenses do not read the prescription
again and a list the bot shows again is not read again. A verification code passes through to the answer only
(never into the database, the audit details, a log line or the session cache: it is read fresh every time).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
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
        return await _listed(services, session, patient, status=status, page=page, page_size=page_size)
    groups: list[tuple[MedicationRequest, ...]] = []
    for past_status in PAST_STATUSES:  # one after another: the calls share the database session
        found = await _listed(services, session, patient, status=past_status, page=1, page_size=PAST_READ_PER_STATUS)
        groups.append(found.items)
    return newest_first_page(groups, page=page, page_size=page_size)


async def get_prescription(
    services: Services, session: AsyncSession, patient: Patient, prescription_id: str
) -> MedicationRequest:
    """One of the patient's prescriptions (by id or number), without its verification code; the registry refuses
    anyone else's. Kept for the session: the dispenses and «показати в аптеці» read it again."""
    return await services.session_cache.read(
        patient.owner,
        ("prescription", prescription_id),
        lambda: _with_code(services, session, patient, prescription_id),
    )


async def _with_code(
    services: Services, session: AsyncSession, patient: Patient, prescription_id: str
) -> MedicationRequest:
    """The registry's answer, kept (when kept) without its verification code."""
    found = await _read(
        services, session, patient, lambda token: services.registry.get_medication_request(token, prescription_id)
    )
    return replace(found, verification_code=None)


async def _listed(
    services: Services, session: AsyncSession, patient: Patient, *, status: str, page: int, page_size: int
) -> Page[MedicationRequest]:
    read = partial(services.registry.list_medication_requests, status=status, page=page, page_size=page_size)
    return await services.session_cache.read(
        patient.owner, ("prescriptions", status, page, page_size), lambda: _read(services, session, patient, read)
    )


async def reveal_verification_code(
    services: Services, session: AsyncSession, patient: Patient, prescription_id: str
) -> tuple[str, str]:
    """`(request number, verification code)` of one of the patient's prescriptions.

    The audit log records that the code was shown (the registry's prescription id, never the code or
    the number); the code itself is kept nowhere (read fresh: the session cache keeps prescriptions without it)."""
    prescription = await _read(
        services, session, patient, lambda token: services.registry.get_medication_request(token, prescription_id)
    )
    services.session_cache.put(
        patient.owner, ("prescription", prescription_id), replace(prescription, verification_code=None)
    )
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
    someone else's id is refused (not answered with an empty list) and a request number works as well; the card
    has just read it, so the session cache answers that."""
    prescription = await get_prescription(services, session, patient, prescription_id)
    read = partial(
        services.registry.list_medication_dispenses,
        medication_request_id=prescription.id,
        page=page,
        page_size=page_size,
    )
    return await services.session_cache.read(
        patient.owner,
        ("dispenses", prescription.id, page, page_size),
        lambda: _read(services, session, patient, read),
    )
