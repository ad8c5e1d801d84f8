"""The sandbox's in-memory records: simulated users, private chats and their messages, pending queries.

Message dicts are Telegram `Message` objects exactly as the Bot API returns them. A stored dict is
never mutated: an edit stores a new dict, so events and answers that hold the old one stay true.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from sandbox.telegram.events import EventFeed
from sandbox.telegram.markup import ReplyMarkup
from sandbox.telegram.ratelimit import TokenBucket

Direction = Literal["bot", "user"]
JsonDict = dict[str, Any]


@dataclass(slots=True)
class SandboxUser:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "uk"
    phone_number: str | None = None

    def telegram(self) -> JsonDict:
        """The Bot API `User` object."""
        user: JsonDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def chat(self) -> JsonDict:
        """The Bot API `Chat` object of the private chat with this user."""
        chat: JsonDict = {"id": self.id, "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        chat["type"] = "private"
        return chat

    def describe(self) -> JsonDict:
        """The control API's view: the Telegram user plus the phone number the sandbox knows."""
        return {**self.telegram(), "phone_number": self.phone_number}


@dataclass(slots=True)
class ChatMessage:
    direction: Direction
    data: JsonDict
    # Set for messages a user sent through the bot's inline mode that carry an inline keyboard.
    inline_message_id: str | None = None

    def listing(self) -> JsonDict:
        entry = {**self.data, "direction": self.direction}
        if self.inline_message_id:
            entry["inline_message_id"] = self.inline_message_id
        return entry


class PrivateChat:
    """One user's private chat with one bot."""

    def __init__(
        self, *, bot_id: int, bot_user: JsonDict, user: SandboxUser, feed: EventFeed, bucket: TokenBucket
    ) -> None:
        self.bot_id = bot_id
        self.bot_user = bot_user
        self.user = user
        self.user_dict = user.telegram()
        self.chat_dict = user.chat()
        self.feed = feed
        self.bucket = bucket
        self.messages: dict[int, ChatMessage] = {}
        self.next_message_id = 1
        self.blocked = False
        self.reply_keyboard: JsonDict | None = None
        self.reply_keyboard_collapsed = False
        self.menu_button: JsonDict | None = None
        # Telegram's chat_instance: an opaque id that is the same for every button press in this chat.
        self.chat_instance = str((bot_id * 1_000_003 + user.id * 7_919) % (2**62) + 10**15)

    def post(
        self,
        direction: Direction,
        content: JsonDict,
        *,
        markup: ReplyMarkup | None = None,
        inline_message_id: str | None = None,
    ) -> JsonDict:
        """Add a message (the bot's or the user's) and announce it."""
        message_id = self.next_message_id
        self.next_message_id += 1
        sender = self.bot_user if direction == "bot" else self.user_dict
        message: JsonDict = {
            "message_id": message_id,
            "from": sender,
            "chat": self.chat_dict,
            "date": int(time.time()),
            **content,
        }
        stored = ChatMessage(direction, message, inline_message_id)
        self.messages[message_id] = stored
        self.feed.publish("message", bot_id=self.bot_id, user_id=self.user.id, message=stored.listing())
        if markup is not None:
            self.apply_keyboard(markup)
        return message

    def edit(self, message_id: int, changes: JsonDict, removed: tuple[str, ...] = ()) -> JsonDict:
        stored = self.messages[message_id]
        message = {k: v for k, v in stored.data.items() if k not in removed}
        message.update(changes)
        message["edit_date"] = int(time.time())
        stored.data = message
        self.feed.publish("message_edited", bot_id=self.bot_id, user_id=self.user.id, message=stored.listing())
        return message

    def delete(self, message_id: int) -> bool:
        if self.messages.pop(message_id, None) is None:
            return False
        self.feed.publish("message_deleted", bot_id=self.bot_id, user_id=self.user.id, message_id=message_id)
        return True

    def apply_keyboard(self, markup: ReplyMarkup) -> None:
        """A reply keyboard stays under the input until another one or a removal replaces it."""
        if markup.kind == "reply":
            self.reply_keyboard, self.reply_keyboard_collapsed = markup.data, False
        elif markup.kind == "remove":
            self.reply_keyboard = None
        else:
            return
        self.announce_keyboard()

    def collapse_one_time_keyboard(self) -> None:
        if self.reply_keyboard and self.reply_keyboard.get("one_time_keyboard"):
            self.reply_keyboard_collapsed = True
            self.announce_keyboard()

    def announce_keyboard(self) -> None:
        self.feed.publish(
            "keyboard",
            bot_id=self.bot_id,
            user_id=self.user.id,
            reply_keyboard=self.reply_keyboard,
            collapsed=self.reply_keyboard_collapsed,
        )

    def find_reply_button(self, text: str) -> JsonDict | None:
        for row in (self.reply_keyboard or {}).get("keyboard", ()):
            for button in row:
                if button["text"] == text:
                    return button
        return None


@dataclass(slots=True)
class PendingQuery:
    """A callback or inline query waiting for the bot's answer."""

    id: str
    user_id: int
    created: float = field(default_factory=time.monotonic)
    answer: JsonDict | None = None
    answered: asyncio.Event = field(default_factory=asyncio.Event)

    def expired(self, ttl_s: float) -> bool:
        return time.monotonic() - self.created > ttl_s

    def resolve(self, answer: JsonDict) -> None:
        self.answer = answer
        self.answered.set()


@dataclass(slots=True)
class InlineQuery(PendingQuery):
    query: str = ""
    offset: str = ""
    # result id → the message content that picking the result sends (prepared when the bot answers).
    prepared: dict[str, JsonDict] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CachedInlineAnswer:
    expires_at: float  # time.monotonic()
    answer: JsonDict
    prepared: dict[str, JsonDict]


@dataclass(slots=True)
class BotStats:
    updates_queued: int = 0
    updates_delivered: int = 0
    updates_dropped_by_filter: int = 0
    messages_sent: int = 0
    messages_edited: int = 0
    messages_deleted: int = 0
    rate_limited: int = 0
    forbidden: int = 0
    bad_requests: int = 0
    webhook_failures: int = 0
    methods: Counter[str] = field(default_factory=Counter)

    def snapshot(self) -> JsonDict:
        return {
            "updates_queued": self.updates_queued,
            "updates_delivered": self.updates_delivered,
            "updates_dropped_by_filter": self.updates_dropped_by_filter,
            "messages_sent": self.messages_sent,
            "messages_edited": self.messages_edited,
            "messages_deleted": self.messages_deleted,
            "rate_limited": self.rate_limited,
            "forbidden": self.forbidden,
            "bad_requests": self.bad_requests,
            "webhook_failures": self.webhook_failures,
            "methods": dict(self.methods),
        }
