"""The whole product for one end-to-end test: `cabinet.stack` on free ports, fresh databases under tmp_path.

It is the same composition `cabinet demo` runs (registry sandbox, Telegram emulator, backend, the bot in
its production polling loop); only the seed is smaller and the emulator's flood limits are wide, since a
test taps faster than a person (the limits have their own tests in the emulator's suite).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from cabinet.stack import Stack, StackConfig, running_stack
from tests.e2e.journey import wait_until_ready

# Enough doctors for every speciality near Kyiv, few enough to seed and index in about a second.
SEED_DOCTORS = 60


def stack_config(data_dir: Path) -> StackConfig:
    return StackConfig(
        data_dir=data_dir,
        doctors=SEED_DOCTORS,
        telegram_overrides={"chat_burst": 1000, "global_burst": 1000, "shutdown_grace_s": 0.5},
        # A test taps the moment an answer arrives, faster than any person: the per-user throttle (which
        # has its own tests) would drop its updates.
        bot_overrides={"throttle_rate": 100.0, "throttle_burst": 100},
    )


@pytest_asyncio.fixture
async def e2e_stack(tmp_path: Path) -> AsyncIterator[Stack]:
    async with running_stack(stack_config(tmp_path / "stack")) as stack:
        await wait_until_ready(stack)
        yield stack
