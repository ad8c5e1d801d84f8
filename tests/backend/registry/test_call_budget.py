"""The client's one registry budget: never more than N calls in any window, patients first."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.registry.budget import BudgetShape, Lane, LaneBudget, LocalCallBudget


class FakeTime:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def take_all(budget: LocalCallBudget, lane: Lane, attempts: int) -> int:
    async def run() -> int:
        return sum([await budget.try_take(lane) for _ in range(attempts)])

    return asyncio.run(run())


def test_background_lanes_leave_the_patients_reserve() -> None:
    clock = FakeTime()
    shape = BudgetShape(1000, 900)  # bucket 50, reserve 25
    budget = LocalCallBudget(shape, clock=clock)
    assert take_all(budget, Lane.WATCHER, 100) == 25
    assert take_all(budget, Lane.SYNC, 100) == 0
    assert take_all(budget, Lane.PATIENT, 100) == 25


def test_while_patients_keep_the_bucket_low_the_watcher_gets_nothing() -> None:
    clock = FakeTime()
    budget = LocalCallBudget(BudgetShape(1000, 900), clock=clock)
    take_all(budget, Lane.PATIENT, 50)
    watcher_calls = 0
    for _ in range(600):  # ten minutes of patients asking for more than the refill
        clock.now += 1
        take_all(budget, Lane.PATIENT, 2)
        watcher_calls += take_all(budget, Lane.WATCHER, 5)
    assert watcher_calls == 0


def test_after_a_patient_is_refused_the_watcher_waits_until_the_bucket_could_be_full() -> None:
    clock = FakeTime()
    shape = BudgetShape(1000, 900)  # bucket 50, reserve 25, refill 1.056 a second: full again in ~47 s
    budget = LocalCallBudget(shape, clock=clock)
    assert take_all(budget, Lane.PATIENT, 51) == 50  # the 51st is refused
    clock.now += 40  # ~42 tokens: above the reserve, yet patients were turned away 40 s ago
    assert take_all(budget, Lane.WATCHER, 10) == 0

    async def watcher_wait() -> float:
        return await budget.wait_seconds(Lane.WATCHER)

    assert asyncio.run(watcher_wait()) == pytest.approx(shape.patient_hold_seconds - 40)
    assert take_all(budget, Lane.PATIENT, 1) == 1  # patients themselves are never held
    clock.now += shape.patient_hold_seconds - 40
    assert take_all(budget, Lane.WATCHER, 10) == 10


def test_a_refusal_in_a_background_lane_holds_nobody() -> None:
    clock = FakeTime()
    budget = LocalCallBudget(BudgetShape(1000, 900), clock=clock)
    assert take_all(budget, Lane.WATCHER, 30) == 25  # five refused: the reserve is reached
    clock.now += 10
    assert take_all(budget, Lane.SYNC, 5) == 5


def test_a_steady_background_load_uses_the_whole_refill() -> None:
    clock = FakeTime()
    shape = BudgetShape(1000, 900)
    budget = LocalCallBudget(shape, clock=clock)
    taken = 0
    for _ in range(900 * 4):
        clock.now += 1
        taken += take_all(budget, Lane.WATCHER, 3)
    # four windows: the first burst down to the reserve, then the refill, 950 calls a window
    assert taken == pytest.approx(25 + 4 * 950, abs=2)


def test_the_wait_is_how_long_the_refill_takes_and_a_429_pause() -> None:
    clock = FakeTime()
    shape = BudgetShape(1000, 900)
    budget = LocalCallBudget(shape, clock=clock)
    take_all(budget, Lane.PATIENT, 50)

    async def waits() -> tuple[float, float, float]:
        patient = await budget.wait_seconds(Lane.PATIENT)
        watcher = await budget.wait_seconds(Lane.WATCHER)
        await budget.pause(120)
        return patient, watcher, await budget.wait_seconds(Lane.PATIENT)

    patient, watcher, paused = asyncio.run(waits())
    assert patient == pytest.approx(1 / shape.rate)
    assert watcher == pytest.approx(26 / shape.rate)
    assert paused == pytest.approx(120)
    assert take_all(budget, Lane.PATIENT, 1) == 0


def test_a_lane_view_speaks_for_its_lane() -> None:
    clock = FakeTime()
    budget = LocalCallBudget(BudgetShape(1000, 900), clock=clock)
    watcher = LaneBudget(budget, Lane.WATCHER)

    async def run() -> tuple[float, bool]:
        return await watcher.available(), await watcher.try_take(25)

    assert asyncio.run(run()) == (25.0, True)
    assert take_all(budget, Lane.WATCHER, 1) == 0


@settings(max_examples=60, deadline=None)
@given(
    calls=st.integers(min_value=20, max_value=2000),
    steps=st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=30),
            st.sampled_from(list(Lane)),
            st.integers(min_value=0, max_value=40),
        ),
        max_size=80,
    ),
)
def test_no_window_ever_holds_more_calls_than_the_budget(calls: int, steps: list[tuple[float, Lane, int]]) -> None:
    clock = FakeTime()
    window = 900.0
    budget = LocalCallBudget(BudgetShape(calls, window), clock=clock)
    admitted: list[float] = []
    for pause, lane, attempts in steps:
        clock.now += pause
        admitted.extend([clock.now] * take_all(budget, lane, attempts))
    for start in admitted:
        assert sum(1 for t in admitted if start <= t < start + window) <= calls


def test_nonsense_shapes_are_refused() -> None:
    with pytest.raises(ValueError):
        BudgetShape(1, 900)
    with pytest.raises(ValueError):
        BudgetShape(1000, 0)
    with pytest.raises(ValueError):
        BudgetShape(1000, 900, burst_share=1.5)
