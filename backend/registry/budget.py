"""One budget for every registry call the cabinet makes, patients first.

eHealth throttles per client (the whole cabinet), not per process or per patient: the documented default is 1000
calls per 15 minutes (ONE-API apiary.apib, "Rate Limits (Throttling)"). Patients' screens and sign-ins, the status
watcher and the directory sync all draw on that one allowance, so they draw on one budget.

A token bucket: it holds at most `capacity` tokens and refills at (calls − capacity) / window per second, so no
window of `window` seconds ever holds more than `calls` calls (a full bucket plus one window's refill). Every
registry call takes a token before it is made.

Patients first: a patient's call may take any token; a background call (the watcher, the directory sync) only
one above `patient_reserve`. Background work therefore drains the bucket down to the reserve and no lower, so a
patient's call is refused only when patients themselves (or the registry's own 429) have spent the budget. And
once a patient's call has been refused, background lanes take nothing until the bucket could have filled again
(`patient_hold_seconds`): while patients ask for more than the budget gives, every token is theirs, rather than
the watcher taking the refill of a lull that the next patients would have needed.

`LocalCallBudget` serves one process (the embedded default, tests, benches); a shared one (Redis) implements
the same `ClientCallBudget` protocol for several processes.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Lane(StrEnum):
    PATIENT = "patient"  # a patient's screen or sign-in: waits for nobody but other patients
    WATCHER = "watcher"  # the status watcher: takes what patients leave
    SYNC = "sync"  # the doctor directory's sync: takes what patients leave


BACKGROUND_LANES = frozenset({Lane.WATCHER, Lane.SYNC})


class ClientCallBudget(Protocol):
    async def try_take(self, lane: Lane, calls: int = 1) -> bool:
        """Take `calls` tokens for `lane` if it may have them now; False (nothing taken) otherwise."""
        ...

    async def available(self, lane: Lane) -> float:
        """Calls `lane` may make now (0 while the registry's 429 pause lasts)."""
        ...

    async def wait_seconds(self, lane: Lane, calls: int = 1) -> float:
        """Seconds until `lane` may make `calls` calls if nobody else takes any meanwhile (0: now)."""
        ...

    async def pause(self, seconds: float) -> None:
        """The registry answered 429: no lane makes a call for `seconds`."""
        ...


@dataclass(frozen=True, slots=True)
class BudgetShape:
    """The numbers a budget is built from, shared by every implementation."""

    calls: int  # at most this many calls in any window
    window_seconds: float
    burst_share: float = 0.05  # the bucket's size as a share of `calls`: what may go at once after a quiet spell
    reserve_share: float = 0.5  # the share of the bucket background lanes leave to patients

    def __post_init__(self) -> None:
        if self.calls < 2 or self.window_seconds <= 0:
            raise ValueError("a budget needs at least 2 calls and a positive window")
        if not 0 < self.burst_share < 1 or not 0 <= self.reserve_share < 1:
            raise ValueError("a budget needs 0 < burst_share < 1 and 0 ≤ reserve_share < 1")

    @property
    def capacity(self) -> float:
        return float(max(1, math.floor(self.calls * self.burst_share)))

    @property
    def rate(self) -> float:
        """Tokens per second: what a steady load may use, (calls − capacity) per window."""
        return (self.calls - self.capacity) / self.window_seconds

    @property
    def patient_reserve(self) -> float:
        return math.floor(self.capacity * self.reserve_share)

    @property
    def patient_hold_seconds(self) -> float:
        """How long background lanes wait after a patient's call was refused: the time the bucket takes to fill."""
        return self.capacity / self.rate

    def hold(self, lane: Lane) -> float:
        """Seconds a patient's refusal holds `lane` back."""
        return self.patient_hold_seconds if lane in BACKGROUND_LANES else 0.0

    def floor(self, lane: Lane) -> float:
        """Tokens a call of `lane` must leave in the bucket."""
        return self.patient_reserve if lane in BACKGROUND_LANES else 0.0


class LocalCallBudget:
    """The budget of one process; `clock` (monotonic seconds) is injected so tests and benches move time."""

    def __init__(self, shape: BudgetShape, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.shape = shape
        self._clock = clock
        self._tokens = shape.capacity
        self._stamp = clock()
        self._paused_until = float("-inf")
        self._patient_refused_at = float("-inf")

    def _refill(self) -> float:
        now = self._clock()
        self._tokens = min(self.shape.capacity, self._tokens + (now - self._stamp) * self.shape.rate)
        self._stamp = now
        return now

    def _held(self, lane: Lane, now: float) -> float:
        return max(0.0, self._patient_refused_at + self.shape.hold(lane) - now)

    async def available(self, lane: Lane) -> float:
        now = self._refill()
        if now < self._paused_until or self._held(lane, now) > 0:
            return 0.0
        return max(0.0, self._tokens - self.shape.floor(lane))

    async def try_take(self, lane: Lane, calls: int = 1) -> bool:
        if await self.available(lane) < calls:
            if lane is Lane.PATIENT:
                self._patient_refused_at = self._stamp
            return False
        self._tokens -= calls
        return True

    async def wait_seconds(self, lane: Lane, calls: int = 1) -> float:
        now = self._refill()
        paused = max(0.0, self._paused_until - now)
        missing = calls + self.shape.floor(lane) - self._tokens
        refill = max(0.0, missing / self.shape.rate)
        return max(paused, self._held(lane, now), refill)

    async def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self._clock() + seconds)


@dataclass(frozen=True, slots=True)
class LaneBudget:
    """One lane's view of the client's budget: what the watcher (or the sync) is given."""

    budget: ClientCallBudget
    lane: Lane

    async def available(self) -> float:
        return await self.budget.available(self.lane)

    async def try_take(self, calls: int = 1) -> bool:
        return await self.budget.try_take(self.lane, calls)

    async def wait_seconds(self, calls: int = 1) -> float:
        return await self.budget.wait_seconds(self.lane, calls)

    async def pause(self, seconds: float) -> None:
        await self.budget.pause(seconds)
