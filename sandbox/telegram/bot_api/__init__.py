"""The Bot API emulator: `POST|GET /bot<token>/<method>`, answered in Telegram's wire format."""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

# Importing the method modules fills the method table.
from sandbox.telegram.bot_api import delivery, media, messages, profile, queries  # noqa: F401
from sandbox.telegram.bot_api.context import BotCall, Described, RawJson
from sandbox.telegram.bot_api.registry import METHODS, execute
from sandbox.telegram.errors import BotApiError
from sandbox.telegram.params import read_params
from sandbox.telegram.wire import dumps, json_response
from sandbox.telegram.world import TelegramWorld

__all__ = ["METHODS", "bot_api_endpoint"]

log = logging.getLogger(__name__)


def _success_body(result: Any) -> bytes:
    if isinstance(result, RawJson):
        return b'{"ok":true,"result":' + result.body + b"}"
    if isinstance(result, Described):
        return dumps({"ok": True, "result": result.result, "description": result.description})
    return dumps({"ok": True, "result": result})


async def bot_api_endpoint(request: Request) -> Response:
    world: TelegramWorld = request.app.state.world
    method_name = request.path_params["method"]
    try:
        bot = world.bot_for_token(request.path_params["token"])
        params = await read_params(request)
        result = await execute(BotCall(world, bot, params, request), method_name)
    except BotApiError as error:
        return json_response(dumps(error.payload()), error.error_code)
    except Exception:
        # A fault of the sandbox itself: answer in the Bot API's format, as Telegram does on its 500s.
        log.exception("Bot API method %s failed", method_name)
        return json_response(dumps(BotApiError(500, "Internal Server Error").payload()), 500)
    return json_response(_success_body(result))
