"""The notifier: outbox events → Telegram messages within Telegram's limits, acknowledged once sent.

Three loops share one process:
- claim: lease events from the backend (`POST /v1/events/claim`) while there is room, into one queue per chat;
- dispatch: take the chat whose turn has come, ask the rate limiter (global ~30/s, per chat ~1/s) and send its
  oldest event — one message in flight per chat keeps each chat's order, many chats are sent at once;
- acknowledge: report sent events in batches (`POST /v1/events/ack`).

Nothing is lost across a restart: an event is acknowledged only after Telegram accepted it, and an unacknowledged
event comes back from the backend when its lease ends (at-least-once: a crash between sending and acknowledging
repeats that message). An event whose lease would end before its turn is left for the backend to hand out again.
Telegram's answers: 429 pauses that chat and everyone for `retry_after`, then the same event is retried; 403 (the
patient blocked the bot) marks the chat unreachable at the backend, which then holds its events back; network and
server failures retry with a growing pause. The patient's notification preferences are applied once, by the
backend when it queues an event: whatever is claimed here is meant to be sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import os
import re
import socket
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram_dialog.api.protocols import BgManagerFactory

from backend.domain.events import EventKind
from bot.api_client import BackendClient, BackendError
from bot.api_models import Event
from bot.i18n import Locales
from bot.notifier.config import NotifierSettings
from bot.notifier.home import greet_and_open_home
from bot.notifier.limits import MemoryRateLimiter, RateLimiter
from bot.notifier.rendering import render

log = logging.getLogger(__name__)

# Stop counting on an event this long before its lease ends: the send and the ack must fit in the lease.
LEASE_MARGIN_S = 10.0
MAX_RETRY_PAUSE_S = 30.0
SHUTDOWN_GRACE_S = 5.0
_WORKER_ID_JUNK = re.compile(r"[^A-Za-z0-9_.:-]+")


class UnknownEventKind(Exception):
    """An event this bot cannot render (a newer backend): left for a notifier that can."""


@dataclass(slots=True)
class _Queued:
    event: Event
    lease_ends: float  # monotonic time after which the backend may hand the event to another notifier
    failures: int = 0


@dataclass(slots=True)
class NotifierStats:
    claimed: int = 0
    sent: int = 0
    acknowledged: int = 0
    rate_limited: int = 0  # 429 answers from Telegram
    unreachable: int = 0  # chats found blocked (403)
    failed: int = 0  # sends that failed and were retried
    expired: int = 0  # events whose lease ran out before their turn (the backend hands them out again)
    skipped: int = 0  # events not sendable here (unknown kind, message refused): left to the backend
    first_sent_at: float | None = None
    last_sent_at: float | None = None


def default_worker_id() -> str:
    return _WORKER_ID_JUNK.sub("-", f"notifier-{socket.gethostname()}-{os.getpid()}")[:64]


class Notifier:
    def __init__(
        self,
        bot: Bot,
        backend: BackendClient,
        locales: Locales,
        settings: NotifierSettings | None = None,
        *,
        limiter: RateLimiter | None = None,
        dialogs: BgManagerFactory | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`dialogs`: the dispatcher's background manager factory, to open the main menu after sign-in; without
        it (a separate notifier process with no shared dialog state) the greeting carries a menu button."""
        self._bot = bot
        self._backend = backend
        self._locales = locales
        self._settings = settings or NotifierSettings()
        self._limiter = limiter or MemoryRateLimiter(
            global_rate=self._settings.global_rate,
            global_burst=self._settings.global_burst,
            chat_rate=self._settings.chat_rate,
            chat_burst=self._settings.chat_burst,
        )
        self._dialogs = dialogs
        self._clock = clock
        self._limiter_down = False
        self.worker_id = _WORKER_ID_JUNK.sub("-", self._settings.worker_id)[:64] or default_worker_id()
        self.stats = NotifierStats()

        # Chats with something to send, taken in turn: enough to keep the global rate busy (each may send one a
        # second), few enough that a chat with several events gets its turn again within about two seconds.
        self._enough_chats = max(1, int(self._settings.global_rate * 2))
        # Hold no more than half a lease's worth of sending, overall and per chat (a chat gets at least one turn
        # per round of the line): whatever is held goes out well before its lease ends.
        half_lease = self._settings.lease_seconds / 2
        chat_turns = min(self._settings.chat_rate, self._settings.global_rate / self._enough_chats)
        self._max_held = max(1, int(self._settings.global_rate * half_lease))
        self._max_per_chat = max(1, int(chat_turns * half_lease))

        self._queues: dict[int, deque[_Queued]] = {}
        self._held: dict[int, _Queued] = {}  # event id → its place in a chat queue
        self._ready: list[tuple[float, int, int]] = []  # (when, tie-breaker, chat id)
        self._scheduled: set[int] = set()  # chats in `_ready`
        self._busy: set[int] = set()  # chats with a message in flight
        self._order = itertools.count()
        self._wake = asyncio.Event()  # a chat became ready earlier than the dispatcher expected
        self._room = asyncio.Event()  # something left the queues: the claimer may take more
        self._slots = asyncio.Semaphore(self._settings.concurrency)
        self._sending: set[asyncio.Task[None]] = set()
        self._acks: list[int] = []

    # Lifecycle ------------------------------------------------------------------------------------------

    async def run(self) -> None:
        """Claim, send and acknowledge until cancelled; on the way out, finish the messages in flight and
        acknowledge what was sent."""
        loops = [
            asyncio.create_task(self._claim_loop(), name="notifier-claim"),
            asyncio.create_task(self._dispatch_loop(), name="notifier-dispatch"),
            asyncio.create_task(self._ack_loop(), name="notifier-ack"),
        ]
        try:
            await asyncio.gather(*loops)
        finally:
            for loop in loops:
                loop.cancel()
            await asyncio.gather(*loops, return_exceptions=True)
            await self._finish()

    async def _finish(self) -> None:
        if self._sending:
            await asyncio.wait(set(self._sending), timeout=SHUTDOWN_GRACE_S)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(SHUTDOWN_GRACE_S):
                await self._flush_acks()

    @property
    def held(self) -> int:
        """Events claimed and not yet sent (or given up)."""
        return len(self._held)

    # Claiming -------------------------------------------------------------------------------------------

    def _wants_more(self) -> bool:
        return len(self._held) < self._max_held and len(self._queues) < self._enough_chats

    async def _claim_loop(self) -> None:
        pause = self._settings.poll_interval
        while True:
            if not self._wants_more():
                self._room.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._room.wait(), timeout=self._settings.poll_interval)
                continue
            # About one event per chat waiting: claim what keeps the line of chats at its length, no more.
            limit = max(
                1,
                min(
                    self._settings.batch_size,
                    self._max_held - len(self._held),
                    self._enough_chats - len(self._queues),
                ),
            )
            try:
                events = await self._backend.claim_events(
                    self.worker_id, limit=limit, lease_seconds=self._settings.lease_seconds
                )
            except Exception as error:  # the backend down or answering nonsense: try again later
                log.warning(
                    "notifier could not claim events",
                    extra={"code": getattr(error, "code", type(error).__name__)},
                    exc_info=not isinstance(error, BackendError),
                )
                await asyncio.sleep(pause)
                pause = min(pause * 2, MAX_RETRY_PAUSE_S)
                continue
            pause = self._settings.poll_interval
            lease_ends = self._clock() + self._settings.lease_seconds - LEASE_MARGIN_S
            for event in events:
                self._hold(event, lease_ends)
            self.stats.claimed += len(events)
            if len(events) < limit:
                await asyncio.sleep(self._settings.poll_interval)  # the outbox is drained for now

    def _hold(self, event: Event, lease_ends: float) -> None:
        known = self._held.get(event.id)
        if known is not None:  # our own lease ran out and we claimed it again: it keeps its place
            known.lease_ends = lease_ends
            return
        queue = self._queues.setdefault(event.chat_id, deque())
        if len(queue) >= self._max_per_chat:
            # This chat cannot get it within the lease; the backend hands it out again when the lease ends.
            self.stats.expired += 1
            return
        entry = _Queued(event, lease_ends)
        queue.append(entry)
        self._held[event.id] = entry
        if event.chat_id not in self._busy:
            self._schedule(event.chat_id, self._clock())

    # Dispatching ----------------------------------------------------------------------------------------

    def _schedule(self, chat_id: int, at: float) -> None:
        if chat_id in self._scheduled:
            return
        self._scheduled.add(chat_id)
        heapq.heappush(self._ready, (at, next(self._order), chat_id))
        self._wake.set()

    async def _next_chat(self) -> int:
        while True:
            delay: float | None = None
            if self._ready:
                at, _, chat_id = self._ready[0]
                delay = at - self._clock()
                if delay <= 0:
                    heapq.heappop(self._ready)
                    self._scheduled.discard(chat_id)
                    return chat_id
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)

    async def _dispatch_loop(self) -> None:
        while True:
            await self._slots.acquire()  # a free sending slot first, so a chat taken below is sent at once
            try:
                chat_id = await self._next_chat()
            except BaseException:
                self._slots.release()
                raise
            queue = self._queues.get(chat_id)
            if not queue:
                self._slots.release()
                continue
            # Busy from here on: an event claimed meanwhile must not put this chat in line a second time.
            self._busy.add(chat_id)
            try:
                admission = await self._limiter.acquire(chat_id, cost=self._cost(queue[0].event))
            except Exception:  # a shared limiter that cannot be reached: send nothing rather than too much
                # One traceback per outage, not one a second while it lasts.
                if not self._limiter_down:
                    log.exception("rate limiter failed; sending paused until it answers")
                self._limiter_down = True
                self._busy.discard(chat_id)
                self._slots.release()
                self._schedule(chat_id, self._clock() + 1.0)
                await asyncio.sleep(1.0)
                continue
            if self._limiter_down:
                log.warning("rate limiter answers again; sending resumed")
                self._limiter_down = False
            if not admission.granted:
                self._busy.discard(chat_id)
                self._slots.release()
                if admission.chat_limited:
                    self._schedule(chat_id, self._clock() + admission.retry_in)
                else:
                    self._schedule(chat_id, self._clock())  # keeps its turn; everyone waits for the global bucket
                    await asyncio.sleep(admission.retry_in)
                continue
            task = asyncio.create_task(self._send_next(chat_id))
            self._sending.add(task)
            task.add_done_callback(self._sent)

    def _sent(self, task: asyncio.Task[None]) -> None:
        self._sending.discard(task)
        self._slots.release()

    def _cost(self, event: Event) -> int:
        # After sign-in the greeting and the main menu are two messages.
        return 2 if event.kind == EventKind.AUTH_LINKED and self._dialogs is not None else 1

    # Sending --------------------------------------------------------------------------------------------

    async def _send_next(self, chat_id: int) -> None:
        queue = self._queues[chat_id]
        entry = queue[0]
        event = entry.event
        look_again = self._clock()
        try:
            if self._clock() > entry.lease_ends:
                self._release(chat_id, entry)
                self.stats.expired += 1
                return
            await self._deliver(event)
        except TelegramRetryAfter as refusal:
            self.stats.rate_limited += 1
            log.warning("telegram asked to slow down", extra={"retry_after": refusal.retry_after})
            # Telegram does not say which limit was hit: this chat and everyone wait as it asks.
            await self._limiter.pause(refusal.retry_after, chat_id)
            await self._limiter.pause(refusal.retry_after)
            look_again = self._clock() + refusal.retry_after
        except TelegramForbiddenError:
            await self._unreachable(chat_id, event)
        except TelegramBadRequest as refusal:
            if "chat not found" in refusal.message.lower():
                await self._unreachable(chat_id, event)
            else:
                # Only the kind of refusal: the rest of Telegram's description may quote the text.
                reason = ":".join(refusal.message.split(":", 2)[:2])
                log.error("telegram refused a notification", extra={"kind": event.kind, "error": reason})
                self._release(chat_id, entry)
                self.stats.skipped += 1
        except UnknownEventKind:
            log.warning("notification of an unknown kind left for another notifier", extra={"kind": event.kind})
            self._release(chat_id, entry)
            self.stats.skipped += 1
        except (TelegramNetworkError, TelegramServerError, BackendError, TimeoutError) as failure:
            entry.failures += 1
            self.stats.failed += 1
            log.warning("notification not sent; will retry", extra={"error": type(failure).__name__})
            look_again = self._clock() + min(MAX_RETRY_PAUSE_S, 2.0**entry.failures)
        except Exception:
            log.exception("notification failed", extra={"kind": event.kind})
            self._release(chat_id, entry)
            self.stats.skipped += 1
        else:
            self._release(chat_id, entry)
            self._acks.append(event.id)
            self._count_sent()
        finally:
            self._busy.discard(chat_id)
            if self._queues.get(chat_id):
                self._schedule(chat_id, look_again)
            else:
                self._queues.pop(chat_id, None)

    async def _deliver(self, event: Event) -> None:
        if event.kind == EventKind.AUTH_LINKED and self._dialogs is not None:
            await greet_and_open_home(self._dialogs, self._bot, event)
            return
        i18n = self._locales.translator(event.language)
        rendered = render(event, i18n)
        if rendered is None:
            raise UnknownEventKind(event.kind)
        await self._bot.send_message(
            event.chat_id, rendered.text, reply_markup=rendered.keyboard(i18n), protect_content=rendered.protect
        )

    def _count_sent(self) -> None:
        now = self._clock()
        self.stats.sent += 1
        if self.stats.first_sent_at is None:
            self.stats.first_sent_at = now
        self.stats.last_sent_at = now

    def _release(self, chat_id: int, entry: _Queued) -> None:
        """The chat's oldest event leaves the queue (sent, or given back to the backend)."""
        queue = self._queues.get(chat_id)
        if queue and queue[0] is entry:
            queue.popleft()
        self._held.pop(entry.event.id, None)
        self._room.set()

    async def _unreachable(self, chat_id: int, event: Event) -> None:
        """The patient blocked the bot: tell the backend (it holds their events back) and drop the chat's queue."""
        self.stats.unreachable += 1
        try:
            await self._backend.mark_unreachable(event.telegram_user_id)
        except BackendError as error:
            # Its events come back after the lease; the next 403 tries again.
            log.warning("could not mark a chat unreachable", extra={"code": error.code})
        for entry in self._queues.pop(chat_id, deque()):
            self._held.pop(entry.event.id, None)
        self._room.set()

    # Acknowledging --------------------------------------------------------------------------------------

    async def _ack_loop(self) -> None:
        while True:
            await asyncio.sleep(self._settings.ack_interval)
            await self._flush_acks()

    async def _flush_acks(self) -> None:
        while self._acks:
            batch = self._acks[:1000]
            try:
                await self._backend.ack_events(batch)
            except Exception as error:  # kept for the next round; past the lease they are sent again
                log.warning(
                    "notifier could not acknowledge events; will retry",
                    extra={"code": getattr(error, "code", type(error).__name__)},
                    exc_info=not isinstance(error, BackendError),
                )
                return
            del self._acks[: len(batch)]
            self.stats.acknowledged += len(batch)
