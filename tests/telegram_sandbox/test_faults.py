"""Fault injection: the emulator refuses a method as a Bot API server without it (404) or failing (500) does."""

from __future__ import annotations

import httpx
import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramNotFound, TelegramServerError
from aiogram.types import BotCommand

from sandbox.telegram.server import RunningSandbox
from tests.telegram_sandbox.conftest import MAIN_TOKEN

COMMANDS = [BotCommand(command="start", description="Почати")]


async def test_a_refused_method_fails_in_telegrams_shape_until_accepted(bot: Bot, sandbox: RunningSandbox) -> None:
    account = sandbox.world.bot()
    account.refuse("setMyCommands", 404)

    with pytest.raises(TelegramNotFound, match="Not Found"):
        await bot.set_my_commands(COMMANDS)
    async with httpx.AsyncClient(base_url=sandbox.url) as client:
        raw = await client.post(f"/bot{MAIN_TOKEN}/SETMYCOMMANDS", json={"commands": []})  # any case
    assert raw.status_code == 404
    assert raw.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert await bot.get_my_commands() == []  # other methods answer as usual

    account.refuse("setMyCommands", 500)
    with pytest.raises(TelegramServerError, match="Internal Server Error"):
        await bot.set_my_commands(COMMANDS)
    assert account.commands == {}
    assert account.stats.methods["setMyCommands"] == 2  # refused calls are counted too

    account.accept("setMyCommands")
    assert await bot.set_my_commands(COMMANDS) is True
    assert [command.command for command in await bot.get_my_commands()] == ["start"]


def test_only_statuses_telegram_answers_that_way_can_be_injected(sandbox: RunningSandbox) -> None:
    account = sandbox.world.bot_for_token(MAIN_TOKEN)
    with pytest.raises(ValueError, match="no outage with status 418"):
        account.refuse("setMyCommands", 418)
    assert account.refusals == {}
