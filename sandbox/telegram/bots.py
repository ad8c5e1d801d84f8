"""One bot account: its identity, chats, update queue, settings made through the API, and counters."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from sandbox.telegram.config import TelegramSandboxSettings
from sandbox.telegram.errors import outage
from sandbox.telegram.events import EventFeed
from sandbox.telegram.models import (
    BotStats,
    CachedInlineAnswer,
    InlineQuery,
    JsonDict,
    PendingQuery,
    PrivateChat,
    SandboxUser,
)
from sandbox.telegram.ratelimit import TokenBucket
from sandbox.telegram.updates import UpdateQueue

if TYPE_CHECKING:
    from sandbox.telegram.webhook import WebhookDelivery

# (scope type, chat id, user id): BotCommandScope reduced to what identifies it.
CommandScope = tuple[str, int | None, int | None]
DEFAULT_SCOPE: CommandScope = ("default", None, None)
_QUERY_RETENTION_S = 600.0


class BotAccount:
    def __init__(
        self,
        *,
        bot_id: int,
        token: str,
        username: str,
        first_name: str,
        settings: TelegramSandboxSettings,
        feed: EventFeed,
    ) -> None:
        self.id = bot_id
        self.token = token
        self.username = username
        self.first_name = first_name
        self.settings = settings
        self.feed = feed
        self.user: JsonDict = {"id": bot_id, "is_bot": True, "first_name": first_name, "username": username}
        self.updates = UpdateQueue(settings.max_pending_updates)
        self.chats: dict[int, PrivateChat] = {}
        self.global_bucket = TokenBucket(settings.global_rate_per_s, settings.global_burst)
        self.stats = BotStats()
        self.callback_queries: dict[str, PendingQuery] = {}
        self.inline_queries: dict[str, InlineQuery] = {}
        # (query, offset, user id when the answer is personal) → answer: Telegram's inline result cache.
        self.inline_cache: dict[tuple[str, str, int | None], CachedInlineAnswer] = {}
        # inline_message_id → (chat id, message id) of a message sent through inline mode.
        self.inline_messages: dict[str, tuple[int, int]] = {}
        self.commands: dict[tuple[CommandScope, str], list[JsonDict]] = {}
        self.default_menu_button: JsonDict | None = None
        self.profile_texts: dict[tuple[str, str], str] = {}  # (field, language) → name/description text
        self.webhook: WebhookDelivery | None = None
        # Each getUpdates call takes a new generation; an older long poll still waiting is terminated.
        self.poll_generation = 0
        self.poll_superseded_by = ""
        # Fault injection: lower-cased method name → the status every call of it fails with (`refuse`).
        self.refusals: dict[str, int] = {}

    def get_me(self) -> JsonDict:
        return {
            **self.user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def describe(self) -> JsonDict:
        return {
            "id": self.id,
            "username": self.username,
            "first_name": self.first_name,
            "webhook_url": self.webhook.url if self.webhook else None,
            "pending_updates": len(self.updates),
        }

    def refuse(self, method: str, error_code: int = 404) -> None:
        """Fault injection: from now on every call of `method` fails as on a Bot API server that lacks it (404)
        or fails on it (500), until `accept`. The calls are still counted in the stats."""
        outage(error_code)  # a status Telegram answers this way, or ValueError now
        self.refusals[method.lower()] = error_code

    def accept(self, method: str) -> None:
        self.refusals.pop(method.lower(), None)

    def chat_with(self, user: SandboxUser) -> PrivateChat:
        """The private chat with `user`, opened when the user first writes to the bot."""
        chat = self.chats.get(user.id)
        if chat is None:
            bucket = TokenBucket(self.settings.chat_rate_per_s, self.settings.chat_burst)
            chat = PrivateChat(bot_id=self.id, bot_user=self.user, user=user, feed=self.feed, bucket=bucket)
            self.chats[user.id] = chat
        return chat

    def push_update(self, kind: str, payload: JsonDict, chat_key: int) -> int | None:
        update_id = self.updates.push(kind, payload, chat_key)
        if update_id is None:
            self.stats.updates_dropped_by_filter += 1
        else:
            self.stats.updates_queued += 1
        return update_id

    def effective_commands(self, user_id: int, language_code: str | None) -> list[JsonDict]:
        """The command menu a user sees in the private chat, by Telegram's order of scopes."""
        languages = [language_code, ""] if language_code else [""]
        for scope in (("chat", user_id, None), ("all_private_chats", None, None), DEFAULT_SCOPE):
            for language in languages:
                commands = self.commands.get((scope, language))
                if commands:
                    return commands
        return []

    def remember_callback_query(self, query: PendingQuery) -> None:
        self._prune(self.callback_queries)
        self.callback_queries[query.id] = query

    def remember_inline_query(self, query: InlineQuery) -> None:
        self._prune(self.inline_queries)
        self.inline_queries[query.id] = query

    @staticmethod
    def _prune(queries: dict[str, Any]) -> None:
        """Forget queries long past answering (dicts keep insertion order: the oldest come first)."""
        now = time.monotonic()
        while queries:
            oldest = next(iter(queries.values()))
            if now - oldest.created <= _QUERY_RETENTION_S:
                break
            del queries[oldest.id]

    def clear_conversations(self) -> None:
        """Forget chats, updates and queries; keep the bot's identity, webhook and settings."""
        self.chats.clear()
        self.updates.clear()
        self.callback_queries.clear()
        self.inline_queries.clear()
        self.inline_cache.clear()
        self.inline_messages.clear()
        self.stats = BotStats()
        self.global_bucket = TokenBucket(self.settings.global_rate_per_s, self.settings.global_burst)
