"""Fixtures of the production-mode tests: Redis key spaces of their own, and the bot's end-to-end stack.

The stack fixtures are the bot suite's own (one registry sandbox, backend, Telegram emulator per module).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import uuid4

import asyncpg
import pytest
import pytest_asyncio
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

from backend.migrate import migrate
from tests.bot.conftest import PRODUCTION, bot_registry_template, patient, stack

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
    redis = Redis.from_url(redis_url)
    try:
        keys = [key async for key in redis.scan_iter(f"{prefix}:*")]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()


@pytest_asyncio.fixture(loop_scope="module")
async def postgres_database(postgres_url: str) -> AsyncIterator[str]:
    """A migrated PostgreSQL database of the test's own (`cabinet migrate`), dropped afterwards."""
    server = make_url(postgres_url)
    name = f"production_test_{uuid4().hex[:12]}"
    admin_dsn = server.set(drivername="postgresql").render_as_string(hide_password=False)
    admin = await asyncpg.connect(admin_dsn)
    try:
        await admin.execute(
            f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'"
        )
    finally:
        await admin.close()
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        await migrate(url)
        yield url
    finally:
        admin = await asyncpg.connect(admin_dsn)
        try:
            await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        finally:
            await admin.close()
