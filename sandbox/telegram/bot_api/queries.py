"""Answers to callback queries and inline queries."""

from __future__ import annotations

import re
import time
from typing import Any, TypeVar

from sandbox.telegram.bot_api.context import BotCall, format_text, text_content
from sandbox.telegram.bot_api.registry import method
from sandbox.telegram.errors import QUERY_TOO_OLD, bad_request
from sandbox.telegram.markup import parse_inline_markup
from sandbox.telegram.models import CachedInlineAnswer, JsonDict, PendingQuery

MAX_CALLBACK_ANSWER_CHARS = 200
MAX_INLINE_RESULTS = 50
MAX_RESULT_ID_BYTES = 64
MAX_NEXT_OFFSET_BYTES = 64
DEFAULT_INLINE_CACHE_TIME = 300
RESULT_TYPES = frozenset(
    {
        "article",
        "photo",
        "gif",
        "mpeg4_gif",
        "video",
        "audio",
        "voice",
        "document",
        "location",
        "venue",
        "contact",
        "game",
        "sticker",
    }
)
_START_PARAMETER = re.compile(r"[A-Za-z0-9_-]{1,64}")
QueryT = TypeVar("QueryT", bound=PendingQuery)


def _open_query(query: QueryT | None, ttl_s: float) -> QueryT:
    if query is None or query.answer is not None or query.expired(ttl_s):
        raise bad_request(QUERY_TOO_OLD)
    return query


@method("answerCallbackQuery")
async def answer_callback_query(call: BotCall) -> bool:
    params = call.params
    text = params.string("text") or ""
    if len(text) > MAX_CALLBACK_ANSWER_CHARS:
        raise bad_request("MESSAGE_TOO_LONG")
    url = params.string("url") or ""
    # Telegram opens only the bot's own t.me links (or a game) from a callback answer.
    if url and not re.match(rf"(?i)(https?://)?t\.me/{re.escape(call.bot.username)}\?", url):
        raise bad_request("URL_INVALID")
    query_id = params.string("callback_query_id") or ""
    query = _open_query(call.bot.callback_queries.get(query_id), call.world.settings.query_answer_ttl_s)
    answer: JsonDict = {
        "callback_query_id": query.id,
        "text": text or None,
        "show_alert": params.boolean("show_alert"),
        "url": url or None,
        "cache_time": params.integer("cache_time") or 0,
    }
    query.resolve(answer)
    call.world.events.publish("callback_answered", bot_id=call.bot.id, user_id=query.user_id, answer=answer)
    return True


def _result_error(detail: str) -> Exception:
    return bad_request(f"can't parse inline query result: {detail}")


def _input_content(call: BotCall, content: Any) -> JsonDict:
    """The message content picking a result sends, checked now as Telegram checks it on answering."""
    if not isinstance(content, dict):
        raise _result_error('Field "input_message_content" must be of type Object')
    if "message_text" in content:
        formatted = format_text(
            call,
            content.get("message_text") if isinstance(content.get("message_text"), str) else None,
            parse_mode=content.get("parse_mode"),
            raw_entities=content.get("entities"),
        )
        return text_content(formatted)
    if "latitude" in content and "longitude" in content:
        location = {"latitude": float(content["latitude"]), "longitude": float(content["longitude"])}
        if content.get("title") and content.get("address"):
            return {
                "venue": {"location": location, "title": content["title"], "address": content["address"]},
                "location": location,
            }
        return {"location": location}
    if content.get("phone_number") and content.get("first_name"):
        contact = {k: content[k] for k in ("phone_number", "first_name", "last_name", "vcard") if content.get(k)}
        return {"contact": contact}
    raise _result_error("unsupported input message content")


def _prepare_result(call: BotCall, raw: Any) -> JsonDict | None:
    if not isinstance(raw, dict):
        raise _result_error("InlineQueryResult must be an Object")
    result_type = raw.get("type")
    if result_type not in RESULT_TYPES:
        raise bad_request("RESULT_TYPE_INVALID")
    if result_type == "article" and not isinstance(raw.get("title"), str):
        raise _result_error('Can\'t find field "title"')
    markup = parse_inline_markup(raw.get("reply_markup"))
    if raw.get("input_message_content") is not None:
        prepared: JsonDict | None = _input_content(call, raw["input_message_content"])
    elif result_type == "article":
        raise _result_error('Can\'t find field "input_message_content"')
    elif result_type in ("location", "contact"):
        prepared = _input_content(call, raw)
    else:
        prepared = None  # media results: the sandbox keeps no media, so they are listed but not sendable
    if prepared is not None and markup is not None and markup.message_markup is not None:
        prepared["reply_markup"] = markup.message_markup
    return prepared


def _results_button(raw: Any) -> JsonDict | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise bad_request("can't parse inline query results button")
    start_parameter = raw.get("start_parameter")
    if start_parameter is not None and not _START_PARAMETER.fullmatch(str(start_parameter)):
        raise bad_request("START_PARAM_INVALID")
    return raw


@method("answerInlineQuery")
async def answer_inline_query(call: BotCall) -> bool:
    params = call.params
    results = params.json("results", error="can't parse inline query results JSON object")
    if not isinstance(results, list):
        raise bad_request("can't parse inline query results JSON object")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    prepared: dict[str, JsonDict] = {}
    seen: set[str] = set()
    for raw in results:
        result_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(result_id, str) or not result_id or len(result_id.encode()) > MAX_RESULT_ID_BYTES:
            raise bad_request("RESULT_ID_INVALID")
        if result_id in seen:
            raise bad_request("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        content = _prepare_result(call, raw)
        if content is not None:
            prepared[result_id] = content
    next_offset = params.string("next_offset") or ""
    if len(next_offset.encode()) > MAX_NEXT_OFFSET_BYTES:
        raise bad_request("NEXT_OFFSET_INVALID")
    button = _results_button(params.json("button", error="can't parse inline query results button"))
    query_id = params.string("inline_query_id") or ""
    ttl_s = call.world.settings.query_answer_ttl_s
    query = _open_query(call.bot.inline_queries.get(query_id), ttl_s)
    cache_time = params.integer("cache_time")
    answer: JsonDict = {
        "inline_query_id": query.id,
        "results": results,
        "next_offset": next_offset,
        "cache_time": DEFAULT_INLINE_CACHE_TIME if cache_time is None else cache_time,
        "is_personal": params.boolean("is_personal"),
        "button": button,
    }
    query.prepared = prepared
    query.resolve(answer)
    if call.world.settings.inline_cache and answer["cache_time"] > 0:
        key = (query.query, query.offset, query.user_id if answer["is_personal"] else None)
        call.bot.inline_cache[key] = CachedInlineAnswer(time.monotonic() + answer["cache_time"], answer, prepared)
    call.world.events.publish("inline_answered", bot_id=call.bot.id, user_id=query.user_id, answer=answer)
    return True
