"""Sending, editing and deleting messages, and chat actions."""

from __future__ import annotations

from sandbox.telegram.bot_api.context import (
    BotCall,
    admit_new_message,
    existing_chat,
    message_text_param,
    require_chat_id,
    text_content,
    writable_chat,
)
from sandbox.telegram.bot_api.registry import method
from sandbox.telegram.errors import MESSAGE_NOT_MODIFIED, bad_request, forbidden
from sandbox.telegram.markup import ReplyMarkup, parse_inline_markup, parse_reply_markup
from sandbox.telegram.models import ChatMessage, JsonDict, PrivateChat

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
MAX_DELETE_BATCH = 100


_MARKUP_JSON_ERROR = "can't parse reply keyboard markup JSON object"


def reply_markup_param(call: BotCall) -> ReplyMarkup | None:
    return parse_reply_markup(call.params.json("reply_markup", error=_MARKUP_JSON_ERROR))


def _inline_markup(call: BotCall) -> ReplyMarkup | None:
    return parse_inline_markup(call.params.json("reply_markup", error=_MARKUP_JSON_ERROR))


def _replied_message(call: BotCall, chat: PrivateChat) -> JsonDict | None:
    """The message a new one replies to (`reply_parameters`, or the older `reply_to_message_id`)."""
    params = call.params
    reply = params.json("reply_parameters", error="can't parse reply parameters JSON object")
    if isinstance(reply, dict):
        message_id, allow_missing = reply.get("message_id"), bool(reply.get("allow_sending_without_reply"))
    else:
        message_id = params.integer("reply_to_message_id")
        allow_missing = params.boolean("allow_sending_without_reply")
    if not message_id:
        return None
    replied = chat.messages.get(message_id) if isinstance(message_id, int) else None
    if replied is None:
        if allow_missing:
            return None
        raise bad_request("message to be replied not found")
    # Telegram does not nest replies further than one level.
    return {k: v for k, v in replied.data.items() if k != "reply_to_message"}


def send_content(call: BotCall, chat: PrivateChat, content: JsonDict, markup: ReplyMarkup | None) -> JsonDict:
    replied = _replied_message(call, chat)
    admit_new_message(call, chat)
    if replied is not None:
        content["reply_to_message"] = replied
    if call.params.boolean("protect_content"):
        content["has_protected_content"] = True
    if markup is not None and markup.message_markup is not None:
        content["reply_markup"] = markup.message_markup
    call.bot.stats.messages_sent += 1
    return chat.post("bot", content, markup=markup)


@method("sendMessage")
async def send_message(call: BotCall) -> JsonDict:
    formatted = message_text_param(call)
    markup = reply_markup_param(call)
    chat = writable_chat(call)
    content = text_content(formatted)
    link_preview = call.params.json("link_preview_options", error="can't parse link preview options JSON object")
    if isinstance(link_preview, dict) and link_preview:
        content["link_preview_options"] = link_preview
    return send_content(call, chat, content, markup)


def _coordinate(call: BotCall, name: str, limit: float) -> float:
    value = call.params.number(name)
    if value is None or not -limit <= value <= limit:
        raise bad_request(f"wrong {name} specified")
    return value


@method("sendLocation")
async def send_location(call: BotCall) -> JsonDict:
    location: JsonDict = {
        "latitude": _coordinate(call, "latitude", 90.0),
        "longitude": _coordinate(call, "longitude", 180.0),
    }
    for optional in ("horizontal_accuracy", "live_period", "heading", "proximity_alert_radius"):
        value = call.params.number(optional)
        if value is not None:
            location[optional] = value
    markup = reply_markup_param(call)
    chat = writable_chat(call)
    return send_content(call, chat, {"location": location}, markup)


@method("sendContact")
async def send_contact(call: BotCall) -> JsonDict:
    phone_number = (call.params.string("phone_number") or "").strip()
    first_name = (call.params.string("first_name") or "").strip()
    if not phone_number:
        raise bad_request("phone number is empty")
    if not first_name:
        raise bad_request("first name is empty")
    contact: JsonDict = {"phone_number": phone_number, "first_name": first_name}
    for optional in ("last_name", "vcard"):
        if value := call.params.string(optional):
            contact[optional] = value
    # Telegram links the contact to the account registered with that number, when there is one.
    digits = phone_number.lstrip("+")
    owner = next((u for u in call.world.users.values() if (u.phone_number or "").lstrip("+") == digits), None)
    if owner is not None:
        contact["user_id"] = owner.id
    markup = reply_markup_param(call)
    chat = writable_chat(call)
    return send_content(call, chat, {"contact": contact}, markup)


def _edit_target(call: BotCall) -> tuple[PrivateChat, ChatMessage, bool]:
    """The message an edit addresses, by chat_id + message_id or by inline_message_id."""
    inline_id = call.params.string("inline_message_id")
    if inline_id:
        location = call.bot.inline_messages.get(inline_id)
        if location is None:
            raise bad_request("MESSAGE_ID_INVALID")
        chat = call.bot.chats[location[0]]
        stored = chat.messages.get(location[1])
        if stored is None:
            raise bad_request("message to edit not found")
        return chat, stored, True
    chat = existing_chat(call, require_chat_id(call))
    message_id = call.params.integer("message_id")
    if not message_id:
        raise bad_request("message identifier is not specified")
    if chat.blocked:
        raise forbidden("bot was blocked by the user")
    stored = chat.messages.get(message_id)
    if stored is None:
        raise bad_request("message to edit not found")
    if stored.direction != "bot":
        raise bad_request("message can't be edited")
    return chat, stored, False


def _apply_edit(
    call: BotCall, chat: PrivateChat, stored: ChatMessage, changes: JsonDict, inline: bool
) -> JsonDict | bool:
    current = stored.data
    removed = tuple(key for key in ("entities", "reply_markup") if key not in changes and key in current)
    if all(current.get(k) == v for k, v in changes.items()) and not removed:
        raise bad_request(MESSAGE_NOT_MODIFIED)
    message = chat.edit(current["message_id"], changes, removed)
    call.bot.stats.messages_edited += 1
    return True if inline else message


@method("editMessageText")
async def edit_message_text(call: BotCall) -> JsonDict | bool:
    formatted = message_text_param(call)
    markup = _inline_markup(call)
    chat, stored, inline = _edit_target(call)
    if "text" not in stored.data:
        raise bad_request("there is no text in the message to edit")
    changes = text_content(formatted)
    # An edit without reply_markup removes the inline keyboard, as in Telegram.
    if markup is not None and markup.message_markup is not None:
        changes["reply_markup"] = markup.message_markup
    return _apply_edit(call, chat, stored, changes, inline)


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(call: BotCall) -> JsonDict | bool:
    markup = _inline_markup(call)
    chat, stored, inline = _edit_target(call)
    changes: JsonDict = {}
    if markup is not None and markup.message_markup is not None:
        changes["reply_markup"] = markup.message_markup
    current = stored.data
    if changes.get("reply_markup") == current.get("reply_markup"):
        raise bad_request(MESSAGE_NOT_MODIFIED)
    removed = () if changes else ("reply_markup",)
    message = chat.edit(current["message_id"], changes, removed)
    call.bot.stats.messages_edited += 1
    return True if inline else message


@method("deleteMessage")
async def delete_message(call: BotCall) -> bool:
    chat = existing_chat(call, require_chat_id(call))
    message_id = call.params.integer("message_id")
    if not message_id:
        raise bad_request("message identifier is not specified")
    if not chat.delete(message_id):
        raise bad_request("message to delete not found")
    call.bot.stats.messages_deleted += 1
    return True


@method("deleteMessages")
async def delete_messages(call: BotCall) -> bool:
    chat = existing_chat(call, require_chat_id(call))
    message_ids = call.params.json("message_ids", error="can't parse message identifiers JSON object")
    if not isinstance(message_ids, list) or not 1 <= len(message_ids) <= MAX_DELETE_BATCH:
        raise bad_request("message identifiers are not specified")
    # Messages that are already gone are skipped, as in Telegram.
    deleted = sum(1 for message_id in message_ids if isinstance(message_id, int) and chat.delete(message_id))
    call.bot.stats.messages_deleted += deleted
    return True


@method("sendChatAction")
async def send_chat_action(call: BotCall) -> bool:
    action = call.params.string("action")
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat = writable_chat(call)
    call.world.events.publish("chat_action", bot_id=call.bot.id, user_id=chat.user.id, action=action)
    return True
