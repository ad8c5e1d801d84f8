"""The sandbox clock: real UTC time plus an offset a demo control can move forward."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.core.models import SandboxClock


class Clock:
    def __init__(self, offset_seconds: float = 0.0) -> None:
        self.offset = timedelta(seconds=offset_seconds)

    def now(self) -> datetime:
        """Naive UTC (the tables store naive UTC datetimes)."""
        return datetime.now(UTC).replace(tzinfo=None) + self.offset

    def today(self) -> date:
        return self.now().date()

    async def load(self, session: AsyncSession) -> None:
        row = await session.scalar(select(SandboxClock).where(SandboxClock.id == 1))
        self.offset = timedelta(seconds=row.offset_seconds if row else 0.0)

    async def advance(self, session: AsyncSession, seconds: float) -> None:
        row = await session.scalar(select(SandboxClock).where(SandboxClock.id == 1))
        if row is None:
            row = SandboxClock(id=1, offset_seconds=0.0)
            session.add(row)
        row.offset_seconds += seconds
        self.offset = timedelta(seconds=row.offset_seconds)
