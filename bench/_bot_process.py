"""The bot under test of bench/updates.py, in a process of its own (production runs the bot apart too).

    python bench/_bot_process.py ours --token T --telegram-url URL --backend-url URL --service-token S
                                      [--profile PATH]
    python bench/_bot_process.py echo --token T --telegram-url URL [--profile PATH]

`ours` is the cabinet's bot, built as `bot.app.run_polling` builds it, with the bench's per-user throttle
raised; `echo` is a bare aiogram Dispatcher. Either polls the emulator at URL. On the pipe it was given
as stdout it writes one line per event: `ready` once polling has started, then the update_id of every
update it has finished handling (every answer it sent included). Commands, one a line on stdin:
`profile-start` and `profile-stop` (a pyinstrument profile of this process written to PATH), answered
`profile-started` and `profile-written`. stdin closed, SIGTERM or SIGINT: stop polling and exit.

Started and read by `_common.bot_process`; not meant to be run by hand.
"""

from __future__ import annotations

# First, as in `python -m bot`: importing the bot package defers aiogram's type builds (bot.deferred_types),
# which only works before anything else imports aiogram (`_common` does).
from bot import deferred_types  # noqa: F401

# isort: split

import argparse
import asyncio
import contextlib
import itertools
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _common import (
    PROFILE_START,
    PROFILE_STARTED,
    PROFILE_STOP,
    PROFILE_WRITTEN,
    READY,
    new_profiler,
    on_each_handled_update,
    profile_text,
    running_polling,
)
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from pydantic import SecretStr

from bot.api_client import BackendClient
from bot.app import create_bot, create_dispatcher, freeze_startup_objects, used_update_types
from bot.config import BotSettings

# Simulated patients act without pauses: the throttle must not be what is measured.
THROTTLE_RATE_PER_S = 1000.0
THROTTLE_BURST = 1000


def create_echo_dispatcher() -> Dispatcher:
    """A bare aiogram bot: text comes back with three buttons; a press is answered and shown in the message."""
    dispatcher = Dispatcher()
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=f"Кнопка {i}", callback_data=f"b{i}") for i in range(3)]]
    )
    presses = itertools.count(1)

    @dispatcher.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(message.text or "", reply_markup=keyboard)

    @dispatcher.callback_query()
    async def pressed(callback: CallbackQuery, bot: Bot) -> None:
        await callback.answer()
        if isinstance(callback.message, Message):
            # A counter keeps each edit different (Telegram refuses an edit that changes nothing).
            await callback.message.edit_text(f"{callback.data} №{next(presses)}", reply_markup=keyboard)

    return dispatcher


async def open_event_pipe() -> asyncio.WriteTransport:
    """The pipe the parent reads our events from (our stdout); anything else printed goes to stderr instead."""
    pipe = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    transport, _ = await asyncio.get_running_loop().connect_write_pipe(asyncio.Protocol, pipe)
    return transport


def say(events: asyncio.WriteTransport, line: str) -> None:
    events.write(f"{line}\n".encode())  # buffered by the transport: never blocks the loop


async def obey_commands(events: asyncio.WriteTransport, profile_path: Path | None, stop: asyncio.Event) -> None:
    """Run the parent's commands until it closes our stdin, then ask for the stop."""
    loop = asyncio.get_running_loop()
    commands = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(commands), sys.stdin)
    profiler = None
    while line := await commands.readline():
        command = line.decode().strip()
        if command == PROFILE_START and profile_path is not None:
            profiler = new_profiler()
            profiler.start()
            say(events, PROFILE_STARTED)
        elif command == PROFILE_STOP and profiler is not None and profile_path is not None:
            profiler.stop()
            text = profile_text(profiler)
            await asyncio.to_thread(profile_path.write_text, text, encoding="utf-8")
            profiler = None
            say(events, PROFILE_WRITTEN)
        else:
            say(events, f"refused {command!r}")
    stop.set()


async def serve(args: argparse.Namespace) -> None:
    events = await open_event_pipe()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with contextlib.AsyncExitStack() as resources:
        polling_kwargs: dict[str, Any] = {}
        if args.bot == "ours":
            settings = BotSettings(
                _env_file=None,  # type: ignore[call-arg]
                token=SecretStr(args.token),
                telegram_api_url=args.telegram_url,
                backend_url=args.backend_url,
                backend_service_token=SecretStr(args.service_token),
                throttle_rate=THROTTLE_RATE_PER_S,
                throttle_burst=THROTTLE_BURST,
            )
            backend = await resources.enter_async_context(BackendClient(args.backend_url, args.service_token))
            dispatcher = create_dispatcher(settings, backend)
            freeze_startup_objects()  # as `run_polling` and the webhook workers do once the bot is built
            bot = create_bot(settings)
            polling_kwargs["allowed_updates"] = used_update_types(dispatcher)
        else:
            dispatcher = create_echo_dispatcher()
            # The same collector treatment as ours' process (in the one-process layout echo shared it too).
            freeze_startup_objects()
            bot = Bot(args.token, session=AiohttpSession(api=TelegramAPIServer.from_base(args.telegram_url)))
        on_each_handled_update(dispatcher, lambda update_id: say(events, str(update_id)))
        async with running_polling(dispatcher, bot, **polling_kwargs) as polling:
            say(events, READY)
            commands = asyncio.create_task(obey_commands(events, args.profile, stop))
            stop_asked = asyncio.create_task(stop.wait())
            await asyncio.wait({polling, commands, stop_asked}, return_when=asyncio.FIRST_COMPLETED)
            for task in (commands, stop_asked):
                task.cancel()
            if polling.done():
                raise RuntimeError("polling ended by itself")
            if commands.done() and not commands.cancelled() and commands.exception() is not None:
                raise RuntimeError("reading the parent's commands failed") from commands.exception()
    events.close()


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bot", choices=("ours", "echo"))
    parser.add_argument("--token", required=True, help="the bot's token at the emulator")
    parser.add_argument("--telegram-url", required=True, help="the emulator's Bot API URL")
    parser.add_argument("--backend-url", help="the backend's URL (ours only)")
    parser.add_argument("--service-token", help="the backend's service token (ours only)")
    parser.add_argument("--profile", metavar="PATH", type=Path, help="where profile-stop writes the profile")
    args = parser.parse_args(argv)
    if args.bot == "ours" and not (args.backend_url and args.service_token):
        parser.error("ours needs --backend-url and --service-token")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    asyncio.run(serve(parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
