"""Housekeeping: forget spent sign-in and signing links, delivered events, old audit entries and spent
idempotency keys after a while."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.clock import Clock
from backend.config import BackendSettings
from backend.events.outbox import purge_delivered
from backend.models import AuditEntry, AuthState, DeclarationRequestKey, SigningSession

log = logging.getLogger(__name__)

# Kept a day past expiry, so a late click still gets "this link has expired" rather than "unknown link".
SPENT_LINK_RETENTION = timedelta(days=1)
DELIVERED_EVENT_RETENTION = timedelta(days=7)
INTERVAL_SECONDS = 3600.0


@dataclass(frozen=True)
class Retention:
    """How long the configurable kinds of rows are kept (BACKEND_*_RETENTION_DAYS)."""

    audit_log: timedelta
    declaration_request_keys: timedelta

    @classmethod
    def from_settings(cls, settings: BackendSettings) -> Retention:
        return cls(
            audit_log=timedelta(days=settings.audit_retention_days),
            declaration_request_keys=timedelta(days=settings.declaration_request_key_retention_days),
        )


async def purge(session: AsyncSession, clock: Clock, retention: Retention) -> None:
    now = clock.now()
    await session.execute(delete(AuthState).where(AuthState.expires_at < now - SPENT_LINK_RETENTION))
    await session.execute(delete(SigningSession).where(SigningSession.expires_at < now - SPENT_LINK_RETENTION))
    await session.execute(delete(AuditEntry).where(AuditEntry.at < now - retention.audit_log))
    # Far older than any declaration request can stay unsigned: the request has expired at the registry,
    # so no retried dialog step can still need the key to find it.
    await session.execute(
        delete(DeclarationRequestKey).where(DeclarationRequestKey.created_at < now - retention.declaration_request_keys)
    )
    await session.commit()
    await purge_delivered(session, before=now - DELIVERED_EVENT_RETENTION)


class Housekeeper:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], clock: Clock, retention: Retention) -> None:
        self._sessionmaker = sessionmaker
        self._clock = clock
        self._retention = retention
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="housekeeping")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                async with self._sessionmaker() as session:
                    await purge(session, self._clock, self._retention)
            except Exception:
                log.exception("housekeeping failed")  # the next round tries again
            await asyncio.sleep(INTERVAL_SECONDS)
