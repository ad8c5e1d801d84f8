"""The watcher's call budget (never more than N calls in any window) and who gets polled when it is short."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.events.watch_budget import CallBudget, DuePerson, plan

T0 = datetime(2026, 12, 1, tzinfo=UTC)


class FakeTime:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_fresh_budget_allows_only_its_burst_at_once() -> None:
    clock = FakeTime()
    budget = CallBudget(900, 900, clock=clock)
    taken = sum(budget.try_take() for _ in range(1000))
    assert taken == 90
    clock.now += 10  # refills at (900 - 90) / 900 = 0.9 calls a second
    assert sum(budget.try_take() for _ in range(100)) == 9


@settings(max_examples=60, deadline=None)
@given(
    calls=st.integers(min_value=10, max_value=1000),
    steps=st.lists(
        st.tuples(st.floats(min_value=0, max_value=30), st.integers(min_value=0, max_value=40)), max_size=80
    ),
)
def test_no_window_ever_holds_more_calls_than_the_budget(calls: int, steps: list[tuple[float, int]]) -> None:
    clock = FakeTime()
    window = 900.0
    budget = CallBudget(calls, window, clock=clock)
    admitted: list[float] = []
    for pause, attempts in steps:
        clock.now += pause
        for _ in range(attempts):
            if budget.try_take():
                admitted.append(clock.now)
    for start in admitted:
        in_window = sum(1 for t in admitted if start <= t < start + window)
        assert in_window <= calls


def test_a_registry_refusal_pauses_every_call() -> None:
    clock = FakeTime()
    budget = CallBudget(900, 900, clock=clock)
    budget.pause(30)
    assert budget.available() == 0
    assert not budget.try_take()
    clock.now += 30
    assert budget.try_take()


def test_nonsense_budgets_are_refused() -> None:
    with pytest.raises(ValueError):
        CallBudget(0, 900)
    with pytest.raises(ValueError):
        CallBudget(900, 0)


def _due(person_id: str, pending: bool, minutes_ago: int) -> DuePerson:
    return DuePerson(person_id, pending, T0 - timedelta(minutes=minutes_ago))


def test_when_the_budget_is_short_pending_persons_go_first_then_the_longest_waiting() -> None:
    due = [_due("a", False, 50), _due("b", True, 1), _due("c", False, 90), _due("d", True, 5)]
    assert [p.person_id for p in plan(due, available=9, calls_per_person=3)] == ["d", "b", "c"]
    assert [p.person_id for p in plan(due, available=100, calls_per_person=3)] == ["d", "b", "c", "a"]
    assert plan(due, available=2.9, calls_per_person=3) == []
