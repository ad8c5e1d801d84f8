"""Who the status watcher polls when its share of the client's registry budget is short.

The budget itself is the client's one (`backend.registry.budget`): the watcher gets its `LaneBudget` (the WATCHER
lane, what patients leave) and takes a token before each call. This module orders the due persons by lane:

- URGENT: an unsigned declaration request waits for the doctor. The patient waits for that answer, so these go
  first and often (every `fast_interval` while the youngest open request is fresh, every
  `aged_request_interval` once it is older than `fresh_request_hours`: `watch_rules.urgent_delay`), and their
  polls are light (the open requests only, one call, one more when one is decided) but for one full poll per
  `slow_interval`. Light polls' share of a round is capped (`URGENT_SHARE`) while others are due, so a crowd of
  open requests slows itself down rather than stopping every other notice.
- TIMED: a reminder falls due at a known moment (a request about to expire, a pediatrician's declaration ending
  at 18, a prescription's last days): polled at that moment, ahead of the sweep.
- SWEEP: everyone else, in turn, longest waiting first: a round-robin at whatever rate the budget leaves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
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
    # An urgent person whose slow-interval reads are due: their poll reads everything if the round affords it.
    full_poll: bool = False
    # An urgent person with nothing read yet (a new link): only a full poll will do.
    first_poll: bool = False

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
    """Who to poll now, as many as `available` calls afford: urgent persons first, then timed ones, then the
    sweep, each lane longest waiting first. The rest stay due and come first next time. The urgent persons
    chosen come back with `full_poll` set when their poll is to read everything, unset when it is to be light.

    Each poll is charged what it will make (a poll that finds no token mid-way is deferred and its calls are
    lost): a light urgent poll `urgent_calls`, any other `calls_per_person`. Light urgent polls take at most
    `urgent_share` of the round's calls while others are due. An urgent person whose slow reads are due is
    polled in full when the round affords it and the urgent share is not spent (it may overrun the share: a full
    poll costs more than the share of one round at the free tier, and comes once per `slow_interval`), else
    light, so the open requests are never read later for it: the slow reads wait for a round that affords them."""
    light_cost = calls_per_person if urgent_calls is None else urgent_calls
    ordered = sorted(due, key=lambda person: (person.lane, person.next_poll_at, person.person_id))
    others_due = any(person.lane is not WatchLane.URGENT for person in ordered)
    urgent_allowance = available * urgent_share if others_due else available
    left = available
    chosen: list[DuePerson] = []
    for person in ordered:
        if person.lane is WatchLane.URGENT:
            full = person.full_poll or person.first_poll
            if full and calls_per_person <= left and urgent_allowance > 0:
                cost = calls_per_person
            elif not person.first_poll and light_cost <= min(left, urgent_allowance):
                cost, person = light_cost, replace(person, full_poll=False)
            else:
                continue
            urgent_allowance -= cost
            left -= cost
        else:
            if calls_per_person > left:
                break
            left -= calls_per_person
        chosen.append(person)
    return chosen
