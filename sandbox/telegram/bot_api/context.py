"""What every Bot API method needs: the call itself, and the checks many methods share."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from sandbox.telegram.bots import BotAccount
from sandbox.telegram.errors import bad_request, forbidden, too_many_requests
from sandbox.telegram.formatting import (
    MAX_CAPTION_LENGTH,
    MAX_MESSAGE_LENGTH,
    EntityParseError,
    FormattedText,
    entities_from_param,
    finish_text,
    parse_html,
    utf16_len,
)
from sandbox.telegram.markdown import parse_markdown, parse_markdown_v2
from sandbox.telegram.models import PrivateChat
from sandbox.telegram.params import Params
from sandbox.telegram.ratelimit import admit
from sandbox.telegram.world import TelegramWorld

_PARSERS: dict[str, Callable[..., FormattedText]] = {
    "html": parse_html,
    "markdownv2": parse_markdown_v2,
    "markdown": parse_markdown,
}


@dataclass(frozen=True, slots=True)
class BotCall:
    world: TelegramWorld
    bot: BotAccount
    params: Params
    # The HTTP request, when there is one (a method returned in a webhook reply has none).
    request: Request | None = None


@dataclass(frozen=True, slots=True)
class Described:
    """A successful result that Telegram answers with a description too (e.g. "Webhook was set")."""

    result: Any
    description: str


@dataclass(frozen=True, slots=True)
class RawJson:
    """A result already encoded as JSON (updates are serialised once, when they are created)."""

    body: bytes


MethodHandler = Callable[[BotCall], Awaitable[Any]]


def require_chat_id(call: BotCall) -> int:
    if "chat_id" not in call.params:
        raise bad_request("chat_id is empty")
    chat_id = call.params.integer("chat_id")
    if chat_id is None:
        # "@username" addresses only public groups and channels; the sandbox has private chats only.
        raise bad_request("chat not found")
    return chat_id


def existing_chat(call: BotCall, chat_id: int) -> PrivateChat:
    """The bot's private chat with a user; Telegram's refusals when there is none."""
    user = call.world.users.get(chat_id)
    if user is None:
        raise bad_request("chat not found")
    chat = call.bot.chats.get(chat_id)
    if chat is None:
        raise forbidden("bot can't initiate conversation with a user")
    return chat


def writable_chat(call: BotCall) -> PrivateChat:
    """A chat the bot may write to now: known, started by the user, not blocked."""
    chat = existing_chat(call, require_chat_id(call))
    if chat.blocked:
        raise forbidden("bot was blocked by the user")
    return chat


def admit_new_message(call: BotCall, chat: PrivateChat) -> None:
    if not call.world.settings.enforce_limits:
        return
    retry_after = admit(call.bot.global_bucket, chat.bucket)
    if retry_after is not None:
        raise too_many_requests(retry_after)


def format_text(
    call: BotCall,
    text: str | None,
    *,
    parse_mode: str | None,
    raw_entities: Any,
) -> FormattedText:
    """Message text after Telegram's parsing: parse mode or explicit entities, trimming, limits."""
    formatted = _parsed(call, text or "", parse_mode=parse_mode, raw_entities=raw_entities)
    if not formatted.text:
        raise bad_request("message text is empty")
    if utf16_len(formatted.text) > MAX_MESSAGE_LENGTH:
        raise bad_request("message is too long")
    return formatted


def caption_param(call: BotCall) -> FormattedText | None:
    """A media message's caption (`caption`, `parse_mode`, `caption_entities`); None when there is none."""
    params = call.params
    formatted = _parsed(
        call,
        params.string("caption") or "",
        parse_mode=params.string("parse_mode"),
        raw_entities=params.json("caption_entities", error="can't parse caption entities JSON object"),
    )
    if not formatted.text:
        return None
    if utf16_len(formatted.text) > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")
    return formatted


def _parsed(call: BotCall, text: str, *, parse_mode: str | None, raw_entities: Any) -> FormattedText:
    try:
        mode = (parse_mode or "").strip().lower()
        if not mode:
            parsed = FormattedText(text, entities_from_param(text, raw_entities))
        elif mode in _PARSERS:
            parsed = _PARSERS[mode](text, resolve_user=call.world.resolve_user)
        else:
            raise bad_request("unsupported parse_mode")
    except EntityParseError as exc:
        raise bad_request(f"can't parse entities: {exc}") from exc
    return finish_text(parsed.text, parsed.entities)


def message_text_param(call: BotCall) -> FormattedText:
    params = call.params
    return format_text(
        call,
        params.string("text"),
        parse_mode=params.string("parse_mode"),
        raw_entities=params.json("entities", error="can't parse entities JSON object"),
    )


def text_content(formatted: FormattedText) -> dict[str, Any]:
    content: dict[str, Any] = {"text": formatted.text}
    if formatted.entities:
        content["entities"] = formatted.entities
    return content
