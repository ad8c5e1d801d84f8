"""Webhook delivery: POST each update to the bot's URL the way Telegram does.

Updates of one chat go out one at a time and in order; different chats are delivered concurrently, up
to the webhook's `max_connections`. A non-2xx answer, a timeout or a refused connection leaves the
update pending, and the same update (same update_id) is redelivered with a growing pause. A 2xx
answer may carry a method call in its body, which Telegram executes: so does the sandbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

import httpx

from sandbox.telegram.bots import BotAccount
from sandbox.telegram.config import TelegramSandboxSettings
from sandbox.telegram.errors import BotApiError
from sandbox.telegram.params import parse_body
from sandbox.telegram.updates import PendingUpdate

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret
ReplyExecutor = Callable[[BotAccount, dict[str, Any]], Awaitable[None]]


class WebhookDelivery:
    def __init__(
        self,
        bot: BotAccount,
        *,
        url: str,
        secret_token: str | None,
        max_connections: int,
        client: httpx.AsyncClient,
        settings: TelegramSandboxSettings,
        execute_reply: ReplyExecutor,
    ) -> None:
        self.bot = bot
        self.url = url
        self.secret_token = secret_token
        self.max_connections = max_connections
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self._client = client
        self._settings = settings
        self._execute_reply = execute_reply
        self._slots = asyncio.Semaphore(max_connections)
        self._lanes: dict[int, deque[PendingUpdate]] = {}
        self._lane_tasks: dict[int, asyncio.Task[None]] = {}
        self._dispatched_up_to = 0
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def start(self) -> None:
        self._task = asyncio.create_task(self._dispatch(), name=f"webhook-{self.bot.id}")

    async def stop(self) -> None:
        self._stopping = True
        tasks = [t for t in (self._task, *self._lane_tasks.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._lane_tasks.clear()
        self._lanes.clear()

    def info(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.bot.updates),
            "max_connections": self.max_connections,
            "ip_address": "127.0.0.1",
        }
        if self.bot.updates.allowed_explicitly is not None:
            info["allowed_updates"] = self.bot.updates.allowed_explicitly
        if self.last_error_date is not None:
            info["last_error_date"] = self.last_error_date
            info["last_error_message"] = self.last_error_message
        return info

    async def _dispatch(self) -> None:
        queue = self.bot.updates
        while not self._stopping:
            arrived = queue.waiter()
            for update in queue.after(self._dispatched_up_to):
                self._dispatched_up_to = update.update_id
                self._lanes.setdefault(update.chat_key, deque()).append(update)
                if update.chat_key not in self._lane_tasks:
                    self._lane_tasks[update.chat_key] = asyncio.create_task(self._drain(update.chat_key))
            await arrived.wait()

    async def _drain(self, chat_key: int) -> None:
        lane = self._lanes[chat_key]
        try:
            while lane:
                await self._deliver(lane[0])
                lane.popleft()
        finally:
            self._lanes.pop(chat_key, None)
            self._lane_tasks.pop(chat_key, None)

    async def _deliver(self, update: PendingUpdate) -> None:
        pause = self._settings.webhook_retry_initial_s
        while self.bot.updates.is_pending(update.update_id):
            async with self._slots:
                delivered = await self._post(update)
            if delivered:
                if self.bot.updates.remove(update.update_id):
                    self.bot.stats.updates_delivered += 1
                return
            self.bot.stats.webhook_failures += 1
            await asyncio.sleep(pause)
            pause = min(pause * 2, self._settings.webhook_retry_max_s)

    async def _post(self, update: PendingUpdate) -> bool:
        headers = {"content-type": "application/json"}
        if self.secret_token:
            headers[SECRET_HEADER] = self.secret_token
        try:
            response = await self._client.post(self.url, content=update.body, headers=headers)
        except httpx.TimeoutException:
            return self._failed("Read timeout expired")
        except httpx.HTTPError as exc:
            return self._failed(f"Connection failed: {type(exc).__name__}")
        if not 200 <= response.status_code < 300:
            reason = response.reason_phrase or HTTPStatus(response.status_code).phrase
            return self._failed(f"Wrong response from the webhook: {response.status_code} {reason}")
        await self._run_reply(response)
        return True

    def _failed(self, message: str) -> bool:
        self.last_error_date = int(time.time())
        self.last_error_message = message
        return False

    async def _run_reply(self, response: httpx.Response) -> None:
        """Execute a method call returned in the webhook's answer; Telegram ignores its errors."""
        if not response.content:
            return
        try:
            values = await parse_body(response.headers.get("content-type", ""), response.content)
        except BotApiError:
            return
        if values.get("method"):
            await self._execute_reply(self.bot, values)
