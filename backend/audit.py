"""The security audit log: who (a keyed pseudonym), what, when — no personal data."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.models import AuditEntry
from backend.registry.request_id import request_id_var
from backend.security import TokenCipher


async def record(
    session: AsyncSession,
    cipher: TokenCipher,
    telegram_user_id: int,
    action: str,
    *,
    now: datetime,
    details: Mapping[str, str | int | bool | None] | None = None,
) -> None:
    """Add an entry to the caller's transaction. `details` must hold ids and codes, never personal data."""
    session.add(
        AuditEntry(
            at=now,
            actor=cipher.pseudonym(telegram_user_id),
            action=action,
            details=dict(details or {}),
            request_id=request_id_var.get(),
        )
    )
