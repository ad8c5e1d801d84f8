"""The command menu is cosmetic: a Bot API that refuses setMyCommands (404 from a server without it, 500 from
a failing one) stops neither a polling bot nor a webhook worker from starting and serving; the menu is set
in the background once the API accepts it."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable, Iterator

import pytest
import pytest_asyncio
from pydantic import SecretStr

from bot.api_client import BackendClient
from bot.app import COMMANDS, CommandMenu, create_bot, create_dispatcher
from bot.dedupe import MemoryDeduplicator
from bot.webhook import serving_webhook
from sandbox.telegram.bots import DEFAULT_SCOPE, BotAccount
from tests.bot.harness import SERVICE_TOKEN, Patient, Stack, text

pytestmark = pytest.mark.asyncio(loop_scope="module")

SET_MY_COMMANDS = "setMyCommands"


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries in tens of milliseconds instead of seconds to minutes."""
    monkeypatch.setattr(CommandMenu, "first_retry_s", 0.05)
    monkeypatch.setattr(CommandMenu, "longest_retry_s", 0.2)


@pytest.fixture
def refused_menu(stack: Stack, patient: Patient, quick_retries: None) -> Iterator[BotAccount]:
    """The emulator's bot without a menu, and its Bot API refusing to set one (each test picks the status)."""
    account = patient.act.bot
    account.commands.clear()
    yield account
    account.accept(SET_MY_COMMANDS)


def menu(account: BotAccount, patient: Patient) -> list[str]:
    return [command["command"] for command in account.effective_commands(patient.id, "uk")]


async def eventually(condition: Callable[[], bool]) -> None:
    """Until the condition holds (what the bot does in the background leaves no update to wait on)."""
    async with asyncio.timeout(5):
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.01)


def tried_beyond(account: BotAccount, count: int) -> Callable[[], bool]:
    return lambda: account.stats.methods[SET_MY_COMMANDS] > count


def menu_is_set(account: BotAccount) -> Callable[[], bool]:
    """Every language's menu: the default one (Ukrainian) and those for Ukrainian and English apps."""
    return lambda: all((DEFAULT_SCOPE, language) in account.commands for language in ("", "uk", "en"))


@pytest.mark.parametrize("status", [404, 500])
async def test_a_polling_bot_serves_while_the_menu_is_refused_and_sets_it_later(
    stack: Stack, patient: Patient, refused_menu: BotAccount, status: int
) -> None:
    refused_menu.refuse(SET_MY_COMMANDS, status)
    tried = refused_menu.stats.methods[SET_MY_COMMANDS]

    await stack.restart_bot()  # failed with the refusal before: the startup hook raised
    seen = await patient.send("/start")
    await eventually(tried_beyond(refused_menu, tried + 1))  # refused at start, and refused again later

    assert text("welcome") in seen.text
    assert menu(refused_menu, patient) == []
    refused_menu.accept(SET_MY_COMMANDS)
    await eventually(menu_is_set(refused_menu))
    assert menu(refused_menu, patient) == list(COMMANDS)
    for language in ("uk", "en"):
        assert refused_menu.effective_commands(patient.id, language)[1]["description"] == text("command-menu", language)


def bound_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest_asyncio.fixture(loop_scope="module")
async def webhook_worker(stack: Stack, refused_menu: BotAccount) -> AsyncIterator[None]:
    """The polling bot stopped while the test runs a webhook worker (the test starts it); polling restored."""
    await stack.stop_bot()
    yield
    janitor = create_bot(stack.settings)
    try:
        await janitor.delete_webhook()
    finally:
        await janitor.session.close()
    await stack.start_bot()


async def test_a_webhook_worker_starts_and_serves_while_the_menu_is_refused(
    stack: Stack, patient: Patient, refused_menu: BotAccount, webhook_worker: None
) -> None:
    refused_menu.refuse(SET_MY_COMMANDS, 404)
    tried = refused_menu.stats.methods[SET_MY_COMMANDS]
    sock = bound_socket()
    settings = stack.settings.model_copy(
        update={
            "webhook_url": f"http://127.0.0.1:{sock.getsockname()[1]}",
            "webhook_secret": SecretStr("menu-test_secret"),
        }
    )
    storage, isolation = stack.bot_storage.open()
    bot = create_bot(settings)
    async with BackendClient(stack.backend_url, SERVICE_TOKEN) as backend:
        dispatcher = create_dispatcher(settings, backend, storage, isolation)
        stack._track_handled_updates(dispatcher)  # the patient waits on it
        try:
            # `cabinet bot --webhook` exited here before: the startup hook raised.
            async with serving_webhook(dispatcher, bot, settings, MemoryDeduplicator(60), sock=sock):
                seen = await patient.send("/start")
                await eventually(tried_beyond(refused_menu, tried + 1))

                assert text("welcome") in seen.text
                assert refused_menu.webhook is not None  # updates come by webhook, not by polling
                assert menu(refused_menu, patient) == []
                refused_menu.accept(SET_MY_COMMANDS)
                await eventually(menu_is_set(refused_menu))
        finally:
            await isolation.close()
            await storage.close()
            await bot.session.close()
