"""The whole sandbox state: bots (one per token), simulated users and the change feed."""

from __future__ import annotations

import itertools
import re
import secrets

import httpx

from sandbox.telegram.bots import BotAccount
from sandbox.telegram.config import TelegramSandboxSettings
from sandbox.telegram.errors import unauthorized
from sandbox.telegram.events import EventFeed
from sandbox.telegram.files import FileStore
from sandbox.telegram.models import SandboxUser

_TOKEN = re.compile(r"(\d{1,19}):([A-Za-z0-9_-]{20,})")


class UnknownBotError(LookupError):
    """No bot has connected yet, or no bot has the requested id."""


class UnknownUserError(LookupError):
    pass


class TelegramWorld:
    def __init__(self, settings: TelegramSandboxSettings) -> None:
        self.settings = settings
        self.events = EventFeed(settings.event_history)
        self.users: dict[int, SandboxUser] = {}
        self.bots: dict[int, BotAccount] = {}
        self.files = FileStore()
        self._next_user_id = settings.first_user_id
        # Query ids are opaque decimal strings in Telegram; a random base keeps runs apart.
        self._query_ids = itertools.count(10**18 + secrets.randbelow(10**17))
        self._webhook_client: httpx.AsyncClient | None = None
        self.closed = False
        if settings.default_token is not None:
            self.bot_for_token(settings.default_token.get_secret_value())

    # Bots -------------------------------------------------------------------------------------------

    def bot_for_token(self, token: str) -> BotAccount:
        """The bot a token stands for; any well-formed token creates its bot on first use."""
        match = _TOKEN.fullmatch(token)
        if match is None:
            raise unauthorized()
        bot_id = int(match.group(1))
        bot = self.bots.get(bot_id)
        if bot is not None:
            if not secrets.compare_digest(bot.token, token):
                raise unauthorized()
            return bot
        is_main = not self.bots
        bot = BotAccount(
            bot_id=bot_id,
            token=token,
            username=self.settings.bot_username if is_main else f"bot{bot_id}_bot",
            first_name=self.settings.bot_first_name if is_main else f"Bot {bot_id}",
            settings=self.settings,
            feed=self.events,
        )
        self.bots[bot_id] = bot
        # Global events (no bot, no user), so that every reader of the feed learns about them.
        self.events.publish("bot_registered", bot_id=None, user_id=None, bot=bot.describe())
        return bot

    def bot(self, bot_id: int | None = None) -> BotAccount:
        """A bot by id, or the main (first) bot when no id is given."""
        if bot_id is None:
            if not self.bots:
                raise UnknownBotError("no bot has connected to the sandbox yet")
            return next(iter(self.bots.values()))
        bot = self.bots.get(bot_id)
        if bot is None:
            raise UnknownBotError(f"no bot with id {bot_id}")
        return bot

    # Users ------------------------------------------------------------------------------------------

    def create_user(
        self,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "uk",
        phone_number: str | None = None,
    ) -> SandboxUser:
        user = SandboxUser(self._next_user_id, first_name, last_name, username, language_code, phone_number)
        self._next_user_id += 1
        self.users[user.id] = user
        self.events.publish("user_created", bot_id=None, user_id=None, user=user.describe())
        return user

    def user(self, user_id: int) -> SandboxUser:
        user = self.users.get(user_id)
        if user is None:
            raise UnknownUserError(f"no user with id {user_id}")
        return user

    def resolve_user(self, user_id: int) -> dict[str, object] | None:
        user = self.users.get(user_id)
        return user.telegram() if user else None

    def new_query_id(self) -> str:
        return str(next(self._query_ids))

    # Lifecycle --------------------------------------------------------------------------------------

    @property
    def webhook_client(self) -> httpx.AsyncClient:
        """One HTTP client for every webhook (created on first use, inside the running loop)."""
        if self._webhook_client is None:
            self._webhook_client = httpx.AsyncClient(
                timeout=self.settings.webhook_timeout_s,
                limits=httpx.Limits(max_connections=None, max_keepalive_connections=200),
                trust_env=False,
            )
        return self._webhook_client

    def reset(self) -> None:
        """Forget users, chats, updates and events; keep bots with their webhooks and commands.

        Ids (users, updates, events) keep counting up, so a bot that keeps running never sees one reused.
        """
        self.users.clear()
        for bot in self.bots.values():
            bot.clear_conversations()
        self.events.clear()
        self.events.publish("reset", bot_id=None, user_id=None)

    def release_waiters(self) -> None:
        """Let every long poll return now (shutdown)."""
        self.closed = True
        for bot in self.bots.values():
            bot.updates.release_waiters()
        self.events.release_waiters()

    async def aclose(self) -> None:
        self.release_waiters()
        for bot in self.bots.values():
            if bot.webhook is not None:
                await bot.webhook.stop()
        if self._webhook_client is not None:
            await self._webhook_client.aclose()
            self._webhook_client = None
