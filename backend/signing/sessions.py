"""Signing links: a random token in the URL, its hash in the table, with the exact bytes to sign."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import CursorResult, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models import SigningSession
from backend.security import DecryptionFailed, TokenCipher, bytes_hash, new_secret, secret_hash

log = logging.getLogger(__name__)

MAX_TOKEN_LENGTH = 128  # ours are 43 characters


class SigningKind(StrEnum):
    DECLARATION_REQUEST = "declaration_request"
    PERSON_UPDATE = "person_update"


class LinkProblem(StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    LOCKED = "locked"  # too many failed attempts


class LinkRejected(Exception):
    def __init__(self, problem: LinkProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class OpenSigning:
    """A usable signing link, decrypted."""

    row: SigningSession
    payload: bytes
    summary: dict[str, Any]

    @property
    def kind(self) -> SigningKind:
        return SigningKind(self.row.kind)


async def create(
    session: AsyncSession,
    cipher: TokenCipher,
    *,
    telegram_user_id: int,
    kind: SigningKind,
    object_id: str | None,
    payload: bytes,
    summary: dict[str, Any],
    now: datetime,
    ttl_seconds: int,
) -> tuple[str, datetime]:
    """A new link; returns the raw token (only ever in the URL) and when it expires."""
    token = new_secret()
    expires_at = now + timedelta(seconds=ttl_seconds)
    session.add(
        SigningSession(
            token_hash=secret_hash(token),
            telegram_user_id=telegram_user_id,
            kind=kind.value,
            object_id=object_id,
            payload_hash=bytes_hash(payload),
            payload_encrypted=cipher.encrypt_bytes(payload),
            summary_encrypted=cipher.encrypt_json(summary),
            created_at=now,
            expires_at=expires_at,
            failed_attempts=0,
        )
    )
    return token, expires_at


async def open_link(
    session: AsyncSession, cipher: TokenCipher, token: str, *, now: datetime, max_attempts: int
) -> OpenSigning:
    row = await session.get(SigningSession, secret_hash(token)) if len(token) <= MAX_TOKEN_LENGTH else None
    if row is None:
        raise LinkRejected(LinkProblem.UNKNOWN)
    if row.used_at is not None:
        raise LinkRejected(LinkProblem.USED)
    if row.expires_at <= now:
        raise LinkRejected(LinkProblem.EXPIRED)
    if row.failed_attempts >= max_attempts:
        raise LinkRejected(LinkProblem.LOCKED)
    try:
        payload = cipher.decrypt_bytes(row.payload_encrypted)
        summary = cipher.decrypt_json(row.summary_encrypted)
    except DecryptionFailed:
        # Made under a key since dropped: nothing is left to sign, so to the patient the link is no longer
        # valid — the expired-link page sends them back to the bot for a new one.
        log.warning("signing link undecryptable; treated as expired", extra={"code": "signing_link_key_dropped"})
        raise LinkRejected(LinkProblem.EXPIRED) from None
    return OpenSigning(row=row, payload=payload, summary=summary)


async def claim(session: AsyncSession, row: SigningSession, *, now: datetime) -> None:
    """Mark the link used before calling the registry, so two quick submits sign once.

    If the registry then refuses, `release` re-opens the link for another try.
    """
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(SigningSession)
        .where(SigningSession.token_hash == row.token_hash, SigningSession.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise LinkRejected(LinkProblem.USED)
    await session.commit()


async def release(session: AsyncSession, row: SigningSession, *, failure: str) -> None:
    await session.execute(
        update(SigningSession)
        .where(SigningSession.token_hash == row.token_hash)
        .values(used_at=None, failed_attempts=SigningSession.failed_attempts + 1, result=failure[:32])
        .execution_options(synchronize_session=False)
    )
    await session.commit()


async def finish(session: AsyncSession, row: SigningSession, *, result: str) -> None:
    await session.execute(
        update(SigningSession)
        .where(SigningSession.token_hash == row.token_hash)
        .values(result=result)
        .execution_options(synchronize_session=False)
    )


async def count_failure(session: AsyncSession, row: SigningSession, *, failure: str) -> None:
    """A failed attempt that never reached the registry (wrong sandbox password)."""
    await session.execute(
        update(SigningSession)
        .where(SigningSession.token_hash == row.token_hash)
        .values(failed_attempts=SigningSession.failed_attempts + 1, result=failure[:32])
        .execution_options(synchronize_session=False)
    )
    await session.commit()
