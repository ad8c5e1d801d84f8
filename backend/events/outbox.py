"""The outbox: events written in the same transaction as the change they report, handed to
notifier workers under a lease, and acknowledged once Telegram accepted the message.

A claim sets `claimed_by` and `claim_expires_at`; an event whose lease ran out without an ack is
handed out again, so a killed notifier loses nothing (delivery is at-least-once; the bot's sends are
short texts, a rare duplicate is the accepted price).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from backend.domain.events import PREFERENCE_OF_KIND
from backend.models import OutboxEvent, TelegramAccount


@dataclass(frozen=True, slots=True)
class ClaimedEvent:
    id: int
    telegram_user_id: int
    chat_id: int
    language: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    created_at: datetime


def wants(account: TelegramAccount, kind: str) -> bool:
    """Whether the account's notification preferences let this kind of event through."""
    preference = PREFERENCE_OF_KIND.get(kind)
    if preference is None:
        return True
    return bool((account.notification_prefs or {}).get(preference.value, True))


async def emit(
    session: AsyncSession,
    account: TelegramAccount,
    kind: str,
    payload: Mapping[str, Any],
    *,
    now: datetime,
    dedupe_key: str | None = None,
    available_at: datetime | None = None,
) -> bool:
    """Queue an event in the caller's transaction. False when muted by preference or already queued."""
    if not wants(account, kind):
        return False
    values = {
        "telegram_user_id": account.telegram_user_id,
        "kind": kind,
        "payload": dict(payload),
        "dedupe_key": dedupe_key,
        "created_at": now,
        "available_at": available_at or now,
        "attempts": 0,
    }
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    # ON CONFLICT on the dedupe key: two watchers noticing the same change queue one event.
    statement = insert(OutboxEvent).values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"])
    result: CursorResult[Any] = await session.execute(statement)  # type: ignore[assignment]
    return bool(result.rowcount)


async def claim(
    session: AsyncSession,
    *,
    worker_id: str,
    limit: int,
    lease_seconds: int,
    now: datetime,
    max_attempts: int,
) -> list[ClaimedEvent]:
    """Lease up to `limit` due events to `worker_id` and commit.

    One UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED) RETURNING: on PostgreSQL
    concurrent notifiers skip each other's rows instead of waiting; SQLite has no row locks (the
    clause is not rendered) but runs the statement atomically under its single writer lock.
    """
    # A separate alias, so the subquery is not correlated with the UPDATE's own table.
    candidate = aliased(OutboxEvent, name="candidate")
    due = (
        select(candidate.id)
        .join(TelegramAccount, TelegramAccount.telegram_user_id == candidate.telegram_user_id)
        .where(
            candidate.sent_at.is_(None),
            candidate.available_at <= now,
            candidate.attempts < max_attempts,
            or_(candidate.claim_expires_at.is_(None), candidate.claim_expires_at <= now),
            TelegramAccount.unreachable.is_(False),
        )
        .order_by(candidate.id)
        .limit(limit)
        .with_for_update(of=candidate, skip_locked=True)
    )
    statement = (
        update(OutboxEvent)
        .where(OutboxEvent.id.in_(due.scalar_subquery()))
        .values(
            claimed_by=worker_id,
            claim_expires_at=now + timedelta(seconds=lease_seconds),
            attempts=OutboxEvent.attempts + 1,
        )
        .returning(OutboxEvent.id)
        .execution_options(synchronize_session=False)
    )
    claimed_ids = list((await session.execute(statement)).scalars())
    await session.commit()
    if not claimed_ids:
        return []
    rows = await session.execute(
        select(OutboxEvent, TelegramAccount.chat_id, TelegramAccount.language)
        .join(TelegramAccount, TelegramAccount.telegram_user_id == OutboxEvent.telegram_user_id)
        .where(OutboxEvent.id.in_(claimed_ids))
        .order_by(OutboxEvent.id)
        .execution_options(populate_existing=True)
    )
    return [
        ClaimedEvent(
            id=event.id,
            telegram_user_id=event.telegram_user_id,
            chat_id=chat_id,
            language=language,
            kind=event.kind,
            payload=dict(event.payload),
            attempts=event.attempts,
            created_at=event.created_at,
        )
        for event, chat_id, language in rows
    ]


async def ack(session: AsyncSession, ids: Sequence[int], *, now: datetime) -> int:
    """Mark events delivered; returns how many were pending. Acking twice is harmless."""
    if not ids:
        return 0
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(OutboxEvent)
        .where(OutboxEvent.id.in_(list(ids)), OutboxEvent.sent_at.is_(None))
        .values(sent_at=now, claim_expires_at=None)
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    return int(result.rowcount or 0)


async def purge_delivered(session: AsyncSession, *, before: datetime) -> int:
    """Forget delivered events older than `before` (their payloads may carry a first name)."""
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        delete(OutboxEvent).where(OutboxEvent.sent_at.is_not(None), OutboxEvent.sent_at < before)
    )
    await session.commit()
    return int(result.rowcount or 0)
