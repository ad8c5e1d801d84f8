"""A bot's queue of undelivered updates, with Telegram's `offset` and `allowed_updates` rules.

Each update is serialised when it is created: later edits of a message must not change an update
the bot has not fetched yet, and getUpdates and the webhook then only copy bytes.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from sandbox.telegram.wire import dumps

UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "message_reaction",
        "message_reaction_count",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
# An empty `allowed_updates` means every type except these (Telegram's default).
_OPT_IN_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
DEFAULT_ALLOWED = UPDATE_TYPES - _OPT_IN_TYPES


@dataclass(frozen=True, slots=True)
class PendingUpdate:
    update_id: int
    kind: str
    # Updates of one chat are delivered in order; updates of different chats may overtake each other.
    chat_key: int
    body: bytes


class UpdateQueue:
    def __init__(self, max_pending: int) -> None:
        self._max_pending = max_pending
        self._pending: OrderedDict[int, PendingUpdate] = OrderedDict()
        # Update ids only grow, across resets too: a running bot's offset must never skip new updates.
        self._next_id = 1
        self._arrived = asyncio.Event()
        self.allowed: frozenset[str] = DEFAULT_ALLOWED
        self.allowed_explicitly: list[str] | None = None

    def __len__(self) -> int:
        return len(self._pending)

    @property
    def last_id(self) -> int:
        return self._next_id - 1

    def set_allowed(self, types: list[str] | None) -> None:
        """Telegram keeps the previous setting when the parameter is absent; [] restores the default."""
        if types is None:
            return
        chosen = frozenset(types) & UPDATE_TYPES
        self.allowed = chosen or DEFAULT_ALLOWED
        self.allowed_explicitly = sorted(chosen) or None

    def push(self, kind: str, payload: dict[str, Any], chat_key: int) -> int | None:
        """Queue an update; None when the bot does not subscribe to this kind."""
        if kind not in self.allowed:
            return None
        update_id = self._next_id
        self._next_id += 1
        body = dumps({"update_id": update_id, kind: payload})
        self._pending[update_id] = PendingUpdate(update_id, kind, chat_key, body)
        while len(self._pending) > self._max_pending:
            self._pending.popitem(last=False)
        self._wake()
        return update_id

    def confirm(self, offset: int) -> int:
        """Forget updates before `offset` (a negative offset keeps only the last -offset); how many went."""
        if offset < 0:
            keep = -offset
            forgotten = max(len(self._pending) - keep, 0)
            for _ in range(forgotten):
                self._pending.popitem(last=False)
            return forgotten
        forgotten = 0
        while self._pending:
            first = next(iter(self._pending))
            if first >= offset:
                break
            del self._pending[first]
            forgotten += 1
        return forgotten

    def peek(self, limit: int) -> list[PendingUpdate]:
        taken: list[PendingUpdate] = []
        for update in self._pending.values():
            if len(taken) >= limit:
                break
            taken.append(update)
        return taken

    def after(self, update_id: int) -> list[PendingUpdate]:
        """Pending updates newer than `update_id`, oldest first."""
        newer: list[PendingUpdate] = []
        for key in reversed(self._pending):
            if key <= update_id:
                break
            newer.append(self._pending[key])
        newer.reverse()
        return newer

    def is_pending(self, update_id: int) -> bool:
        return update_id in self._pending

    def remove(self, update_id: int) -> bool:
        return self._pending.pop(update_id, None) is not None

    def clear(self) -> None:
        self._pending.clear()

    def _wake(self) -> None:
        arrived, self._arrived = self._arrived, asyncio.Event()
        arrived.set()

    def waiter(self) -> asyncio.Event:
        """An event set by the next push (take it before checking the queue, then wait on it)."""
        return self._arrived

    def release_waiters(self) -> None:
        self._wake()
