"""Benchmark of the notifier: outbox events → Telegram messages through the emulator enforcing Telegram's limits
(30 messages/s per bot, 1/s per chat with a burst of 4, 429 with retry_after beyond them).

Queues events for many patients (5 each by default) plus a run of events to one single chat, interleaved as the
watcher would queue them, then runs one notifier with its production settings against the emulator and checks
every chat: each event exactly once, in order. Prints ONE JSON line of figures, then a short summary.

    .venv/bin/python bench/notify.py [--events 3000] [--per-user 5] [--single-chat 40] [--timeout 300]

The default run (3,000 events, about 100 s of sending at 30/s) measures the steady-state rate; `--events 10000`
sends the full 2,000 × 5 load, which at Telegram's 30/s takes at least 333 s by design, not by slowness.
Targets: ≥ 28.5 messages/s, 0 × 429, 0 lost, 0 duplicates.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from backend.config import DEV_SERVICE_TOKEN
from backend.domain.events import EventKind, default_preferences
from backend.models import OutboxEvent, TelegramAccount
from bot.api_client import BackendClient
from bot.app import create_bot
from bot.config import BotSettings
from bot.i18n import Locales
from bot.notifier.config import NotifierSettings
from bot.notifier.service import Notifier
from cabinet.stack import Stack, StackConfig, running_stack

TARGET_RATE = 28.5
_NUMBERED = re.compile(r"Лікар №(\d+)\b")


@dataclass(frozen=True)
class Plan:
    """Who gets which numbered event, in the order the events are queued."""

    users: int
    events: list[tuple[int, int]]  # (user index, event number); user index -1 is the single chat


def make_plan(total: int, per_user: int, single_chat: int) -> Plan:
    users = max(1, (total - single_chat) // per_user)
    rounds = [(user, turn) for turn in range(per_user) for user in range(users)]
    spread = max(1, len(rounds) // max(single_chat, 1))
    order: list[int] = []
    singles = 0
    for position, (user, _) in enumerate(rounds):
        if singles < single_chat and position % spread == 0:
            order.append(-1)
            singles += 1
        order.append(user)
    order.extend([-1] * (single_chat - singles))
    return Plan(users, [(user, number) for number, user in enumerate(order)])


async def seed_outbox(stack: Stack, plan: Plan, chat_ids: dict[int, int]) -> None:
    """Accounts and events straight into the backend's tables (the same rows `outbox.emit` writes)."""
    services = stack.apps["backend"].state.services
    now = services.clock.now()
    async with services.sessionmaker() as session:
        await session.execute(
            insert(TelegramAccount),
            [
                {
                    "telegram_user_id": chat_id,
                    "chat_id": chat_id,
                    "language": "uk",
                    "notification_prefs": default_preferences(),
                    "unreachable": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for chat_id in chat_ids.values()
            ],
        )
        await session.execute(
            insert(OutboxEvent),
            [
                {
                    "telegram_user_id": chat_ids[user],
                    "kind": EventKind.DECLARATION_STATUS.value,
                    "payload": {
                        "declaration_id": f"bench-{number}",
                        "status": "active",
                        "doctor_name": f"Лікар №{number}",
                    },
                    "created_at": now,
                    "available_at": now,
                    "attempts": 0,
                }
                for user, number in plan.events
            ],
        )
        await session.commit()


async def unsent_events(stack: Stack) -> int:
    services = stack.apps["backend"].state.services
    async with services.sessionmaker() as session:
        query = select(func.count()).select_from(OutboxEvent).where(OutboxEvent.sent_at.is_(None))
        return int(await session.scalar(query) or 0)


def delivered(stack: Stack, plan: Plan, chat_ids: dict[int, int]) -> tuple[int, int, int]:
    """(lost, duplicates, chats out of order), read from every chat of the emulator."""
    world = stack.apps["telegram"].state.world
    bot = world.bot()
    expected: dict[int, list[int]] = {}
    for user, number in plan.events:
        expected.setdefault(chat_ids[user], []).append(number)
    lost = duplicates = out_of_order = 0
    for chat_id, numbers in expected.items():
        chat = bot.chats[chat_id]
        got = [
            int(match.group(1))
            for stored in chat.messages.values()
            if stored.direction == "bot" and (match := _NUMBERED.search(stored.data.get("text", "")))
        ]
        counts = Counter(got)
        lost += sum(1 for number in numbers if counts[number] == 0)
        duplicates += sum(count - 1 for count in counts.values() if count > 1)
        firsts = list(dict.fromkeys(got))
        out_of_order += firsts != [number for number in numbers if counts[number]]
    return lost, duplicates, out_of_order


async def run(args: argparse.Namespace) -> dict[str, Any]:
    os.environ["BACKEND_WATCHER_ENABLED"] = "false"  # nothing but the benchmark's events in the outbox
    plan = make_plan(args.events, args.per_user, args.single_chat)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-notify-") as data_dir:
        config = StackConfig(
            data_dir=Path(data_dir),
            doctors=30,
            with_bot=False,
            backend_overrides={"directory_sync_on_startup": False},
        )
        async with running_stack(config) as stack:
            world = stack.apps["telegram"].state.world
            bot_account = world.bot()
            chat_ids: dict[int, int] = {}
            for user in [-1, *range(plan.users)]:
                sandbox_user = world.create_user(f"Пацієнт {user}")
                bot_account.chat_with(sandbox_user)  # the patient has started the bot
                chat_ids[user] = sandbox_user.id
            await seed_outbox(stack, plan, chat_ids)
            stats_before = bot_account.stats.snapshot()
            setup_s = time.monotonic() - started

            bot = create_bot(BotSettings(_env_file=None, telegram_api_url=stack.telegram_url or ""))  # type: ignore[call-arg]
            settings = NotifierSettings(_env_file=None)  # type: ignore[call-arg]
            async with BackendClient(stack.backend_url, DEV_SERVICE_TOKEN) as backend:
                notifier = Notifier(bot, backend, Locales(), settings)
                sending_started = time.monotonic()
                task = asyncio.create_task(notifier.run())
                total = len(plan.events)
                timeline: list[tuple[float, int]] = []  # (when, messages sent so far), sampled
                try:
                    async with asyncio.timeout(args.timeout):
                        while notifier.stats.acknowledged < total:  # sampled: the steady rate comes from it
                            timeline.append((time.monotonic(), notifier.stats.sent))
                            await asyncio.sleep(0.1)
                    timed_out = False
                except TimeoutError:
                    timed_out = True
                finally:
                    task.cancel()
                    await asyncio.gather(task, return_exceptions=True)
                    await bot.session.close()
            finished = time.monotonic()
            stats = notifier.stats
            lost, duplicates, out_of_order = delivered(stack, plan, chat_ids)
            emulator = bot_account.stats.snapshot()
            unsent = await unsent_events(stack)

    return {
        "benchmark": "notify",
        "events": total,
        "chats": plan.users + 1,
        "per_user": args.per_user,
        "single_chat_events": args.single_chat,
        "messages_per_s": round(steady_rate(timeline, total), 2),
        "overall_per_s": round(stats.sent / (finished - sending_started), 2),
        "rate_limited_429": emulator["rate_limited"] - stats_before["rate_limited"],
        "lost": lost,
        "duplicates": duplicates,
        "chats_out_of_order": out_of_order,
        "unsent_in_outbox": unsent,
        "sent": stats.sent,
        "elapsed_s": round(finished - sending_started, 1),
        "setup_s": round(setup_s, 1),
        "timed_out": timed_out,
        "limits": {"global_per_s": settings.global_rate, "chat_per_s": settings.chat_rate},
        "measured_at": datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def steady_rate(timeline: list[tuple[float, int]], total: int) -> float:
    """Messages a second between 5 % and 95 % of the run: without the start (first claim, connections) and the
    tail (the last chats' own one-a-second limit), which no sender can shorten."""
    low = next(((t, n) for t, n in timeline if n >= total * 0.05), None)
    high = next(((t, n) for t, n in timeline if n >= total * 0.95), None)
    if low is None or high is None or high[0] <= low[0]:
        return 0.0
    return (high[1] - low[1]) / (high[0] - low[0])


def summary(figures: dict[str, Any]) -> str:
    ok = (
        figures["messages_per_s"] >= TARGET_RATE
        and figures["rate_limited_429"] == 0
        and figures["lost"] == 0
        and figures["duplicates"] == 0
        and not figures["timed_out"]
    )
    lines = [
        f"{figures['events']} events to {figures['chats']} chats ({figures['single_chat_events']} of them to one chat) "
        f"in {figures['elapsed_s']} s after {figures['setup_s']} s of setup.",
        f"Steady rate {figures['messages_per_s']} messages/s between 5 % and 95 % of the run (target ≥ {TARGET_RATE}); "
        f"overall {figures['overall_per_s']}/s including the start and the last chats' tail.",
        f"429 answers: {figures['rate_limited_429']}; lost: {figures['lost']}; duplicates: {figures['duplicates']}; "
        f"chats out of order: {figures['chats_out_of_order']}; unsent in the outbox: {figures['unsent_in_outbox']}.",
    ]
    if figures["events"] < 10_000:
        lines.append(
            "This is the default steady-state run; --events 10000 sends the full load (≥ 333 s at Telegram's 30/s)."
        )
    lines.append("All targets met." if ok else "TARGETS NOT MET.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=3000, help="events in all (default 3000)")
    parser.add_argument("--per-user", type=int, default=5, help="events per patient (default 5)")
    parser.add_argument("--single-chat", type=int, default=40, help="of them, events to one chat (default 40)")
    parser.add_argument("--timeout", type=float, default=None, help="give up after this many seconds of sending")
    args = parser.parse_args(argv)
    if args.timeout is None:
        args.timeout = args.events / 25 + 60  # well past the time Telegram's limits need
    figures = asyncio.run(run(args))
    print(json.dumps(figures, ensure_ascii=False))
    print(summary(figures))
    return 0 if figures["lost"] == 0 and figures["duplicates"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
