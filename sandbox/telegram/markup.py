"""Reply markup (inline keyboards, reply keyboards, keyboard removal, force reply), checked like Telegram.

Each parser returns the markup normalised to the fields Telegram keeps, so that the markup stored on a
message, echoed back in `Message.reply_markup` and compared for "message is not modified" is canonical.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sandbox.telegram.errors import BotApiError, bad_request

MarkupKind = Literal["inline", "reply", "remove", "force_reply"]

MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_BUTTONS = 100
MAX_PLACEHOLDER_CHARS = 64
_URL_SCHEMES = ("http://", "https://", "tg://")
_OBJECT_ACTIONS = ("switch_inline_query_chosen_chat", "web_app", "login_url", "copy_text", "callback_game")
_OPTIONAL_BUTTON_FIELDS = ("style", "icon_custom_emoji_id")
_REPLY_BUTTON_FLAGS = ("request_contact", "request_location")
_REPLY_BUTTON_OBJECTS = ("request_poll", "request_users", "request_chat", "web_app")


@dataclass(frozen=True, slots=True)
class ReplyMarkup:
    kind: MarkupKind
    data: dict[str, Any]

    @property
    def message_markup(self) -> dict[str, Any] | None:
        """What `Message.reply_markup` shows: only a non-empty inline keyboard."""
        if self.kind == "inline" and self.data["inline_keyboard"]:
            return self.data
        return None


def _button_error(detail: str) -> BotApiError:
    return bad_request(f"can't parse inline keyboard button: {detail}")


def _check_button_url(url: Any) -> str:
    if not isinstance(url, str) or not url.strip():
        raise _button_error('Field "url" must be of type String')
    lowered = url.strip().lower()
    if "://" in lowered and not lowered.startswith(_URL_SCHEMES):
        raise bad_request(f"inline keyboard button URL '{url}' is invalid: Unsupported URL protocol")
    host = lowered.split("://", 1)[-1].split("/", 1)[0]
    if not host or " " in host:
        raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")
    return url


def _inline_button(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _button_error("InlineKeyboardButton must be an Object")
    if "text" not in raw:
        raise _button_error('Can\'t find field "text"')
    text = raw["text"]
    if not isinstance(text, str):
        raise _button_error('Field "text" must be of type String')
    if not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    button: dict[str, Any] = {"text": text}
    for field in _OPTIONAL_BUTTON_FIELDS:
        if raw.get(field):
            button[field] = raw[field]
    callback_data = raw.get("callback_data")
    if isinstance(callback_data, str) and callback_data:
        if len(callback_data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
        button["callback_data"] = callback_data
        return button
    if raw.get("url"):
        button["url"] = _check_button_url(raw["url"])
        return button
    for field in ("switch_inline_query", "switch_inline_query_current_chat"):
        if isinstance(raw.get(field), str):
            button[field] = raw[field]
            return button
    for field in _OBJECT_ACTIONS:
        value = raw.get(field)
        if value is not None and value != "":
            if not isinstance(value, dict):
                raise _button_error(f'Field "{field}" must be of type Object')
            button[field] = value
            return button
    if raw.get("pay") is True:
        button["pay"] = True
        return button
    raise _button_error("Text buttons are unallowed in the inline keyboard")


def _rows(raw: Any, field: str, owner: str) -> list[list[Any]]:
    rows = raw.get(field)
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f'Field "{field}" of the {owner} must be an Array of Arrays')
    return rows


def _inline_keyboard(raw: dict[str, Any]) -> ReplyMarkup:
    rows = [[_inline_button(b) for b in row] for row in _rows(raw, "inline_keyboard", "InlineKeyboardMarkup")]
    rows = [row for row in rows if row]
    if sum(len(row) for row in rows) > MAX_INLINE_BUTTONS:
        raise bad_request("REPLY_MARKUP_TOO_LONG")
    return ReplyMarkup("inline", {"inline_keyboard": rows})


def _reply_button(raw: Any) -> dict[str, Any]:
    if isinstance(raw, str):
        raw = {"text": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise bad_request('can\'t parse keyboard button: Field "text" must be of type String')
    if not raw["text"].strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    button: dict[str, Any] = {"text": raw["text"]}
    for flag in _REPLY_BUTTON_FLAGS:
        if raw.get(flag) is True:
            button[flag] = True
    for field in _REPLY_BUTTON_OBJECTS:
        if isinstance(raw.get(field), dict):
            button[field] = raw[field]
    return button


def _reply_keyboard(raw: dict[str, Any]) -> ReplyMarkup:
    rows = [[_reply_button(b) for b in row] for row in _rows(raw, "keyboard", "ReplyKeyboardMarkup")]
    rows = [row for row in rows if row]
    if not rows:
        raise bad_request("REPLY_MARKUP_INVALID")
    data: dict[str, Any] = {"keyboard": rows}
    for flag in ("resize_keyboard", "one_time_keyboard", "is_persistent", "selective"):
        if raw.get(flag) is True:
            data[flag] = True
    placeholder = raw.get("input_field_placeholder")
    if isinstance(placeholder, str) and placeholder:
        if len(placeholder) > MAX_PLACEHOLDER_CHARS:
            raise bad_request("input field placeholder is too long")
        data["input_field_placeholder"] = placeholder
    return ReplyMarkup("reply", data)


def parse_reply_markup(raw: Any) -> ReplyMarkup | None:
    """Any of the four markup kinds, as `sendMessage` accepts them."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in raw:
        return _inline_keyboard(raw)
    if "keyboard" in raw:
        return _reply_keyboard(raw)
    if raw.get("remove_keyboard") is True:
        return ReplyMarkup("remove", {"remove_keyboard": True})
    if raw.get("force_reply") is True:
        data: dict[str, Any] = {"force_reply": True}
        if isinstance(raw.get("input_field_placeholder"), str) and raw["input_field_placeholder"]:
            data["input_field_placeholder"] = raw["input_field_placeholder"]
        return ReplyMarkup("force_reply", data)
    raise bad_request("can't parse reply keyboard markup JSON object")


def parse_inline_markup(raw: Any) -> ReplyMarkup | None:
    """Only an inline keyboard, as edits and inline results accept."""
    markup = parse_reply_markup(raw)
    if markup is not None and markup.kind != "inline":
        raise bad_request("inline keyboard expected")
    return markup


def find_inline_button(markup: dict[str, Any] | None, **match: str) -> dict[str, Any] | None:
    """The first button of an inline keyboard whose fields equal `match`."""
    for row in (markup or {}).get("inline_keyboard", ()):
        for button in row:
            if all(button.get(key) == value for key, value in match.items()):
                return button
    return None
