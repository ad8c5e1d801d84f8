"""The sandbox clock: real UTC time plus an offset a demo control can move forward."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.core.models import SandboxClock

KYIV = ZoneInfo("Europe/Kyiv")


def ukrainian_date(moment: datetime) -> date:
    """The calendar day in Ukraine at a naive UTC moment: eHealth's dates (a prescription's last day, the day a
    declaration ends, a person's age) are Ukraine's, which run two or three hours ahead of UTC's."""
    return moment.replace(tzinfo=UTC).astimezone(KYIV).date()


def ukrainian_today() -> date:
    """Today in Ukraine on the real clock: the day a fresh sandbox is seeded around."""
    return datetime.now(KYIV).date()


class Clock:
    def __init__(self, offset_seconds: float = 0.0) -> None:
        self.offset = timedelta(seconds=offset_seconds)

    def now(self) -> datetime:
        """Naive UTC (the tables store naive UTC datetimes)."""
        return datetime.now(UTC).replace(tzinfo=None) + self.offset

    def today(self) -> date:
        return ukrainian_date(self.now())

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
