"""How updates reach the bot: long polling (getUpdates) or a webhook."""

from __future__ import annotations

import asyncio
import contextlib
import re
from typing import Any

from starlette.requests import Request

from sandbox.telegram.bot_api.context import BotCall, Described, RawJson
from sandbox.telegram.bot_api.registry import execute, method
from sandbox.telegram.bots import BotAccount
from sandbox.telegram.errors import (
    GET_UPDATES_WHILE_WEBHOOK,
    TERMINATED_BY_OTHER_POLL,
    TERMINATED_BY_SET_WEBHOOK,
    BotApiError,
    bad_request,
    conflict,
)
from sandbox.telegram.models import JsonDict
from sandbox.telegram.params import Params
from sandbox.telegram.webhook import WebhookDelivery

MAX_UPDATES_PER_CALL = 100
DEFAULT_MAX_CONNECTIONS = 40
MAX_CONNECTIONS_LIMIT = 100
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
_MAX_SECRET_TOKEN = 256


def _allowed_updates(params: Params) -> list[str] | None:
    allowed = params.json("allowed_updates", error="can't parse allowed updates JSON object")
    if allowed is None:
        return None
    if not isinstance(allowed, list):
        raise bad_request("allowed updates must be an Array of Strings")
    return [str(kind) for kind in allowed]


async def _client_gone(request: Request) -> None:
    """Returns when the HTTP client disconnects (the body has been read, so only that can arrive)."""
    while (await request.receive())["type"] != "http.disconnect":
        continue


async def _wait(arrived: asyncio.Event, request: Request | None, wait_s: float) -> None:
    waits = [asyncio.ensure_future(arrived.wait())]
    if request is not None:
        waits.append(asyncio.ensure_future(_client_gone(request)))
    try:
        await asyncio.wait(waits, timeout=wait_s, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiting in waits:
            waiting.cancel()
        for waiting in waits:
            with contextlib.suppress(asyncio.CancelledError):
                await waiting


def _supersede_polls(bot: BotAccount, reason: str) -> int:
    """Start a new generation of getUpdates: a long poll still waiting ends with 409 `reason`."""
    bot.poll_generation += 1
    bot.poll_superseded_by = reason
    bot.updates.release_waiters()
    return bot.poll_generation


@method("getUpdates")
async def get_updates(call: BotCall) -> RawJson:
    bot, params = call.bot, call.params
    if bot.webhook is not None:
        raise conflict(GET_UPDATES_WHILE_WEBHOOK)
    bot.updates.set_allowed(_allowed_updates(params))
    limit = min(max(params.integer("limit") or MAX_UPDATES_PER_CALL, 1), MAX_UPDATES_PER_CALL)
    timeout = max(params.number("timeout") or 0.0, 0.0)
    offset = params.integer("offset")
    generation = _supersede_polls(bot, TERMINATED_BY_OTHER_POLL)
    if offset:
        confirmed = bot.updates.confirm(offset)
        if offset > 0:
            bot.stats.updates_delivered += confirmed
    arrived = bot.updates.waiter()
    updates = bot.updates.peek(limit)
    if not updates and timeout > 0 and not call.world.closed:
        await _wait(arrived, call.request, timeout)
        if bot.poll_generation != generation:
            raise conflict(bot.poll_superseded_by)
        updates = bot.updates.peek(limit)
    return RawJson(b"[" + b",".join(update.body for update in updates) + b"]")


def _webhook_url(raw: str) -> str:
    lowered = raw.lower()
    if not lowered.startswith(("http://", "https://")):
        # Telegram requires HTTPS; the sandbox also takes plain HTTP, since it only calls local receivers.
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if not lowered.split("://", 1)[1].split("/", 1)[0]:
        raise bad_request("bad webhook: Wrong HTTP URL")
    return raw


def _secret_token(params: Params) -> str | None:
    token = params.string("secret_token")
    if not token:
        return None
    if len(token) > _MAX_SECRET_TOKEN:
        raise bad_request("secret token is too long")
    if not _SECRET_TOKEN.fullmatch(token):
        raise bad_request("secret token contains unallowed characters")
    return token


async def _remove_webhook(bot: BotAccount) -> bool:
    if bot.webhook is None:
        return False
    webhook, bot.webhook = bot.webhook, None
    await webhook.stop()
    return True


@method("setWebhook")
async def set_webhook(call: BotCall) -> Described:
    bot, params = call.bot, call.params
    raw_url = (params.string("url") or "").strip()
    if not raw_url:
        removed = await _remove_webhook(bot)
        return Described(True, "Webhook was deleted" if removed else "Webhook is already deleted")
    url = _webhook_url(raw_url)
    secret_token = _secret_token(params)
    max_connections = params.integer("max_connections") or DEFAULT_MAX_CONNECTIONS
    max_connections = min(max(max_connections, 1), MAX_CONNECTIONS_LIMIT)
    bot.updates.set_allowed(_allowed_updates(params))
    if params.boolean("drop_pending_updates"):
        bot.updates.clear()
    current = bot.webhook
    if current is not None and (current.url, current.secret_token, current.max_connections) == (
        url,
        secret_token,
        max_connections,
    ):
        return Described(True, "Webhook is already set")
    await _remove_webhook(bot)
    world = call.world

    async def execute_reply(target: BotAccount, values: dict[str, Any]) -> None:
        method_name = str(values.pop("method"))
        with contextlib.suppress(BotApiError):
            await execute(BotCall(world, target, Params(values)), method_name)

    bot.webhook = WebhookDelivery(
        bot,
        url=url,
        secret_token=secret_token,
        max_connections=max_connections,
        client=world.webhook_client,
        settings=world.settings,
        execute_reply=execute_reply,
    )
    bot.webhook.start()
    _supersede_polls(bot, TERMINATED_BY_SET_WEBHOOK)
    return Described(True, "Webhook was set")


@method("deleteWebhook")
async def delete_webhook(call: BotCall) -> Described:
    if call.params.boolean("drop_pending_updates"):
        call.bot.updates.clear()
    removed = await _remove_webhook(call.bot)
    return Described(True, "Webhook was deleted" if removed else "Webhook is already deleted")


@method("getWebhookInfo")
async def get_webhook_info(call: BotCall) -> JsonDict:
    bot = call.bot
    if bot.webhook is not None:
        return bot.webhook.info()
    info: JsonDict = {"url": "", "has_custom_certificate": False, "pending_update_count": len(bot.updates)}
    if bot.updates.allowed_explicitly is not None:
        info["allowed_updates"] = bot.updates.allowed_explicitly
    return info
