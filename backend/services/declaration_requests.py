"""Declaration requests: created exactly once per client key (a double tap, a redelivered update or a retry
after a timeout reaches the registry once), and single-use links to the page that signs them."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.errors import ApiError
from backend.api.ownership import own
from backend.domain.declarations import RequestStatus
from backend.events import watch_store
from backend.models import DeclarationRequestKey
from backend.registry.port import DeclarationRequest
from backend.services import precheck
from backend.services.container import Services
from backend.services.patient import Patient
from backend.signing import sessions
from backend.signing.summary import declaration_request_summary

# A claim older than this whose registry call never finished (the process died) may be taken over.
STALE_CLAIM = timedelta(seconds=60)


async def existing_request_id(
    session: AsyncSession, telegram_user_id: int, client_key: str, *, now: datetime
) -> str | None:
    """The request already created for this key; raises `request_in_progress` while one is being created."""
    row = await session.scalar(
        select(DeclarationRequestKey).where(
            DeclarationRequestKey.telegram_user_id == telegram_user_id, DeclarationRequestKey.client_key == client_key
        )
    )
    if row is None:
        return None
    if row.request_id is not None:
        return row.request_id
    if now - row.created_at < STALE_CLAIM:
        raise ApiError(409, "request_in_progress")
    await session.delete(row)
    await session.commit()
    return None


async def claim_key(session: AsyncSession, telegram_user_id: int, client_key: str, *, now: datetime) -> None:
    """Take the key before calling the registry; a concurrent duplicate loses the unique constraint."""
    session.add(DeclarationRequestKey(telegram_user_id=telegram_user_id, client_key=client_key, created_at=now))
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise ApiError(409, "request_in_progress") from None


async def bind_key(session: AsyncSession, telegram_user_id: int, client_key: str, request_id: str) -> None:
    await session.execute(
        update(DeclarationRequestKey)
        .where(
            DeclarationRequestKey.telegram_user_id == telegram_user_id, DeclarationRequestKey.client_key == client_key
        )
        .values(request_id=request_id)
    )


async def release_key(session: AsyncSession, telegram_user_id: int, client_key: str) -> None:
    await session.execute(
        delete(DeclarationRequestKey).where(
            DeclarationRequestKey.telegram_user_id == telegram_user_id,
            DeclarationRequestKey.client_key == client_key,
            DeclarationRequestKey.request_id.is_(None),
        )
    )
    await session.commit()


async def signing_link(
    session: AsyncSession, services: Services, patient: Patient, request: DeclarationRequest
) -> tuple[str, datetime, dict[str, object]] | None:
    """A new single-use signing page link for a signable request (None when there is nothing to sign)."""
    if request.signing_payload is None:
        return None
    summary = declaration_request_summary(request)
    token, expires_at = await sessions.create(
        session,
        services.cipher,
        telegram_user_id=patient.account.telegram_user_id,
        kind=sessions.SigningKind.DECLARATION_REQUEST,
        object_id=request.id,
        payload=request.signing_payload,
        summary=summary,
        now=services.clock.now(),
        ttl_seconds=services.settings.signing_link_ttl,
    )
    return f"{services.settings.public_url.rstrip('/')}/sign/{token}", expires_at, summary


def is_signable(item: DeclarationRequest) -> bool:
    """NEW requests await the patient's signature (lists omit the data to sign; the details carry it)."""
    return item.status == RequestStatus.NEW


async def create(
    session: AsyncSession, services: Services, patient: Patient, *, client_key: str, employee_id: str, division_id: str
) -> DeclarationRequest:
    """The request of this client key: the one already created for it, or a new one once the precheck passes.

    The key is claimed (committed) before the registry is called, so a concurrent duplicate gets
    `request_in_progress` instead of a second request; a failed call frees it again."""
    patient.require_write()
    telegram_user_id = patient.account.telegram_user_id
    known = await existing_request_id(session, telegram_user_id, client_key, now=services.clock.now())
    if known is not None:
        return await own(
            services.tokens.call(
                session, patient.link, lambda token: services.registry.get_declaration_request(token, known)
            )
        )

    checked = await precheck.run(session, services, patient, employee_id=employee_id, division_id=division_id)
    if not checked.result.ok:
        raise ApiError(409, "precheck_failed", blockers=[blocker.value for blocker in checked.result.blockers])

    await claim_key(session, telegram_user_id, client_key, now=services.clock.now())
    try:
        request = await services.tokens.call(
            session,
            patient.link,
            lambda token: services.registry.create_declaration_request(token, employee_id, division_id),
        )
    except Exception:
        # Nothing was created (or the registry will cancel a duplicate NEW request itself): free the key.
        await release_key(session, telegram_user_id, client_key)
        raise
    finally:
        services.session_cache.forget(patient.owner)  # the requests (and, once signed, declarations) change
    await bind_key(session, telegram_user_id, client_key, request.id)
    # The patient now waits for the doctor's answer: the watcher polls them in its urgent lane from now on,
    # instead of finding the request in its sweep (days at national scale). Committed with the key.
    await watch_store.request_created(session, patient.link.person_id, now=services.clock.now())
    return request


async def to_sign_again(
    session: AsyncSession, services: Services, patient: Patient, request_id: str
) -> DeclarationRequest:
    """A request whose earlier signing link expired, checked to be still signable."""
    patient.require_write()
    request = await own(
        services.tokens.call(
            session, patient.link, lambda token: services.registry.get_declaration_request(token, request_id)
        )
    )
    if not is_signable(request) or request.signing_payload is None:
        raise ApiError(
            409,
            "conflict",
            "Цей запит на декларацію вже не можна підписати. Оновіть, будь ласка, список запитів.",
            reason="request_not_new",
        )
    return request
