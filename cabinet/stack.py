"""The whole product in one event loop: registry sandbox, Telegram emulator, backend and bot.

`cabinet demo` runs it on fixed ports for a person to click through; the end-to-end tests and the
benchmarks run it on free ports. Every component is the same code as in production; only URLs,
credentials and the databases (fresh SQLite files under `data_dir`) differ.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from backend.app import create_app as create_backend_app
from backend.config import BackendSettings
from backend.db import make_engine
from backend.http_protocol import BoundedH11Protocol
from backend.registry.ehealth import EHealthRegistry
from backend.registry.settings import EHealthSettings, RegistryBudgetSettings
from bot.config import SANDBOX_BOT_TOKEN as DEMO_BOT_TOKEN
from cabinet.servers import bind_socket, serving, url_of
from sandbox.registry.app import create_app as create_registry_app
from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.clock import ukrainian_today
from sandbox.registry.seed import SeedSummary, seed_database
from sandbox.registry.seeding.process import seed_in_child_process
from sandbox.telegram.config import TelegramSandboxSettings
from sandbox.telegram.server import SandboxServer
from sandbox.telegram.server import create_app as create_telegram_app

DEMO_BOT_USERNAME = "ehealth_cabinet_bot"


@dataclass(frozen=True)
class StackConfig:
    data_dir: Path
    host: str = "127.0.0.1"
    registry_port: int = 0
    backend_port: int = 0
    telegram_port: int = 0
    doctors: int = 600
    seed: int = 2026
    with_bot: bool = True
    bot_token: str = DEMO_BOT_TOKEN
    # False: the bot talks to real Telegram with `bot_token` and no emulator is started.
    use_emulator: bool = True
    bot_username: str = DEMO_BOT_USERNAME
    backend_overrides: dict[str, Any] = field(default_factory=dict)
    telegram_overrides: dict[str, Any] = field(default_factory=dict)
    registry_overrides: dict[str, Any] = field(default_factory=dict)
    bot_overrides: dict[str, Any] = field(default_factory=dict)
    # The client's registry budget (EHEALTH_BUDGET_*): simulated patients act faster than people, so tests and
    # benches raise it as they raise the bot's throttle; the demo keeps what the environment says.
    budget_overrides: dict[str, Any] = field(default_factory=dict)
    # True: seed from a child process that exits before anything serves, so this process never holds the
    # seeding's peak (hundreds of MB at 100,000 doctors, which glibc would keep). The demo does; tests seed
    # a few hundred doctors in-process, which is faster than starting an interpreter.
    seed_in_child_process: bool = False


@dataclass
class Stack:
    registry_url: str
    backend_url: str
    telegram_url: str | None
    seed_summary: SeedSummary
    apps: dict[str, Any]
    bot_task: asyncio.Task[None] | None = None

    @property
    def web_chat_url(self) -> str | None:
        return f"{self.telegram_url}/" if self.telegram_url else None


async def seed_registry(
    settings: RegistrySettings, *, seed: int, doctors: int, in_child_process: bool = False
) -> SeedSummary:
    if in_child_process:
        return await seed_in_child_process(settings, seed=seed, doctors=doctors, today=ukrainian_today())
    engine = make_engine(settings.database_url)
    try:
        return await seed_database(engine, seed=seed, doctors=doctors, settings=settings, today=ukrainian_today())
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def running_stack(config: StackConfig) -> AsyncIterator[Stack]:
    """Seed fresh databases, start every component, yield their URLs; stop everything on exit."""
    config.data_dir.mkdir(parents=True, exist_ok=True)
    for name in ("registry.sqlite3", "backend.sqlite3"):
        for suffix in ("", "-wal", "-shm"):
            (config.data_dir / f"{name}{suffix}").unlink(missing_ok=True)

    registry_sock = bind_socket(config.host, config.registry_port)
    backend_sock = bind_socket(config.host, config.backend_port)
    telegram_sock = bind_socket(config.host, config.telegram_port) if config.use_emulator else None
    registry_url, backend_url = url_of(registry_sock), url_of(backend_sock)
    telegram_url = url_of(telegram_sock) if telegram_sock else None
    callback_url = f"{backend_url}/auth/callback"

    registry_settings = RegistrySettings(
        database_url=f"sqlite+aiosqlite:///{config.data_dir / 'registry.sqlite3'}",
        public_url=registry_url,
        pis_redirect_uris=[callback_url],
        # One process with the backend: a memory map of the registry's file would count in the product's RSS.
        **{"sqlite_mmap_mb": 0, **config.registry_overrides},
    )
    summary = await seed_registry(
        registry_settings, seed=config.seed, doctors=config.doctors, in_child_process=config.seed_in_child_process
    )
    backend_settings = BackendSettings(
        database_url=f"sqlite+aiosqlite:///{config.data_dir / 'backend.sqlite3'}",
        public_url=backend_url,
        sandbox_signer_url=registry_url,
        bot_username=config.bot_username,
        **config.backend_overrides,
    )
    registry_adapter = EHealthRegistry(
        EHealthSettings(
            auth_url=registry_url,
            api_url=registry_url,
            client_id=registry_settings.pis_client_id,
            client_secret=SecretStr(registry_settings.pis_client_secret),
            custom_psk=SecretStr(registry_settings.pis_client_psk),
            redirect_uri=callback_url,
        )
    )
    apps: dict[str, Any] = {
        "registry": create_registry_app(registry_settings),
        "backend": create_backend_app(
            backend_settings, registry_adapter, budget_settings=RegistryBudgetSettings(**config.budget_overrides)
        ),
    }
    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(registry_adapter.aclose)
        await stack.enter_async_context(serving(apps["registry"], registry_sock))
        if telegram_sock is not None:
            telegram_settings = TelegramSandboxSettings(
                default_token=SecretStr(config.bot_token),
                bot_username=config.bot_username,
                **config.telegram_overrides,
            )
            apps["telegram"] = create_telegram_app(telegram_settings)
            world = apps["telegram"].state.world
            await stack.enter_async_context(
                serving(apps["telegram"], telegram_sock, server_factory=lambda c: SandboxServer(c, world))
            )
        # As `cabinet backend` serves it: a URL too long to parse gets 414, not a reset connection.
        await stack.enter_async_context(serving(apps["backend"], backend_sock, http=BoundedH11Protocol))
        running = Stack(registry_url, backend_url, telegram_url, summary, apps)
        if config.with_bot:
            running.bot_task = await stack.enter_async_context(
                _running_bot(config, backend_url, backend_settings, telegram_url)
            )
        yield running


@contextlib.asynccontextmanager
async def _running_bot(
    config: StackConfig, backend_url: str, backend_settings: BackendSettings, telegram_url: str | None
) -> AsyncIterator[asyncio.Task[None]]:
    from bot.app import run_polling
    from bot.config import BotSettings

    settings = BotSettings(
        token=SecretStr(config.bot_token),
        telegram_api_url=telegram_url or "",
        backend_url=backend_url,
        backend_service_token=backend_settings.service_token,
        **config.bot_overrides,
    )
    # The process running the stack (demo, tests, benchmarks) owns SIGINT/SIGTERM, not aiogram.
    task = asyncio.create_task(run_polling(settings, handle_signals=False), name="bot-polling")
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
