"""Who the watcher polls when its share of the client's budget is short (the budget itself: tests/backend/registry)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from backend.events.watch_budget import DuePerson, WatchLane, plan

T0 = datetime(2026, 12, 1, tzinfo=UTC)


def _due(person_id: str, lane: WatchLane, minutes_ago: int) -> DuePerson:
    return DuePerson(person_id, lane, T0 - timedelta(minutes=minutes_ago))


URGENT, TIMED, SWEEP = WatchLane.URGENT, WatchLane.TIMED, WatchLane.SWEEP


def test_when_the_budget_is_short_urgent_persons_go_first_then_timed_then_the_longest_waiting() -> None:
    due = [_due("a", SWEEP, 50), _due("b", URGENT, 1), _due("c", SWEEP, 90), _due("d", URGENT, 5), _due("e", TIMED, 0)]
    # Urgent polls are light (2 calls) and take at most half of what the round affords while others are due.
    assert [p.person_id for p in plan(due, available=9, calls_per_person=3, urgent_calls=2)] == ["d", "b", "e"]
    assert [p.person_id for p in plan(due, available=100, calls_per_person=3, urgent_calls=2)] == [
        "d",
        "b",
        "e",
        "c",
        "a",
    ]
    assert plan(due, available=1.9, calls_per_person=3, urgent_calls=2) == []


def test_a_crowd_of_open_requests_leaves_the_other_half_of_the_budget_to_the_rest() -> None:
    crowd = [_due(f"u{i}", URGENT, i) for i in range(50)]
    chosen = plan(
        [*crowd, _due("s1", SWEEP, 10), _due("s2", SWEEP, 5)], available=20, calls_per_person=7, urgent_calls=2
    )
    urgent = [p for p in chosen if p.lane is URGENT]
    assert len(urgent) == 5  # 10 of the 20 calls
    assert [p.person_id for p in chosen if p.lane is SWEEP] == ["s1"]  # 7 of the 10 left
    # With nobody else due, urgent persons may take everything.
    assert len(plan(crowd, available=20, calls_per_person=7, urgent_calls=2)) == 10


def test_a_light_urgent_poll_is_charged_the_one_call_it_makes() -> None:
    crowd = [_due(f"u{i}", URGENT, i) for i in range(50)]
    chosen = plan([*crowd, _due("s1", SWEEP, 10)], available=20, calls_per_person=7, urgent_calls=1)
    assert sum(1 for p in chosen if p.lane is URGENT) == 10  # half of the 20 calls, one each
    assert [p.person_id for p in chosen if p.lane is SWEEP] == ["s1"]


def test_an_urgent_person_whose_slow_reads_are_due_is_polled_in_full_when_the_round_affords_it() -> None:
    """The full poll may overrun the urgent share (a share of a free-tier round never affords one); a round
    that cannot afford it polls the person light, so their open requests are read on time all the same."""
    slow_due = replace(_due("f", URGENT, 9), full_poll=True)
    due = [slow_due, _due("u", URGENT, 5), _due("s", SWEEP, 60)]
    affords = plan(due, available=9, calls_per_person=7, urgent_calls=1)
    assert [(p.person_id, p.full_poll) for p in affords] == [("f", True)]  # 7 of 9: nothing else fits
    short = plan(due, available=5, calls_per_person=7, urgent_calls=1)
    assert [(p.person_id, p.full_poll) for p in short] == [("f", False), ("u", False)]


def test_a_person_never_read_is_polled_in_full_or_not_at_all() -> None:
    """A new link's first poll reads everything whatever the plan says (its baseline): charged as a light one,
    it would run out of tokens mid-way."""
    new = replace(_due("n", URGENT, 9), full_poll=True, first_poll=True)
    assert plan([new, _due("u", URGENT, 5)], available=5, calls_per_person=7, urgent_calls=1) == [_due("u", URGENT, 5)]
    assert plan([new], available=7, calls_per_person=7, urgent_calls=1) == [new]
