"""The whole product for one end-to-end test: `cabinet.stack` on free ports, fresh databases under tmp_path.

It is the same composition `cabinet demo` runs (registry sandbox, Telegram emulator, backend, the bot in
its production polling loop); only the seed is smaller and the emulator's flood limits are wide, since a
test taps faster than a person (the limits have their own tests in the emulator's suite).
"""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio

from cabinet.stack import Stack, StackConfig, running_stack
from tests.conftest import GENEROUS_BUDGET, IN_CI
from tests.e2e.journey import wait_until_ready

if TYPE_CHECKING:
    from playwright.async_api import Browser

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
        budget_overrides={"calls": GENEROUS_BUDGET.calls},  # the registry budget, likewise
    )


@pytest_asyncio.fixture
async def e2e_stack(tmp_path: Path) -> AsyncIterator[Stack]:
    async with running_stack(stack_config(tmp_path / "stack")) as stack:
        await wait_until_ready(stack)
        yield stack


CHROMIUM = Path("/usr/bin/chromium")


def _require_browser() -> None:
    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright package (pip install playwright)")
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium chromium-driver)")
    if not missing:
        return
    message = "the browser test needs " + " and ".join(missing)
    if IN_CI:
        pytest.fail(f"{message}; CI=true requires it")
    pytest.skip(message)


@pytest_asyncio.fixture
async def chromium() -> AsyncIterator[Browser]:
    """Headless Debian Chromium; skipped (failed when CI=true) without it or the playwright package."""
    _require_browser()
    from playwright.async_api import async_playwright

    from tests.e2e.web_chat import CHROMIUM_ARGS

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()
