"""Benchmark of update throughput (issue 7/8: ≥ 300 updates/s, and ≥ 0.3 of a bare aiogram echo bot's rate).

Layout: the bot under test runs in a child process of its own (`bench/_bot_process.py`), as production
runs the bot apart from the backend; this process runs the registry sandbox, the backend (directory
loaded), the Telegram emulator and the simulated users in one event loop. N signed-in patients (each a
copy of an adult test person; signing in through the bot is setup, not measured) go through Знайти
лікаря over and over at once, each acting as soon as the bot has handled their previous update:
speciality → results → next page → a card → back → a typed settlement → its match → a card → back → menu.
Then a bare aiogram echo bot (a second token on the same emulator, a minimal Dispatcher that echoes text
and answers callbacks by editing the message), in a child process of its own the same way, gets the
same number of users sending the same mix of texts and button presses. update→reply is timed from the
emulator queueing the update to the bot having handled it, every answer it sends included: the child
writes each handled update_id to its stdout, which this process reads.

CPU per update is reported for each process (the bot's child; this one, i.e. registry, emulator,
backend and driver) over the measured phase, and `cpu_ms_per_update` is their sum.

Telegram's flood limits are off in the emulator and the bot's per-user throttling is raised: this measures
our processing, not Telegram's limits nor the throttle (simulated patients act far faster than people).

    .venv/bin/python bench/updates.py [--patients 50] [--seconds 20] [--doctors 5000] [--seed 7]
                                      [--profile PATH]

--profile samples our bot's process (the child) during its measured phase; the parent is not profiled.
Prints ONE JSON line of figures, then a short summary.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from _common import (
    PROFILE_START,
    PROFILE_STARTED,
    PROFILE_STOP,
    PROFILE_WRITTEN,
    BotProcess,
    Chatter,
    bot_process,
    latency_figures,
    machine,
    machine_line,
    uk_text,
    wait_directory_ready,
)
from pydantic import SecretStr
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db import make_engine as make_backend_engine
from backend.models import WatchSchedule
from bot.api_client import BackendClient
from cabinet.stack import DEMO_BOT_TOKEN, StackConfig, running_stack
from sandbox.registry.core.db import make_engine as make_registry_engine
from sandbox.registry.core.models import Person as RegistryPerson
from sandbox.registry.core.models import SandboxKey
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
LAYOUT = (
    "the bot under test (ours, then the echo bot) in a child process of its own; registry sandbox, "
    "emulator, backend and the simulated users in the main process, one event loop"
)


@dataclass
class Run:
    """What one bot's run measured: update→reply times and the flows that went astray."""

    latencies_ms: list[float] = field(default_factory=list)
    lost_at: Counter[str] = field(default_factory=Counter)
    began: float = 0.0
    ended: float = 0.0
    # CPU time over the measured phase: what the updates cost, whatever else the machine runs.
    bot_cpu_s: float = 0.0  # of the bot's process
    main_cpu_s: float = 0.0  # of this process: registry sandbox, emulator, backend and the driver

    def figures(self) -> dict[str, Any]:
        elapsed = self.ended - self.began
        updates = len(self.latencies_ms)

        def per_update(cpu_s: float) -> float | None:
            return round(cpu_s * 1000 / updates, 2) if updates else None

        def cores(cpu_s: float) -> float | None:
            return round(cpu_s / elapsed, 2) if elapsed > 0 else None

        return {
            "updates": updates,
            "seconds": round(elapsed, 2),
            "updates_per_s": round(updates / elapsed, 1) if elapsed > 0 else 0.0,
            "cpu_ms_per_update": per_update(self.bot_cpu_s + self.main_cpu_s),  # both processes
            "cpu_ms_per_update_by_process": {
                "bot": per_update(self.bot_cpu_s),
                "main": per_update(self.main_cpu_s),
            },
            # CPU seconds per second of the phase: 1.0 is one core kept busy all along.
            "cores_busy": {"bot": cores(self.bot_cpu_s), "main": cores(self.main_cpu_s)},
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


async def drive(
    chatters: Sequence[Chatter],
    flow: Callable[[Run, Chatter, random.Random, Sequence[str]], Any],
    words: Sequence[str],
    seconds: float,
    seed: int,
    bot_cpu_s: Callable[[], Awaitable[float]],
) -> Run:
    """Every chatter repeats the flow until the time is up; a flow that goes astray starts over from /menu."""
    bot_cpu_began = await bot_cpu_s()
    run = Run(began=time.perf_counter())
    main_cpu_began = time.process_time()
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
    run.main_cpu_s = time.process_time() - main_cpu_began
    run.bot_cpu_s = await bot_cpu_s() - bot_cpu_began
    return run


async def drive_bot(
    bot: BotProcess,
    chatters: Sequence[Chatter],
    flow: Callable[[Run, Chatter, random.Random, Sequence[str]], Any],
    words: Sequence[str],
    args: argparse.Namespace,
    *,
    profile: bool,
) -> Run:
    """`drive` with the bot's CPU time read from its process, and its profiler (if any) on meanwhile."""
    if profile:
        await bot.request(PROFILE_START, PROFILE_STARTED)
    run = await drive(chatters, flow, words, args.seconds, args.seed, bot.cpu_s)
    if profile:
        await bot.request(PROFILE_STOP, PROFILE_WRITTEN)
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
            # All patients sign in at once: the client's registry budget (eHealth's 1000 calls / 15 min) would
            # refuse most of them. This measures the bot's processing, as the raised throttle says.
            budget_overrides={"calls": 1_000_000},
        )
        async with running_stack(config) as stack:
            assert stack.telegram_url is not None
            await wait_directory_ready(stack.backend_url)
            world: TelegramWorld = stack.apps["telegram"].state.world
            users = [world.create_user(f"Пацієнт {i}", phone_number="+380671234567") for i in range(args.patients)]
            async with BackendClient(stack.backend_url, SERVICE_TOKEN) as backend:
                settlements = await settlements_with_doctors(backend)
            # What this process built so far lives until the end: keep full collections from walking it
            # again and again (~0.25 s each here), as the one freeze of the one-process layout did; the bot's
            # processes freeze theirs as `run_polling` does.
            gc.collect()
            gc.freeze()
            ours_arguments = ["ours", "--token", DEMO_BOT_TOKEN, "--telegram-url", stack.telegram_url]
            ours_arguments += ["--backend-url", stack.backend_url, "--service-token", SERVICE_TOKEN]
            if args.profile is not None:
                ours_arguments += ["--profile", str(args.profile.resolve())]
            async with bot_process(*ours_arguments) as bot:
                patients = [Chatter(world, world.bot(), user, bot.handled) for user in users]
                persons = await registry_persons(Path(data_dir) / "registry.sqlite3", len(patients))
                await sign_in_all(patients, persons)
                watches_left = await first_watches_done(Path(data_dir) / "backend.sqlite3", len(patients))
                setup_s = time.perf_counter() - started
                ours = await drive_bot(bot, patients, search_flow, settlements, args, profile=args.profile is not None)

            echo_arguments = ["echo", "--token", ECHO_TOKEN, "--telegram-url", stack.telegram_url]
            async with bot_process(*echo_arguments) as bot:
                account = world.bot_for_token(ECHO_TOKEN)
                chatters = [Chatter(world, account, user, bot.handled) for user in users]
                await asyncio.gather(*(chatter.send("/start") for chatter in chatters))
                echo = await drive_bot(bot, chatters, echo_flow, settlements, args, profile=False)
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

    Each sign-in makes the watcher read the person's state at the registry (6 calls, 7 with an active
    prescription: the medical record's two included; `CALLS_PER_POLL` budgets 7). Patients here all
    sign in at once during setup, so that burst would otherwise land in the measured phase; in production
    it follows each sign-in, spread out. The watcher's registry budget (900 calls per 15 minutes) lets a
    burst of ~18 persons through at once and then ~1 person per 5.5 s: the rest are looked at while we
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
        "layout": LAYOUT,
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
        f"{cpu_line(ours)}; flows gone astray: {ours['lost_ways']}",
        f"echo: {echo['updates']} updates, {echo['updates_per_s']} updates/s; update→reply "
        f"p50 {echo['update_to_reply']['p50_ms']} ms, p95 {echo['update_to_reply']['p95_ms']} ms; "
        f"{cpu_line(echo)}",
        f"ours/echo: {result['ratio']} (target ≥ {RATIO_TARGET}: {'met' if target['ratio_met'] else 'NOT met'})",
    ]
    lines.append(machine_line(result["machine"], f"{LAYOUT}."))
    return "\n".join(lines)


def cpu_line(bot: dict[str, Any]) -> str:
    by_process, cores = bot["cpu_ms_per_update_by_process"], bot["cores_busy"]
    return (
        f"{bot['cpu_ms_per_update']} ms CPU per update = bot process {by_process['bot']} "
        f"+ main process {by_process['main']} (cores busy: bot {cores['bot']}, main {cores['main']})"
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, default=50, help="simulated patients at once (default 50)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per bot (default 20)")
    parser.add_argument("--doctors", type=int, default=5_000, help="doctors seeded in the registry (default 5000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the registry and the patients' choices")
    parser.add_argument(
        "--profile",
        metavar="PATH",
        type=Path,
        help="write a pyinstrument profile (text) of our bot's process during its measured phase",
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
