"""What a simulated user does in the chat, turned into the updates Telegram would send the bot."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from sandbox.telegram.bots import BotAccount
from sandbox.telegram.formatting import MAX_MESSAGE_LENGTH, finish_text, utf16_len
from sandbox.telegram.markup import find_inline_button
from sandbox.telegram.models import CachedInlineAnswer, InlineQuery, JsonDict, PendingQuery, PrivateChat, SandboxUser

MAX_INLINE_QUERY_LENGTH = 256
_START_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{0,64}")


class SimulationError(Exception):
    """A user action the chat does not allow (the control API answers it with `status`)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass(frozen=True, slots=True)
class ActionResult:
    update_id: int | None
    message: JsonDict | None = None
    callback_query_id: str | None = None
    inline_query_id: str | None = None
    cached: bool = False

    def body(self) -> JsonDict:
        body: JsonDict = {"update_id": self.update_id}
        if self.message is not None:
            body["message"] = self.message
        if self.callback_query_id is not None:
            body["callback_query_id"] = self.callback_query_id
        if self.inline_query_id is not None:
            body["inline_query_id"] = self.inline_query_id
            body["cached"] = self.cached
        return body


class SimulatedUser:
    """One user acting in their private chat with one bot."""

    def __init__(self, bot: BotAccount, user: SandboxUser, *, new_query_id: Callable[[], str]) -> None:
        self.bot = bot
        self.user = user
        self.settings = bot.settings
        self._new_query_id = new_query_id

    def _open_chat(self) -> PrivateChat:
        chat = self.bot.chat_with(self.user)
        if chat.blocked:
            raise SimulationError(409, "the user has blocked this bot; unblock it first")
        return chat

    def _send(self, content: JsonDict, *, inline_message_id: str | None = None) -> ActionResult:
        chat = self._open_chat()
        message = chat.post("user", content, inline_message_id=inline_message_id)
        update_id = self.bot.push_update("message", message, self.user.id)
        return ActionResult(update_id, message)

    def send_text(self, text: str) -> ActionResult:
        formatted = finish_text(text, [])
        if not formatted.text:
            raise SimulationError(400, "message text is empty")
        if utf16_len(formatted.text) > MAX_MESSAGE_LENGTH:
            raise SimulationError(400, "message is too long")
        content: JsonDict = {"text": formatted.text}
        # The user's client marks commands and links; Telegram keeps those entities in the update.
        if formatted.entities:
            content["entities"] = formatted.entities
        return self._send(content)

    def share_contact(self, contact: JsonDict | None = None) -> ActionResult:
        """The user's own contact (as request_contact sends it), or someone else's card."""
        if contact is None:
            if not self.user.phone_number:
                raise SimulationError(400, "this user has no phone number to share")
            contact = {
                "phone_number": self.user.phone_number,
                "first_name": self.user.first_name,
                "user_id": self.user.id,
            }
            if self.user.last_name:
                contact["last_name"] = self.user.last_name
        elif not contact.get("phone_number") or not contact.get("first_name"):
            raise SimulationError(400, "a contact needs phone_number and first_name")
        return self._send({"contact": {k: v for k, v in contact.items() if v is not None}})

    def share_location(self, latitude: float, longitude: float) -> ActionResult:
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise SimulationError(400, "latitude must be within ±90 and longitude within ±180")
        return self._send({"location": {"latitude": latitude, "longitude": longitude}})

    def press_inline_button(self, message_id: int, data: str) -> ActionResult:
        chat = self._open_chat()
        stored = chat.messages.get(message_id)
        if stored is None:
            raise SimulationError(404, f"no message {message_id} in this chat")
        if find_inline_button(stored.data.get("reply_markup"), callback_data=data) is None:
            raise SimulationError(400, "the message has no inline button with this callback_data")
        query = PendingQuery(self._new_query_id(), self.user.id)
        self.bot.remember_callback_query(query)
        payload: JsonDict = {"id": query.id, "from": chat.user_dict, "chat_instance": chat.chat_instance}
        if stored.inline_message_id is not None:
            # A message sent through inline mode: the bot gets its id, not the message itself.
            payload["inline_message_id"] = stored.inline_message_id
        else:
            payload["message"] = stored.data
        payload["data"] = data
        update_id = self.bot.push_update("callback_query", payload, self.user.id)
        return ActionResult(update_id, callback_query_id=query.id)

    def press_reply_button(self, text: str, *, location: tuple[float, float] | None = None) -> ActionResult:
        chat = self._open_chat()
        button = chat.find_reply_button(text)
        if button is None:
            raise SimulationError(400, "the current reply keyboard has no button with this text")
        if button.get("request_contact"):
            result = self.share_contact()
        elif button.get("request_location"):
            if location is None:
                raise SimulationError(400, "this button shares a location: give latitude and longitude")
            result = self.share_location(*location)
        else:
            result = self.send_text(text)
        chat.collapse_one_time_keyboard()
        return result

    def inline_query(self, query: str, offset: str = "") -> ActionResult:
        if len(query) > MAX_INLINE_QUERY_LENGTH:
            raise SimulationError(400, f"an inline query is at most {MAX_INLINE_QUERY_LENGTH} characters")
        record = InlineQuery(self._new_query_id(), self.user.id, query=query, offset=offset)
        self.bot.remember_inline_query(record)
        cached = self._cached_answer(query, offset)
        if cached is not None:
            record.prepared = cached.prepared
            record.resolve({**cached.answer, "inline_query_id": record.id})
            return ActionResult(None, inline_query_id=record.id, cached=True)
        payload: JsonDict = {
            "id": record.id,
            "from": self.user.telegram(),
            "query": query,
            "offset": offset,
            "chat_type": "sender",
        }
        update_id = self.bot.push_update("inline_query", payload, self.user.id)
        return ActionResult(update_id, inline_query_id=record.id)

    def _cached_answer(self, query: str, offset: str) -> CachedInlineAnswer | None:
        if not self.settings.inline_cache:
            return None
        now = time.monotonic()
        for key in ((query, offset, self.user.id), (query, offset, None)):
            cached = self.bot.inline_cache.get(key)
            if cached is not None and cached.expires_at > now:
                return cached
        return None

    def pick_inline_result(self, inline_query_id: str, result_id: str) -> ActionResult:
        record = self.bot.inline_queries.get(inline_query_id)
        if record is None or record.user_id != self.user.id:
            raise SimulationError(404, "no such inline query of this user")
        if record.answer is None:
            raise SimulationError(409, "the bot has not answered this inline query yet")
        content = record.prepared.get(result_id)
        if content is None:
            raise SimulationError(400, "no sendable result with this id in the bot's answer")
        inline_message_id = secrets.token_urlsafe(18) if "reply_markup" in content else None
        result = self._send({**content, "via_bot": self.bot.user}, inline_message_id=inline_message_id)
        assert result.message is not None
        if inline_message_id is not None:
            self.bot.inline_messages[inline_message_id] = (self.user.id, result.message["message_id"])
        if self.settings.inline_feedback:
            chosen: JsonDict = {"result_id": result_id, "from": self.user.telegram(), "query": record.query}
            if inline_message_id is not None:
                chosen["inline_message_id"] = inline_message_id
            self.bot.push_update("chosen_inline_result", chosen, self.user.id)
        return result

    def set_blocked(self, blocked: bool) -> ActionResult:
        chat = self.bot.chat_with(self.user)
        if chat.blocked == blocked:
            return ActionResult(None)
        chat.blocked = blocked
        member = {"user": self.bot.user, "status": "member"}
        banned = {"user": self.bot.user, "status": "kicked", "until_date": 0}
        payload = {
            "chat": chat.chat_dict,
            "from": chat.user_dict,
            "date": int(time.time()),
            "old_chat_member": member if blocked else banned,
            "new_chat_member": banned if blocked else member,
        }
        chat.feed.publish("chat_blocked" if blocked else "chat_unblocked", bot_id=self.bot.id, user_id=self.user.id)
        return ActionResult(self.bot.push_update("my_chat_member", payload, self.user.id))

    def open_deep_link(self, url: str) -> ActionResult:
        """`t.me/<bot>?start=<payload>`: the user presses Start, which also unblocks a blocked bot."""
        payload = start_payload(url, self.bot.username)
        if payload is None:
            raise SimulationError(400, f"not a start link of @{self.bot.username}")
        self.set_blocked(False)
        return self.send_text(f"/start {payload}" if payload else "/start")


def start_payload(url: str, bot_username: str) -> str | None:
    """The start payload of a link to the bot (empty when there is none); None if it is not such a link."""
    parts = urlsplit(url if "://" in url else f"https://{url}")
    query = parse_qs(parts.query)
    if parts.scheme == "tg":
        username = (query.get("domain") or [""])[0]
    elif parts.netloc.lower() in {"t.me", "telegram.me", "www.t.me"}:
        username = parts.path.strip("/")
    else:
        return None
    if username.lower() != bot_username.lower():
        return None
    payload = (query.get("start") or [""])[0]
    return payload if _START_PAYLOAD.fullmatch(payload) else None
