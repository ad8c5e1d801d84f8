"""Fixtures of the bot's end-to-end tests: one running stack per test module, a fresh patient per test.

Each module shares the registry sandbox, backend, Telegram emulator and bot (starting them costs about a
second); every test gets a new Telegram user, so tests do not see each other's chats. Test modules mark
themselves with `pytestmark = pytest.mark.asyncio(loop_scope="module")` to run in the stack's event loop.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.bot.harness import Patient, Stack, running_stack, seed_registry_template


@pytest.fixture(scope="session")
def bot_registry_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bot-registry") / "template.sqlite3"
    asyncio.run(seed_registry_template(path))
    return path


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def stack(bot_registry_template: Path, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:
    directory = tmp_path_factory.mktemp("bot-stack")
    registry_database = directory / "registry.sqlite3"
    shutil.copyfile(bot_registry_template, registry_database)
    async with running_stack(registry_database, directory / "backend.sqlite3") as running:
        yield running


@pytest_asyncio.fixture(loop_scope="module")
async def patient(stack: Stack) -> Patient:
    if stack.run is None:  # a test stopped the bot and failed before starting it again
        await stack.start_bot()
    return stack.new_patient()
