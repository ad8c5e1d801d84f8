"""The sandbox's change feed: what the bot did, for the web page and tests to wait on without sleeping.

Events are numbered by `seq`; a reader long-polls for events after the last one it saw. The sequence
keeps growing across resets so that a reader's cursor never points into a different history.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

Event = dict[str, Any]


class EventFeed:
    def __init__(self, history: int) -> None:
        self._history = history
        self._events: list[Event] = []
        self._first_seq = 1  # seq of self._events[0]
        self._last_seq = 0
        self._changed = asyncio.Event()

    @property
    def last_seq(self) -> int:
        return self._last_seq

    def publish(self, kind: str, *, bot_id: int | None, user_id: int | None, **data: Any) -> Event:
        self._last_seq += 1
        event: Event = {
            "seq": self._last_seq,
            "kind": kind,
            "bot_id": bot_id,
            "user_id": user_id,
            "at": time.time(),
            **data,
        }
        if not self._events:
            self._first_seq = self._last_seq
        self._events.append(event)
        if len(self._events) > 2 * self._history:
            # Trim in batches so publishing stays O(1) amortised.
            drop = len(self._events) - self._history
            del self._events[:drop]
            self._first_seq += drop
        self._wake()
        return event

    def after(
        self, seq: int, *, bot_id: int | None = None, user_id: int | None = None, limit: int = 1000
    ) -> list[Event]:
        start = max(seq + 1 - self._first_seq, 0)
        selected: list[Event] = []
        for event in self._events[start:]:
            if bot_id is not None and event["bot_id"] not in (None, bot_id):
                continue
            if user_id is not None and event["user_id"] not in (None, user_id):
                continue
            selected.append(event)
            if len(selected) >= limit:
                break
        return selected

    async def wait_after(
        self, seq: int, wait_s: float, *, bot_id: int | None = None, user_id: int | None = None
    ) -> list[Event]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait_s
        while True:
            changed = self._changed
            events = self.after(seq, bot_id=bot_id, user_id=user_id)
            remaining = deadline - loop.time()
            if events or remaining <= 0:
                return events
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)
            if self._last_seq <= seq and changed.is_set():
                # Woken without a new event: the feed is being released (reset or shutdown).
                return []

    def clear(self) -> None:
        self._events.clear()
        self._first_seq = self._last_seq + 1

    def release_waiters(self) -> None:
        self._wake()

    def _wake(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()
