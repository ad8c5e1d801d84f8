"""Time as the backend sees it: aware UTC instants and the patient's calendar date (Kyiv).

One object so tests can move time (lease expiry, link expiry, token refresh) without sleeping.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

KYIV = ZoneInfo("Europe/Kyiv")


class Clock:
    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def today(self) -> date:
        """The date in Ukraine: birthdays and ages turn over at Kyiv midnight, not UTC midnight."""
        return self.now().astimezone(KYIV).date()

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)
