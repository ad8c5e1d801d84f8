"""Fixtures: a Telegram sandbox on a free local port and real aiogram bots talking to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from sandbox.telegram.config import TelegramSandboxSettings
from sandbox.telegram.server import RunningSandbox, running_sandbox
from sandbox.telegram.simulation import SimulatedUser

MAIN_TOKEN = "7000000001:AAH-main_bot_token_for_the_sandbox_x"
ECHO_TOKEN = "7000000002:AAH-echo_bot_token_for_the_sandbox_y"


def make_settings(**overrides: object) -> TelegramSandboxSettings:
    """Settings independent of the environment (no .env), fast retries, and generous limits by default."""
    values: dict[str, object] = {
        "webhook_retry_initial_s": 0.05,
        "webhook_retry_max_s": 0.2,
        "webhook_timeout_s": 2.0,
        "shutdown_grace_s": 1.0,
        "chat_burst": 1000,
        "global_burst": 1000,
        **overrides,
    }
    return TelegramSandboxSettings(_env_file=None, **values)  # type: ignore[call-arg]


class LocalSession(AiohttpSession):
    """aiogram's session without the 250 ms pause it takes on close for TLS connections (there are none)."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def make_aiogram_bot(base_url: str, token: str = MAIN_TOKEN) -> Bot:
    session = LocalSession(api=TelegramAPIServer.from_base(base_url))
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode="HTML"))


@pytest.fixture
def settings() -> TelegramSandboxSettings:
    return make_settings()


@pytest.fixture
async def sandbox(settings: TelegramSandboxSettings) -> AsyncIterator[RunningSandbox]:
    async with running_sandbox(settings) as running:
        yield running


@pytest.fixture
async def make_bot(sandbox: RunningSandbox) -> AsyncIterator[Callable[[str], Bot]]:
    """Real aiogram bots (HTML by default, as ours) pointed at the sandbox; sessions closed afterwards."""
    bots: list[Bot] = []

    def make(token: str = MAIN_TOKEN) -> Bot:
        bot = make_aiogram_bot(sandbox.url, token)
        bots.append(bot)
        return bot

    yield make
    for bot in bots:
        await bot.session.close()


@pytest.fixture
async def bot(make_bot: Callable[[str], Bot]) -> Bot:
    bot = make_bot(MAIN_TOKEN)
    await bot.get_me()  # registers the bot in the sandbox, as the first call of a real bot does
    return bot


@pytest.fixture
def act(sandbox: RunningSandbox) -> Callable[..., SimulatedUser]:
    """A simulated user of the main bot acting in-process (the control API has its own tests)."""
    world = sandbox.world

    def simulated(user_id: int, bot_id: int | None = None) -> SimulatedUser:
        return SimulatedUser(world.bot(bot_id), world.user(user_id), new_query_id=world.new_query_id)

    return simulated
