"""Which lane and moment a poll's outcome gives a person (`StatusWatcher._next_poll`), on a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

from backend.clock import Clock
from backend.events.watch_budget import WatchLane
from backend.events.watch_config import WatcherSettings
from backend.events.watch_rules import Outcome
from backend.events.watcher import REMINDER_HORIZON, StatusWatcher
from backend.registry.budget import BudgetShape, Lane, LaneBudget, LocalCallBudget
from tests.backend.registry.test_call_budget import FakeTime

NOW = datetime(2026, 12, 6, 20, 0, tzinfo=UTC)
SLOW = timedelta(minutes=30)


def watcher() -> StatusWatcher:
    # `_next_poll` decides from the outcome and the rules alone: no database, registry or budget is touched.
    nothing = cast(Any, None)
    settings = WatcherSettings(_env_file=None, enabled=False, slow_interval=int(SLOW.total_seconds()))  # type: ignore[call-arg]
    return StatusWatcher(nothing, nothing, nothing, Clock(), settings, budget=nothing)


def outcome(
    *, remind_at: datetime | None = None, open_request: bool = False, youngest_request_at: datetime | None = None
) -> Outcome:
    return Outcome(
        (),
        {},
        pending=open_request,
        open_request=open_request,
        remind_at=remind_at,
        youngest_request_at=youngest_request_at,
    )


def test_without_a_reminder_a_person_is_swept_at_the_slow_interval() -> None:
    assert watcher()._next_poll(outcome(), NOW) == (WatchLane.SWEEP, NOW + SLOW)


def test_a_reminder_before_the_turn_is_polled_exactly_when_it_falls_due() -> None:
    midnight = NOW + timedelta(minutes=10)
    assert watcher()._next_poll(outcome(remind_at=midnight), NOW) == (WatchLane.TIMED, midnight)


def test_a_reminder_after_the_turn_but_within_the_day_keeps_the_person_timed_at_their_turn() -> None:
    """A sweep behind its round would poll them long after their turn, and after the reminder fell due: the
    timed lane is served on time, so the next poll (their turn) sees the reminder come and waits for it."""
    later = NOW + timedelta(hours=5)
    assert watcher()._next_poll(outcome(remind_at=later), NOW) == (WatchLane.TIMED, NOW + SLOW)


def test_a_reminder_beyond_the_day_leaves_the_person_in_the_sweep() -> None:
    far = NOW + REMINDER_HORIZON + timedelta(minutes=1)
    assert watcher()._next_poll(outcome(remind_at=far), NOW) == (WatchLane.SWEEP, NOW + SLOW)


def test_an_open_request_keeps_the_person_urgent_whatever_reminder_comes() -> None:
    lane, at = watcher()._next_poll(outcome(remind_at=NOW + timedelta(hours=2), open_request=True), NOW)
    assert lane is WatchLane.URGENT and at < NOW + SLOW


def test_a_fresh_request_is_polled_at_the_fast_interval() -> None:
    made = NOW - timedelta(hours=5, minutes=59)
    assert watcher()._next_poll(outcome(open_request=True, youngest_request_at=made), NOW) == (
        WatchLane.URGENT,
        NOW + timedelta(seconds=60),
    )


def test_an_aged_request_is_polled_at_the_aged_interval_and_its_expiry_reminder_on_time() -> None:
    """A request older than `fresh_request_hours` is unlikely to be signed at any given minute: polled every
    `aged_request_interval`, still in the urgent lane; its expiry reminder keeps its own moment."""
    made = NOW - timedelta(hours=6)
    aged = outcome(open_request=True, youngest_request_at=made)
    assert watcher()._next_poll(aged, NOW) == (WatchLane.URGENT, NOW + timedelta(minutes=10))
    reminder = NOW + timedelta(minutes=4)
    with_reminder = outcome(open_request=True, youngest_request_at=made, remind_at=reminder)
    assert watcher()._next_poll(with_reminder, NOW) == (WatchLane.URGENT, reminder)


def test_a_request_of_unknown_age_counts_as_fresh() -> None:
    assert watcher()._next_poll(outcome(open_request=True), NOW) == (WatchLane.URGENT, NOW + timedelta(seconds=60))


async def test_a_call_made_again_after_a_refresh_is_paid_again() -> None:
    """`TokenService.call` makes the call a second time when the first was refused for an expired session: both
    reached eHealth, so both take a token of the watcher's budget."""
    clock = FakeTime()
    client = LocalCallBudget(BudgetShape(1000, 900), clock=clock)
    budget = LaneBudget(client, Lane.WATCHER)

    class RetryingTokens:
        async def call(self, session: object, link: object, operation: Any) -> Any:
            await operation("expired")  # refused for the session: renewed, then made again
            return await operation("renewed")

    nothing = cast(Any, None)
    settings = WatcherSettings(_env_file=None, enabled=False)  # type: ignore[call-arg]
    polling = StatusWatcher(nothing, nothing, cast(Any, RetryingTokens()), Clock(), settings, budget=budget)
    before = await budget.available()

    async def read(token: str) -> str:
        return token

    assert await polling._call(nothing, nothing, read) == "renewed"
    assert await budget.available() == before - 2
