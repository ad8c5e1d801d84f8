"""Benchmark of update throughput (issue 7/8: ≥ 300 updates/s, and ≥ 0.3 of a bare aiogram echo bot's rate).

Runs the registry sandbox, the backend (directory loaded), the Telegram emulator and the real bot in one
event loop, as `cabinet demo` does. N signed-in patients (each a copy of an adult test person; signing
in is setup, not measured) go through Знайти лікаря over and over at once, each acting as soon as the
bot has handled their previous update: speciality → results → next page → a card → back → a typed
settlement → its match → a card → back → menu.
Then, in the same run and on the same emulator, a bare aiogram echo bot (a second token, a minimal
Dispatcher that echoes text and answers callbacks by editing the message) gets the same number of users
sending the same mix of texts and button presses. update→reply is timed from the emulator queueing the
update to the bot having handled it, every answer it sends included.

Telegram's flood limits are off in the emulator and the bot's per-user throttling is raised: this measures
our processing, not Telegram's limits nor the throttle (simulated patients act far faster than people).

    .venv/bin/python bench/updates.py [--patients 50] [--seconds 20] [--doctors 5000] [--seed 7]
                                      [--profile PATH]

Prints ONE JSON line of figures, then a short summary.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from _common import (
    Chatter,
    latency_figures,
    machine,
    one_process_machine_line,
    polling,
    profiled,
    uk_text,
    wait_directory_ready,
)
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from pydantic import SecretStr
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db import make_engine as make_backend_engine
from backend.models import WatchSchedule
from bot.api_client import BackendClient
from bot.app import create_bot, create_dispatcher, freeze_startup_objects, used_update_types
from bot.config import BotSettings
from cabinet.stack import DEMO_BOT_TOKEN, StackConfig, running_stack
from sandbox.registry.db import make_engine as make_registry_engine
from sandbox.registry.models import Person as RegistryPerson
from sandbox.registry.models import SandboxKey
from sandbox.registry.seed import TEST_PERSONS, TestPerson
from sandbox.telegram.simulation import ActionResult
from sandbox.telegram.world import TelegramWorld

RATE_TARGET = 300.0
RATIO_TARGET = 0.3
SERVICE_TOKEN = "bench-updates-service-token"
ECHO_TOKEN = "7200000002:AAbench-echo-bot-token-for-the-emulator"
# Patients sign in as the registry's adult test persons (one person may link several Telegram accounts).
ADULT = next(p for p in TEST_PERSONS if p.slug == "adult_without_declaration")
SIGN_INS_AT_ONCE = 10
WATCHER_WAIT_S = 15.0  # see first_watches_done
SPECIALITIES = ("Сімейний лікар", "Терапевт")


@dataclass
class Run:
    """What one bot's run measured: update→reply times and the flows that went astray."""

    latencies_ms: list[float] = field(default_factory=list)
    lost_at: Counter[str] = field(default_factory=Counter)
    began: float = 0.0
    ended: float = 0.0
    cpu_s: float = 0.0  # of this process (every component): what the updates cost, whatever else runs

    def figures(self) -> dict[str, Any]:
        elapsed = self.ended - self.began
        return {
            "updates": len(self.latencies_ms),
            "seconds": round(elapsed, 2),
            "updates_per_s": round(len(self.latencies_ms) / elapsed, 1) if elapsed > 0 else 0.0,
            "cpu_ms_per_update": round(self.cpu_s * 1000 / len(self.latencies_ms), 2) if self.latencies_ms else None,
            "update_to_reply": latency_figures(self.latencies_ms),
            "lost_ways": sum(self.lost_at.values()),
            "lost_at": dict(self.lost_at.most_common(3)),
        }


async def timed(run: Run, chatter: Chatter, action: Callable[[], ActionResult]) -> None:
    begun = time.perf_counter()
    result = action()
    if result.update_id is None:
        raise RuntimeError("the emulator queued no update for this action")
    await chatter.handled.wait(result.update_id)
    run.latencies_ms.append((time.perf_counter() - begun) * 1000)


def _is_doctor(label: str) -> bool:
    number, dot, _ = label.partition(". ")
    return bool(dot) and number.isdigit()


async def search_flow(run: Run, patient: Chatter, rng: random.Random, settlements: Sequence[str]) -> None:
    """One pass through Знайти лікаря, from the main menu back to it (13 updates when nothing is missing)."""

    async def press(wanted: Callable[[str], bool]) -> None:
        await timed(run, patient, patient.press_action(wanted))

    def exactly(key: str) -> Callable[[str], bool]:
        text = uk_text(key)
        return lambda label: label == text

    await press(exactly("menu-doctor-search"))
    await press(exactly("search-btn-by-speciality"))
    speciality = rng.choice(SPECIALITIES)
    await press(lambda label: label == speciality)
    if patient.find_button(exactly("search-btn-next")) is not None:
        await press(exactly("search-btn-next"))
    await press(_is_doctor)
    await press(exactly("search-btn-back-results"))
    await press(exactly("search-btn-change"))
    await press(exactly("search-btn-by-settlement"))
    await timed(run, patient, lambda: patient.act.send_text(rng.choice(settlements)))
    type_again = uk_text("search-btn-type-again")
    if patient.find_button(lambda label: label == type_again) is not None:
        await press(lambda label: label != type_again)
    if patient.find_button(_is_doctor) is not None:
        await press(_is_doctor)
        await press(exactly("search-btn-back-results"))
    await press(exactly("btn-menu"))


# The same mix the search flow sends: texts where it types, button presses elsewhere.
ECHO_FLOW = ("press",) * 8 + ("text",) + ("press",) * 4


async def echo_flow(run: Run, chatter: Chatter, rng: random.Random, words: Sequence[str]) -> None:
    for kind in ECHO_FLOW:
        if kind == "text":
            await timed(run, chatter, lambda: chatter.act.send_text(rng.choice(words)))
        else:
            await timed(run, chatter, chatter.press_action(lambda _label: True))


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


async def drive(
    chatters: Sequence[Chatter],
    flow: Callable[[Run, Chatter, random.Random, Sequence[str]], Any],
    words: Sequence[str],
    seconds: float,
    seed: int,
) -> Run:
    """Every chatter repeats the flow until the time is up; a flow that goes astray starts over from /menu."""
    run = Run(began=time.perf_counter())
    cpu_began = time.process_time()
    deadline = run.began + seconds

    async def keep_going(chatter: Chatter, rng: random.Random) -> None:
        while time.perf_counter() < deadline:
            try:
                await flow(run, chatter, rng, words)
            except LookupError as lost:
                run.lost_at[str(lost)] += 1
                await chatter.send("/menu")

    await asyncio.gather(*(keep_going(c, random.Random(seed * 1000 + i)) for i, c in enumerate(chatters)))
    run.ended = time.perf_counter()
    run.cpu_s = time.process_time() - cpu_began
    return run


async def settlements_with_doctors(backend: BackendClient) -> list[str]:
    page = await backend.search_doctors(limit=50)
    names = sorted({hit.settlement for hit in page.items if hit.settlement})
    if not names:
        raise RuntimeError("the directory has no settlements to type")
    return names


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-updates-") as data_dir:
        config = StackConfig(
            data_dir=Path(data_dir),
            doctors=args.doctors,
            seed=args.seed,
            with_bot=False,
            backend_overrides={"service_token": SecretStr(SERVICE_TOKEN)},
            telegram_overrides={"enforce_limits": False},
        )
        async with running_stack(config) as stack:
            assert stack.telegram_url is not None
            await wait_directory_ready(stack.backend_url)
            world: TelegramWorld = stack.apps["telegram"].state.world
            users = [world.create_user(f"Пацієнт {i}", phone_number="+380671234567") for i in range(args.patients)]
            settings = BotSettings(
                _env_file=None,  # type: ignore[call-arg]
                token=SecretStr(DEMO_BOT_TOKEN),
                telegram_api_url=stack.telegram_url,
                backend_url=stack.backend_url,
                backend_service_token=SecretStr(SERVICE_TOKEN),
                throttle_rate=1000.0,
                throttle_burst=1000,
            )
            async with BackendClient(stack.backend_url, SERVICE_TOKEN) as backend:
                settlements = await settlements_with_doctors(backend)
                dispatcher = create_dispatcher(settings, backend)
                freeze_startup_objects()  # as `run_polling` and the webhook workers do once the bot is built
                bot = create_bot(settings)
                async with polling(dispatcher, bot, allowed_updates=used_update_types(dispatcher)) as handled:
                    patients = [Chatter(world, world.bot(), user, handled) for user in users]
                    persons = await registry_persons(Path(data_dir) / "registry.sqlite3", len(patients))
                    await sign_in_all(patients, persons)
                    watches_left = await first_watches_done(Path(data_dir) / "backend.sqlite3", len(patients))
                    setup_s = time.perf_counter() - started
                    with profiled(args.profile):
                        ours = await drive(patients, search_flow, settlements, args.seconds, args.seed)

            echo_bot = Bot(ECHO_TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(stack.telegram_url)))
            echo_dispatcher = create_echo_dispatcher()
            async with polling(echo_dispatcher, echo_bot) as handled:
                account = world.bot_for_token(ECHO_TOKEN)
                chatters = [Chatter(world, account, user, handled) for user in users]
                await asyncio.gather(*(chatter.send("/start") for chatter in chatters))
                echo = await drive(chatters, echo_flow, settlements, args.seconds, args.seed)
    return figures(args, ours, echo, setup_s, watches_left)


async def registry_persons(registry_database: Path, count: int) -> list[TestPerson]:
    """`count` copies of an adult test person in the registry, each with its own sandbox key.

    The backend links one person to one Telegram account (a new sign-in moves the link), and the sandbox
    has three adults: the patients need persons of their own, as real patients have.
    """
    engine = make_registry_engine(f"sqlite+aiosqlite:///{registry_database}")
    persons = []
    try:
        async with AsyncSession(engine) as session, session.begin():
            template = await session.get(RegistryPerson, ADULT.person_id)
            key = await session.get(SandboxKey, ADULT.key_id)
            if template is None or key is None:
                raise RuntimeError("the registry has no adult test person to copy")
            columns = [column.key for column in RegistryPerson.__table__.columns]
            for i in range(count):
                person = replace(ADULT, slug=f"bench_{i}", person_id=str(uuid.uuid4()), key_id=str(uuid.uuid4()))
                row = {name: getattr(template, name) for name in columns}
                session.add(RegistryPerson(**row | {"id": person.person_id, "tax_id": None, "unzr": None}))
                session.add(
                    SandboxKey(
                        id=person.key_id,
                        person_id=person.person_id,
                        label=key.label,
                        public_key=key.public_key,
                        encrypted_private_key=key.encrypted_private_key,
                    )
                )
                persons.append(person)
    finally:
        await engine.dispose()
    return persons


async def sign_in_all(patients: Sequence[Chatter], persons: Sequence[TestPerson]) -> None:
    limit = asyncio.Semaphore(SIGN_INS_AT_ONCE)

    async def sign_in(patient: Chatter, person: TestPerson) -> None:
        async with limit:
            await patient.sign_in(person)

    await asyncio.gather(*(sign_in(patient, person) for patient, person in zip(patients, persons, strict=True)))


async def first_watches_done(backend_database: Path, linked: int, longest_s: float = WATCHER_WAIT_S) -> int:
    """Let the backend's status watcher take its first looks at the new links; returns how many are left.

    Each sign-in makes the watcher read the person's state at the registry (3 calls). Patients here all
    sign in at once during setup, so that burst would otherwise land in the measured phase; in production
    it follows each sign-in, spread out. The watcher's registry budget (900 calls per 15 minutes) lets a
    burst of ~30 persons through at once and then ~1 person per 3 s: the rest are looked at while we
    measure, at that pace, as a production backend would after many sign-ins. Not waited for longer.
    """
    engine = make_backend_engine(f"sqlite+aiosqlite:///{backend_database}")
    looked_at = (
        select(func.count())
        .select_from(WatchSchedule)
        .where(or_(WatchSchedule.last_polled_at.is_not(None), WatchSchedule.failures > 0))
    )
    deadline = time.perf_counter() + longest_s
    try:
        while True:
            async with AsyncSession(engine) as session:
                done = await session.scalar(looked_at) or 0
            if done >= linked or time.perf_counter() >= deadline:
                return max(linked - done, 0)
            await asyncio.sleep(0.5)
    finally:
        await engine.dispose()


def figures(args: argparse.Namespace, ours: Run, echo: Run, setup_s: float, watches_left: int) -> dict[str, Any]:
    ours_figures, echo_figures = ours.figures(), echo.figures()
    rate, echo_rate = ours_figures["updates_per_s"], echo_figures["updates_per_s"]
    ratio = round(rate / echo_rate, 3) if echo_rate else 0.0
    return {
        "bench": "updates",
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "patients": args.patients,
        "seconds_per_bot": args.seconds,
        "doctors": args.doctors,
        "setup_s": round(setup_s, 1),
        "watcher_first_looks_left_at_start": watches_left,
        "emulator_flood_limits": False,
        "bot_throttle_per_user": "raised to 1000/s (patients act without pauses)",
        "ours": ours_figures,
        "echo": echo_figures,
        "ratio": ratio,
        "target": {
            "updates_per_s": RATE_TARGET,
            "ratio": RATIO_TARGET,
            "rate_met": rate >= RATE_TARGET,
            "ratio_met": ratio >= RATIO_TARGET,
        },
        "machine": machine(),
    }


def summary(result: dict[str, Any]) -> str:
    ours, echo, target = result["ours"], result["echo"], result["target"]
    lines = [
        f"{result['patients']} patients, {result['seconds_per_bot']} s per bot, {result['doctors']:,} doctors; "
        "emulator flood limits OFF, the bot's per-user throttling raised (this measures processing only).",
        f"ours: {ours['updates']} updates, {ours['updates_per_s']} updates/s "
        f"(target ≥ {RATE_TARGET:g}: {'met' if target['rate_met'] else 'NOT met'}); update→reply "
        f"p50 {ours['update_to_reply']['p50_ms']} ms, p95 {ours['update_to_reply']['p95_ms']} ms; "
        f"{ours['cpu_ms_per_update']} ms CPU per update; flows gone astray: {ours['lost_ways']}",
        f"echo: {echo['updates']} updates, {echo['updates_per_s']} updates/s; update→reply "
        f"p50 {echo['update_to_reply']['p50_ms']} ms, p95 {echo['update_to_reply']['p95_ms']} ms; "
        f"{echo['cpu_ms_per_update']} ms CPU per update",
        f"ours/echo: {result['ratio']} (target ≥ {RATIO_TARGET}: {'met' if target['ratio_met'] else 'NOT met'})",
    ]
    lines.append(one_process_machine_line(result["machine"]))
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, default=50, help="simulated patients at once (default 50)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per bot (default 20)")
    parser.add_argument("--doctors", type=int, default=5_000, help="doctors seeded in the registry (default 5000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the registry and the patients' choices")
    parser.add_argument(
        "--profile", metavar="PATH", type=Path, help="write a pyinstrument profile of our bot's measured phase (text)"
    )
    args = parser.parse_args(argv)
    if args.patients < 1 or args.seconds <= 0 or args.doctors < 100:
        parser.error("--patients ≥ 1, --seconds > 0, --doctors ≥ 100")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    result = asyncio.run(bench(parse_args(argv)))
    print(json.dumps(result, ensure_ascii=False))
    print(summary(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
