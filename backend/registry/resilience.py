"""Staying polite to a struggling registry: a circuit breaker and the retry backoff.

The breaker counts consecutive failed *calls* (a call's retries included) where the registry was
unreachable or broken (timeouts, refused connections, 5xx, malformed answers). Business refusals
(4xx) mean the registry works, so they count as successes. After `failure_threshold` failures the
circuit opens and calls fail fast; after `reset_seconds` one trial call is let through
(half-open): its success closes the circuit, its failure opens it again.
"""

from __future__ import annotations

import enum
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


class CircuitState(enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitOpen(Exception):
    """The breaker refused a call without trying it."""


class CircuitBreaker:
    def __init__(
        self,
        failure_threshold: int,
        reset_seconds: float,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        self._threshold = failure_threshold
        self._reset_seconds = reset_seconds
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_in_flight = False

    @property
    def state(self) -> CircuitState:
        if self._opened_at is None:
            return CircuitState.CLOSED
        if self._clock() - self._opened_at >= self._reset_seconds:
            return CircuitState.HALF_OPEN
        return CircuitState.OPEN

    def before_call(self) -> None:
        """Raise CircuitOpen when the call must not go out; otherwise let it through."""
        state = self.state
        if state is CircuitState.OPEN:
            raise CircuitOpen
        if state is CircuitState.HALF_OPEN:
            # Exactly one trial call probes the registry; the others keep failing fast meanwhile.
            if self._trial_in_flight:
                raise CircuitOpen
            self._trial_in_flight = True

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None
        self._trial_in_flight = False

    def record_failure(self) -> None:
        was_trial = self._trial_in_flight
        self._trial_in_flight = False
        self._failures += 1
        if was_trial or self._failures >= self._threshold:
            self._opened_at = self._clock()

    def release_trial(self) -> None:
        """A trial call ended with neither verdict (e.g. it was cancelled): let another one try."""
        self._trial_in_flight = False


def backoff_delay(attempt: int, *, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds to wait before retry number `attempt` (1-based): exponential with full jitter."""
    ceiling = min(cap, base * (2 ** (attempt - 1)))
    return (rng or random).uniform(0, ceiling)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delay in seconds or an HTTP date); None if unusable."""
    if value is None or not value.strip():
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        seconds = (moment - (now or datetime.now(UTC))).total_seconds()
        return max(seconds, 0.0)
    return seconds if seconds >= 0 else None
