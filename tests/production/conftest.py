"""Fixtures of the production-mode tests: Redis key spaces of their own, and the bot's end-to-end stack.

The stack fixtures are the bot suite's own (one registry sandbox, backend, Telegram emulator per module).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import uuid4

import pytest
import pytest_asyncio

from backend.migrate import migrate
from tests.bot.conftest import PRODUCTION, bot_registry_template, patient, stack
from tests.conftest import create_postgres_database, delete_redis_keys, drop_postgres_database

__all__ = ["bot_registry_template", "patient", "stack"]


@pytest.fixture(scope="module")
def stack_setup() -> str:
    """These tests run several workers on Redis anyway: their stack is the production setup only."""
    return PRODUCTION


@pytest_asyncio.fixture(loop_scope="module")
async def redis_prefix(redis_url: str) -> AsyncIterator[str]:
    """A key prefix no other test uses; its keys are deleted afterwards."""
    prefix = f"test-production-{uuid4().hex}"
    yield prefix
    await delete_redis_keys(redis_url, prefix)


@pytest_asyncio.fixture(loop_scope="module")
async def postgres_database(postgres_url: str) -> AsyncIterator[str]:
    """A migrated PostgreSQL database of the test's own (`cabinet migrate`), dropped afterwards."""
    url = await create_postgres_database(postgres_url, "production_test")
    try:
        await migrate(url)
        yield url
    finally:
        await drop_postgres_database(postgres_url, url)
