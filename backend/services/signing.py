"""Completing a signature: hand the signed content to the registry and tell the bot."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend import audit
from backend.auth.tokens import AuthRequired
from backend.domain.age import can_write
from backend.domain.events import EventKind
from backend.events import outbox
from backend.models import PersonLink
from backend.registry.envelope import SIGNATURE_FIELDS
from backend.registry.errors import (
    RegistryConflict,
    RegistryError,
    RegistryRateLimited,
    RegistryUnavailable,
    RegistryValidationError,
)
from backend.registry.port import DeclarationRequest
from backend.services import accounts
from backend.services.container import Services
from backend.signing import sessions
from backend.signing.sessions import OpenSigning, SigningKind

# Refusals after which the same link may be tried again (the patient can do something about them).
RETRYABLE_CONFLICTS = frozenset({"signature_invalid"})


class NotAllowed(Exception):
    """The link's owner is no longer signed in, or may not write (read-only access)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # not_linked | read_only


@dataclass(frozen=True, slots=True)
class Signed:
    kind: SigningKind
    doctor_name: str | None = None


SIGNATURE_REFUSED_UK = (
    "Підпис не прийнято: документ потрібно підписати власним ключем, і саме ці дані. Спробуйте, будь ласка, ще раз."
)


def signature_refused(failure: RegistryError) -> bool:
    """The registry rejected the signature itself (wrong key, other bytes), not the data or the state."""
    if isinstance(failure, RegistryConflict):
        return failure.code in RETRYABLE_CONFLICTS
    return (
        isinstance(failure, RegistryValidationError)
        and bool(failure.fields)
        and all(field.field in SIGNATURE_FIELDS for field in failure.fields)
    )


def retryable(failure: RegistryError) -> bool:
    return isinstance(failure, RegistryUnavailable | RegistryRateLimited) or signature_refused(failure)


async def _sign_declaration_request(
    session: AsyncSession, services: Services, link: PersonLink, request_id: str, signed_content: str
) -> DeclarationRequest:
    """Sign the request; a request the registry already signed counts as signed here too.

    The registry may sign and the answer get lost on the way (a timeout, a dropped connection): the patient's
    retry then meets `request_not_new`, though the signature they made is the one in force.
    """
    try:
        return await services.tokens.call(
            session,
            link,
            lambda token: services.registry.sign_declaration_request(token, request_id, signed_content),
        )
    except RegistryConflict as refusal:
        if refusal.code != "request_not_new":
            raise
        request = await services.tokens.call(
            session, link, lambda token: services.registry.get_declaration_request(token, request_id)
        )
        if request.status != "SIGNED":
            raise refusal from None
        return request


async def submit(session: AsyncSession, services: Services, opened: OpenSigning, signed_content: str) -> Signed:
    """Send the signature to the registry. The link is spent on success and on final refusals;
    a retryable failure re-opens it (counting the attempt)."""
    row = opened.row
    link = await accounts.get_link(session, row.telegram_user_id)
    account = await accounts.get_account(session, row.telegram_user_id)
    if link is None or account is None:
        raise NotAllowed("not_linked")
    if not can_write(accounts.current_access_level(link, services.clock.today())):
        raise NotAllowed("read_only")

    await sessions.claim(session, row, now=services.clock.now())
    # What the patient signs changes their person or their requests and declarations: read those fresh.
    services.session_cache.forget_user(row.telegram_user_id)
    try:
        if opened.kind is SigningKind.DECLARATION_REQUEST:
            request = await _sign_declaration_request(session, services, link, row.object_id or "", signed_content)
            doctor_name = request.doctor.full_name if request.doctor else None
            payload: dict[str, object] = {
                "request_id": request.id,
                "status": request.status,
                "declaration_id": request.declaration_id,
                "doctor_name": doctor_name,
            }
            kind, result = EventKind.REQUEST_SIGNED, Signed(opened.kind, doctor_name)
        else:
            await services.tokens.call(
                session, link, lambda token: services.registry.update_person(token, link.person_id, signed_content)
            )
            payload = {"fields": list(opened.summary.get("changed_fields", []))}
            kind, result = EventKind.PERSON_UPDATED, Signed(opened.kind)
    except RegistryError as failure:
        if retryable(failure):
            await sessions.release(session, row, failure=failure.code)
        else:
            await sessions.finish(session, row, result=failure.code)
            await session.commit()
        raise
    except AuthRequired:
        await sessions.finish(session, row, result="auth_required")
        await session.commit()
        raise

    services.session_cache.forget_user(row.telegram_user_id)  # and nothing read meanwhile stays
    now = services.clock.now()
    await sessions.finish(session, row, result="signed")
    await outbox.emit(session, account, kind, payload, now=now)
    await audit.record(
        session,
        services.cipher,
        row.telegram_user_id,
        f"signed.{opened.kind.value}",
        now=now,
        details={"object_id": row.object_id, "payload_sha256": row.payload_hash},
    )
    await session.commit()
    return result
