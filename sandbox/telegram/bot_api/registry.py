"""The table of Bot API methods and the one place that runs them and counts the outcome.

Telegram matches method names without regard to case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.telegram.bot_api.context import BotCall, MethodHandler
from sandbox.telegram.errors import BotApiError, method_not_found, outage

METHODS: dict[str, MethodHandler] = {}


def method(name: str) -> Callable[[MethodHandler], MethodHandler]:
    def register(handler: MethodHandler) -> MethodHandler:
        METHODS[name.lower()] = handler
        return handler

    return register


async def execute(call: BotCall, method_name: str) -> Any:
    handler = METHODS.get(method_name.lower())
    if handler is None:
        raise method_not_found()
    stats = call.bot.stats
    stats.methods[method_name] += 1
    refused_with = call.bot.refusals.get(method_name.lower())
    if refused_with is not None:  # fault injection (`BotAccount.refuse`)
        raise outage(refused_with)
    try:
        return await handler(call)
    except BotApiError as error:
        if error.error_code == 429:
            stats.rate_limited += 1
        elif error.error_code == 403:
            stats.forbidden += 1
        elif error.error_code == 400:
            stats.bad_requests += 1
        raise
