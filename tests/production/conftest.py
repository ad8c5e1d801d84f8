"""Fixtures of the production-mode tests: Redis key spaces of their own, and the bot's end-to-end stack.

The stack fixtures are the bot suite's own (one registry sandbox, backend, Telegram emulator per module).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import uuid4

import pytest_asyncio
from redis.asyncio import Redis

from tests.bot.conftest import bot_registry_template, patient, stack

__all__ = ["bot_registry_template", "patient", "stack"]


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
