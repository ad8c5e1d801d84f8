"""Fixtures of the bot's end-to-end tests: one running stack per test module, a fresh patient per test.

Each module shares the registry sandbox, backend, Telegram emulator and bot (starting them costs about a
second); every test gets a new Telegram user, so tests do not see each other's chats. Test modules mark
themselves with `pytestmark = pytest.mark.asyncio(loop_scope="module")` to run in the stack's event loop.

Every module runs twice, once per setup the product ships (test ids end in the setup's name):
`sqlite-memory`, the single-process one (SQLite backend, dialog state in the bot's memory), and
`postgresql-redis`, the production one (PostgreSQL backend in a database of the module's own, dialog state
and per-user locks in Redis under a key prefix of the module's own). The second needs both servers: it is
skipped without them, and fails when CI=true (the `postgres_url` / `redis_url` rule).
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import pytest
import pytest_asyncio

from tests.bot.harness import BotStorage, Patient, Stack, running_stack, seed_registry_template
from tests.conftest import create_postgres_database, drop_postgres_database

EMBEDDED, PRODUCTION = "sqlite-memory", "postgresql-redis"


@pytest.fixture(scope="session")
def bot_registry_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bot-registry") / "template.sqlite3"
    asyncio.run(seed_registry_template(path))
    return path


@pytest.fixture(scope="module", params=[EMBEDDED, PRODUCTION])
def stack_setup(request: pytest.FixtureRequest) -> str:
    """Which setup the module's stack runs; a conftest may narrow it (tests that need Redis anyway)."""
    return request.param


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def stack(
    stack_setup: str,
    bot_registry_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> AsyncIterator[Stack]:
    directory = tmp_path_factory.mktemp("bot-stack")
    registry_database = directory / "registry.sqlite3"
    shutil.copyfile(bot_registry_template, registry_database)
    if stack_setup == EMBEDDED:
        async with running_stack(registry_database, directory / "backend.sqlite3") as running:
            yield running
        return
    postgres_url: str = request.getfixturevalue("postgres_url")
    bot_storage = BotStorage(request.getfixturevalue("redis_url"), prefix=f"test-bot-{uuid4().hex}")
    backend_database = await create_postgres_database(postgres_url, "bot_stack_test")
    try:
        async with running_stack(registry_database, backend_database, bot_storage) as running:
            yield running
    finally:
        await drop_postgres_database(postgres_url, backend_database)


@pytest_asyncio.fixture(loop_scope="module")
async def patient(stack: Stack) -> Patient:
    if stack.run is None:  # a test stopped the bot and failed before starting it again
        await stack.start_bot()
    return stack.new_patient()
