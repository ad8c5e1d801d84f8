"""Who the status watcher polls when its share of the client's registry budget is short.

The budget itself is the client's one (`backend.registry.budget`): the watcher gets its `LaneBudget` (the WATCHER
lane, what patients leave) and takes a token before each call. This module orders the due persons by lane:

- URGENT: an unsigned declaration request waits for the doctor. The patient waits for that answer, so these go
  first and often, and their polls are light (the open requests only, one call, one more when one is decided).
  Their share of a round is capped (`URGENT_SHARE`) while others are due, so a crowd of open requests slows
  itself down rather than stopping every other notice.
- TIMED: a reminder falls due at a known moment (a request about to expire, a pediatrician's declaration ending
  at 18, a prescription's last days): polled at that moment, ahead of the sweep.
- SWEEP: everyone else, in turn, longest waiting first: a round-robin at whatever rate the budget leaves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum


class WatchLane(IntEnum):
    URGENT = 0
    TIMED = 1
    SWEEP = 2


# The most of a round's affordable calls urgent persons take while anyone else is due.
URGENT_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class DuePerson:
    person_id: str
    lane: WatchLane
    next_poll_at: datetime

    @property
    def pending(self) -> bool:
        return self.lane is WatchLane.URGENT


def plan(
    due: Sequence[DuePerson],
    available: float,
    calls_per_person: int,
    *,
    urgent_calls: int | None = None,
    urgent_share: float = URGENT_SHARE,
) -> list[DuePerson]:
    """Who to poll now, as many as `available` calls afford: urgent persons first (at `urgent_calls` each, within
    `urgent_share` of the calls while others are due), then timed ones, then the sweep, each lane longest waiting
    first, at `calls_per_person` each. The rest stay due and come first next time."""
    urgent_cost = calls_per_person if urgent_calls is None else urgent_calls
    ordered = sorted(due, key=lambda person: (person.lane, person.next_poll_at, person.person_id))
    others_due = any(person.lane is not WatchLane.URGENT for person in ordered)
    urgent_allowance = available * urgent_share if others_due else available
    left = available
    chosen: list[DuePerson] = []
    for person in ordered:
        if person.lane is WatchLane.URGENT:
            if urgent_cost > min(left, urgent_allowance):
                continue
            urgent_allowance -= urgent_cost
            left -= urgent_cost
        else:
            if calls_per_person > left:
                break
            left -= calls_per_person
        chosen.append(person)
    return chosen
