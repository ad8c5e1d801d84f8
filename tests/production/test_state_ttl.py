"""With Redis, an abandoned dialog's data does not stay forever: its keys carry the configured TTL."""

from __future__ import annotations

import pytest
from aiogram.fsm.storage.base import StorageKey
from pydantic import SecretStr

from bot.config import BotSettings
from bot.storage import create_bot_state

pytestmark = pytest.mark.redis

DAY_S = 86_400


async def test_dialog_state_and_data_expire_after_the_configured_days(redis_url: str, redis_prefix: str) -> None:
    settings = BotSettings(
        _env_file=None,  # type: ignore[call-arg]
        token=SecretStr("42:state-ttl"),
        redis_url=redis_url,
        state_ttl_days=2,
    )
    state = create_bot_state(settings, prefix=redis_prefix)
    try:
        key = StorageKey(bot_id=42, chat_id=7, user_id=7, destiny="aiogd")
        await state.storage.set_state(key, "DoctorSearch:settlement")
        await state.storage.set_data(key, {"typed": "Київ"})
        assert state.redis is not None
        keys = [name async for name in state.redis.scan_iter(f"{redis_prefix}:*")]
        assert len(keys) == 2
        for name in keys:
            ttl = await state.redis.ttl(name)
            assert 2 * DAY_S - 60 < ttl <= 2 * DAY_S
    finally:
        await state.close()
