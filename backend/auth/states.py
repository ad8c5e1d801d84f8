"""Single-use sign-in states: random, bound to one Telegram user, stored only as a hash, short-lived."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models import AuthState
from backend.security import new_secret, secret_hash


class Purpose(StrEnum):
    SIGN_IN = "sign_in"
    SIGN_UP = "sign_up"


class StateProblem(StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


class StateRejected(Exception):
    def __init__(self, problem: StateProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


async def issue(
    session: AsyncSession, telegram_user_id: int, purpose: Purpose, *, now: datetime, ttl_seconds: int
) -> str:
    state = new_secret()
    session.add(
        AuthState(
            state_hash=secret_hash(state),
            telegram_user_id=telegram_user_id,
            purpose=purpose.value,
            created_at=now,
            expires_at=now + timedelta(seconds=ttl_seconds),
        )
    )
    return state


async def issued_since(session: AsyncSession, telegram_user_id: int, since: datetime) -> tuple[int, datetime | None]:
    """How many states the user was issued after `since`, and when the earliest of them was."""
    count, earliest = (
        await session.execute(
            select(func.count(), func.min(AuthState.created_at)).where(
                AuthState.telegram_user_id == telegram_user_id, AuthState.created_at > since
            )
        )
    ).one()
    return int(count), earliest


def _check(row: AuthState | None, now: datetime) -> AuthState:
    if row is None:
        raise StateRejected(StateProblem.UNKNOWN)
    if row.used_at is not None:
        raise StateRejected(StateProblem.USED)
    if row.expires_at <= now:
        raise StateRejected(StateProblem.EXPIRED)
    return row


async def peek(session: AsyncSession, state: str, *, now: datetime) -> AuthState:
    """A usable state (for the redirect to the registry), without using it up."""
    return _check(await session.get(AuthState, secret_hash(state)), now)


async def consume(session: AsyncSession, state: str, *, now: datetime) -> AuthState:
    """Use the state up. The conditional UPDATE makes two racing callbacks with one state end
    with exactly one winner."""
    row = _check(await session.get(AuthState, secret_hash(state)), now)
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(AuthState)
        .where(AuthState.state_hash == row.state_hash, AuthState.used_at.is_(None), AuthState.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StateRejected(StateProblem.USED)
    return row
