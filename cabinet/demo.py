"""`cabinet demo`: the whole product on this machine, with no Telegram token and no network.

Starts the registry sandbox, the Telegram emulator with its web chat, the backend and the bot in
one process on fresh databases, prints where to click and who to sign in as, and stops cleanly on
Ctrl-C. With BOT_TOKEN set and BOT_TELEGRAM_API_URL empty, the bot talks to real Telegram instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from pathlib import Path

from cabinet.stack import DEMO_BOT_TOKEN, Stack, StackConfig, running_stack
from sandbox.registry.seed import TEST_PERSONS

log = logging.getLogger("cabinet.demo")


def demo_config(*, doctors: int, data_dir: Path, host: str) -> StackConfig:
    token = os.environ.get("BOT_TOKEN", "")
    api_url = os.environ.get("BOT_TELEGRAM_API_URL", os.environ.get("TELEGRAM_API_URL", ""))
    real_telegram = bool(token) and not api_url
    return StackConfig(
        data_dir=data_dir,
        host=host,
        registry_port=8100,
        backend_port=8000,
        telegram_port=8081,
        doctors=doctors,
        bot_token=token if real_telegram else DEMO_BOT_TOKEN,
        use_emulator=not real_telegram,
        seed_in_child_process=True,  # the demo then serves without the seeding's peak (see StackConfig)
    )


def banner(stack: Stack) -> str:
    lines = ["", "Пацієнтський кабінет eHealth у Telegram — демо запущено.", ""]
    if stack.web_chat_url:
        lines += [f"  Вебчат (відкрийте в браузері): {stack.web_chat_url}"]
    else:
        lines += ["  Бот працює в справжньому Telegram (BOT_TOKEN)."]
    lines += [
        f"  Бекенд:                        {stack.backend_url}/docs",
        f"  Реєстр-пісочниця eHealth:      {stack.registry_url}/docs",
        f"  Лікарів у довіднику:           {stack.seed_summary.doctors}",
        "",
        "  Тестові особи (ключ sandbox → пароль):",
    ]
    lines += [
        f"    {(p.first_name + ' ' + p.last_name):<22} пароль {p.password:<16} {p.description}" for p in TEST_PERSONS
    ]
    lines += ["", "  Зупинити: Ctrl-C", ""]
    return "\n".join(lines)


async def run_demo(config: StackConfig) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with running_stack(config) as stack:
        print(banner(stack), flush=True)
        waiters = [asyncio.create_task(stop.wait())]
        if stack.bot_task is not None:
            waiters.append(stack.bot_task)  # type: ignore[arg-type]
        done, pending = await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            if task is not stack.bot_task:
                task.cancel()
        if stack.bot_task in done and stack.bot_task.exception():
            log.error("the bot stopped: %s", stack.bot_task.exception())
            return 1
    print("Демо зупинено.", flush=True)
    return 0


def main(*, doctors: int, data_dir: str, host: str) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return asyncio.run(run_demo(demo_config(doctors=doctors, data_dir=Path(data_dir), host=host)))
