"""The status watcher's share of eHealth's rate limit (documented: 1000 calls per 15 minutes per client).

A token bucket sized so that no window of `window` seconds ever holds more than `calls` calls: it starts with
`burst` tokens and refills at (calls − burst) / window per second, so burst + refill over any window is exactly
`calls`. Each registry call takes one token before it is made; a call without a token is not made.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime


class CallBudget:
    def __init__(
        self,
        calls: int,
        window_seconds: float,
        *,
        burst_share: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if calls < 1 or window_seconds <= 0 or not 0 < burst_share < 1:
            raise ValueError("a budget needs calls ≥ 1, a positive window and 0 < burst_share < 1")
        self.capacity = max(1.0, math.floor(calls * burst_share))
        self.rate = (calls - self.capacity) / window_seconds
        self._clock = clock
        self._tokens = self.capacity
        self._stamp = clock()
        self._paused_until = 0.0

    def available(self) -> float:
        """Calls that may be made now (0 while paused by the registry's own refusal)."""
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        return 0.0 if now < self._paused_until else self._tokens

    def try_take(self, calls: int = 1) -> bool:
        if self.available() < calls:
            return False
        self._tokens -= calls
        return True

    def pause(self, seconds: float) -> None:
        """The registry answered 429: make no calls for `seconds`."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)


@dataclass(frozen=True, slots=True)
class DuePerson:
    person_id: str
    pending: bool
    next_poll_at: datetime


def plan(due: Sequence[DuePerson], available: float, calls_per_person: int) -> list[DuePerson]:
    """Who to poll now: persons with something pending first, then the longest waiting, as many as the budget
    affords at `calls_per_person` each. The rest stay due and come first next time."""
    affordable = int(available // calls_per_person) if calls_per_person > 0 else len(due)
    ordered = sorted(due, key=lambda person: (not person.pending, person.next_poll_at, person.person_id))
    return ordered[: max(affordable, 0)]
