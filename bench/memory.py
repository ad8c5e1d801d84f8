"""Benchmark of the demo's memory (issue 7/8: ≤ 250 MB RSS serving 100,000 doctors; seeding peak apart).

`cabinet demo` runs the registry sandbox, the Telegram emulator, the backend and the bot in ONE process,
on fixed ports, after seeding the registry from a child process that exits before anything serves
(`StackConfig.seed_in_child_process`). This script starts the same stack (`cabinet.stack.running_stack`,
bot included, seeding in a child) in a process of its own on free ports, samples the RSS of that process
and its children (VmRSS, from /proc) from its start, and reports three phases:

- seeding: the seeding process's own peak (its ru_maxrss), and the whole tree's while it ran;
- directory load: the backend's first full sync from the registry (until /readyz says so);
- serving: after a few doctor searches through the backend, inline queries through the emulator to the
  bot, a new patient's first steps in a chat with it (/start, consent, phone, /help) and a second of
  idle — the figure against the target, with its anonymous/file-backed split (file-backed pages are
  mostly the directory's SQLite file).

Then, unless --no-imports, what importing each component alone costs in a fresh interpreter.

    .venv/bin/python bench/memory.py [--doctors 100000] [--searches 30] [--no-imports]

Prints ONE JSON line of figures, then a short summary.
"""

from __future__ import annotations

# First, as in `cabinet demo`: importing the bot package defers aiogram's type builds (bot.deferred_types),
# which only works before anything else imports aiogram (`_common` does).
from bot import deferred_types  # noqa: F401

# isort: split

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from _common import machine, uk_text
from pydantic import SecretStr

from cabinet.stack import StackConfig, running_stack
from sandbox.telegram.client import TelegramSandboxClient

RSS_TARGET_MB = 250.0
SERVICE_TOKEN = "bench-memory-service-token"
SAMPLE_EVERY_S = 0.1
# Seeding 100,000 doctors and the directory's first sync take 1.5-3.5 min on a quiet 2-core machine (CPU-bound:
# ~1.7x slower on the machine of 2026-12-03 than on that of 2026-11-26).
READY_TIMEOUT_S = 400.0
STOP_TIMEOUT_S = 30.0
# What each process of a split deployment imports, and the demo's one process (everything).
IMPORTED_COMPONENTS = {
    "python": ("sys",),
    "pydantic": ("pydantic",),
    "aiogram": ("aiogram",),
    # As every process of ours imports it: types built on first use (bot.deferred_types).
    "aiogram_deferred": ("bot.deferred_types", "aiogram"),
    "bot": ("bot.app",),
    "backend": ("backend.app",),
    "registry_sandbox": ("sandbox.registry.app",),
    "telegram_emulator": ("sandbox.telegram.server",),
    "demo_all": ("cabinet.stack", "bot.app"),
}
SEARCHES = (
    {"speciality": "FAMILY_DOCTOR"},
    {"q": "Коваленко"},
    {"settlement": "Київ"},
    {"q": "Шевченко", "speciality": "THERAPIST"},
    {"lat": 49.84, "lon": 24.03},
)
INLINE_QUERIES = ("педіатр Львів", "Бондаренко", "terapevt Kyiv", "сімейний лікар Одеса")


# --- The child: the demo's stack on free ports -------------------------------------------------------


async def serve_stack(doctors: int, data_dir: Path) -> None:
    """Run the stack until SIGTERM; once seeded and listening, print its URLs and the seeding's figures."""
    config = StackConfig(
        data_dir=data_dir,
        doctors=doctors,
        seed_in_child_process=True,
        backend_overrides={"service_token": SecretStr(SERVICE_TOKEN)},
    )
    # A SIGTERM while seeding cancels it (the seeding child is killed with it); once serving, it stops the
    # stack in order. The bot leaves the signals to this process (`run_polling(handle_signals=False)`).
    loop = asyncio.get_running_loop()
    main_task = asyncio.current_task()
    assert main_task is not None
    loop.add_signal_handler(signal.SIGTERM, main_task.cancel)
    stop = asyncio.Event()
    with contextlib.suppress(asyncio.CancelledError):
        async with running_stack(config) as stack:
            loop.add_signal_handler(signal.SIGTERM, stop.set)
            seeded = stack.seed_summary
            line = {
                "backend_url": stack.backend_url,
                "telegram_url": stack.telegram_url,
                "seeding": {"peak_rss_mb": seeded.peak_rss_mb, "seconds": seeded.elapsed_seconds},
            }
            print(json.dumps(line), flush=True)
            await stop.wait()


# --- The parent: start, sample, drive -----------------------------------------------------------------


def status_kb(pid: int, *fields: str) -> dict[str, int]:
    """Some kB fields of /proc/PID/status (empty for a process that has gone)."""
    values: dict[str, int] = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in fields:
                values[name] = int(rest.split()[0])
    return values


def rss_mb(pid: int) -> float:
    """VmRSS of a process and all its descendants, in MB (0 for one that has gone)."""
    total_kb = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        total_kb += status_kb(current, "VmRSS").get("VmRSS", 0)
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(child) for child in children)
    return total_kb / 1024


@dataclass
class Sampler:
    """RSS samples of the child, each labelled with the phase it was taken in."""

    pid: int
    phase: str = "seeding"
    peaks: dict[str, float] = field(default_factory=dict)
    phase_seconds: dict[str, float] = field(default_factory=dict)
    _phase_began: float = field(default_factory=time.perf_counter)

    def sample(self) -> float:
        value = rss_mb(self.pid)
        self.peaks[self.phase] = max(self.peaks.get(self.phase, 0.0), value)
        return value

    def enter(self, phase: str) -> None:
        self.sample()  # the previous phase's last sample
        now = time.perf_counter()
        self.phase_seconds[self.phase] = round(now - self._phase_began, 1)
        self.phase, self._phase_began = phase, now

    async def run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(SAMPLE_EVERY_S)


async def wait_ready(client: httpx.AsyncClient) -> None:
    while True:
        with contextlib.suppress(httpx.HTTPError):
            directory = (await client.get("/readyz")).json().get("directory", {})
            if directory.get("state") == "ready":
                return
            if directory.get("state") == "failed":
                raise RuntimeError(f"the doctor directory did not load: {directory}")
        await asyncio.sleep(0.2)


async def drive(backend_url: str, telegram_url: str, searches: int) -> dict[str, int]:
    """A few doctor searches through the backend, and a few inline queries through the emulator to the bot."""
    headers = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
    found = 0
    async with httpx.AsyncClient(base_url=backend_url, headers=headers, trust_env=False, timeout=30) as backend:
        for i in range(searches):
            response = await backend.get("/v1/doctors/search", params={**SEARCHES[i % len(SEARCHES)], "limit": 10})
            response.raise_for_status()
            found += len(response.json()["items"])
    answered = 0
    async with TelegramSandboxClient(telegram_url) as telegram:
        user = await telegram.create_user("Вимірювач")
        for query in INLINE_QUERIES:
            answer = await telegram.inline_query(user["id"], query, timeout=30)
            answered += bool(answer.get("results"))
        replies = await first_steps(telegram)
    return {
        "searches": searches,
        "doctors_found": found,
        "inline_queries": len(INLINE_QUERIES),
        "answered": answered,
        "conversation_replies": replies,
    }


async def first_steps(telegram: TelegramSandboxClient) -> int:
    """A new patient's first steps with the bot (texts, a button, the phone, /help), so that the types a
    conversation uses are built (aiogram's types are built on first use); returns how many replies came."""
    visitor = (await telegram.create_user("Відвідувач", phone_number="+380671234567"))["id"]
    steps = (
        lambda: telegram.send_text(visitor, "/start"),
        lambda: telegram.press_button_by_text(visitor, uk_text("onboarding-consent-agree")),
        lambda: telegram.press_reply_button(visitor, uk_text("onboarding-phone-button")),
        lambda: telegram.send_text(visitor, "/help"),
    )
    for step in steps:
        newest = max((m["message_id"] for m in await telegram.messages(visitor)), default=0)
        await step()
        await telegram.wait_for_bot_message(visitor, after_message_id=newest, timeout=30)
    return len(steps)


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as data_dir:
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            __file__,
            "--child",
            "--doctors",
            str(args.doctors),
            "--data-dir",
            data_dir,
            stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert child.stdout is not None
        sampler = Sampler(child.pid)
        sampling = asyncio.create_task(sampler.run())
        try:
            async with asyncio.timeout(READY_TIMEOUT_S):
                line = await child.stdout.readline()
                if not line:
                    raise RuntimeError(f"the stack stopped before serving (exit code {await child.wait()})")
                started = json.loads(line)
                sampler.enter("directory_load")
                async with httpx.AsyncClient(base_url=started["backend_url"], trust_env=False) as client:
                    await wait_ready(client)
            sampler.enter("serving")
            driven = await drive(started["backend_url"], started["telegram_url"], args.searches)
            await asyncio.sleep(1.0)  # a second of idle serving: what the process keeps
            serving_mb = sampler.sample()
            split_kb = status_kb(child.pid, "VmRSS", "RssAnon", "RssFile")
            sampler.enter("done")
        finally:
            sampling.cancel()
            if child.returncode is None:
                child.terminate()
                try:
                    async with asyncio.timeout(STOP_TIMEOUT_S):
                        await child.wait()
                except TimeoutError:
                    child.kill()
                    await child.wait()
                    raise RuntimeError(f"the stack did not stop within {STOP_TIMEOUT_S:g} s of SIGTERM") from None
    imports = await import_costs() if args.imports else {}
    return figures(args, sampler, serving_mb, split_kb, started["seeding"], driven, imports)


async def import_costs() -> dict[str, float]:
    """VmRSS (MB) of a fresh interpreter after importing each component alone, one at a time."""
    costs: dict[str, float] = {}
    for label, modules in IMPORTED_COMPONENTS.items():
        code = "".join(f"import {module}\n" for module in modules) + (
            "print([line.split()[1] for line in open('/proc/self/status') if line.startswith('VmRSS:')][0])"
        )
        process = await asyncio.create_subprocess_exec(sys.executable, "-c", code, stdout=asyncio.subprocess.PIPE)
        output, _ = await process.communicate()
        costs[label] = round(int(output) / 1024, 1)
    return costs


def figures(
    args: argparse.Namespace,
    sampler: Sampler,
    serving_mb: float,
    split_kb: dict[str, int],
    seeding: dict[str, Any],
    driven: dict[str, int],
    imports: dict[str, float],
) -> dict[str, Any]:
    return {
        "bench": "memory",
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "doctors": args.doctors,
        "processes": "one serving (registry sandbox, Telegram emulator, backend and bot, as `cabinet demo`); "
        "seeding in a child that exits before serving",
        "serving_rss_mb": round(serving_mb, 1),
        "serving_split_mb": {name: round(kb / 1024, 1) for name, kb in split_kb.items()},
        "seeding_process_peak_rss_mb": seeding["peak_rss_mb"],
        "seeding_seconds": seeding["seconds"],
        "peak_rss_mb": {phase: round(value, 1) for phase, value in sampler.peaks.items() if phase != "done"},
        "phase_seconds": {phase: s for phase, s in sampler.phase_seconds.items() if phase != "done"},
        "import_rss_mb": imports,
        "driven": driven,
        "target": {"serving_rss_mb": RSS_TARGET_MB, "met": serving_mb <= RSS_TARGET_MB},
        "load_average": Path("/proc/loadavg").read_text().split()[:3],
        "machine": machine(),
    }


def summary(result: dict[str, Any]) -> str:
    peaks, seconds = result["peak_rss_mb"], result["phase_seconds"]
    driven, split = result["driven"], result["serving_split_mb"]
    lines = [
        f"{result['doctors']:,} doctors, {result['processes']}.",
        f"serving RSS {result['serving_rss_mb']} MB (anonymous {split.get('RssAnon', '?')} MB, file-backed "
        f"{split.get('RssFile', '?')} MB) after {driven['searches']} searches, {driven['inline_queries']} inline "
        f"queries and {driven['conversation_replies']} chat replies "
        f"(target ≤ {RSS_TARGET_MB:g} MB: {'met' if result['target']['met'] else 'NOT met'}).",
        f"seeding process peak {result['seeding_process_peak_rss_mb']} MB ({result['seeding_seconds']} s).",
        "peaks of the process tree: "
        + ", ".join(f"{phase} {peaks[phase]} MB ({seconds.get(phase, '?')} s)" for phase in peaks),
    ]
    if result["import_rss_mb"]:
        lines.append(
            "importing alone (fresh interpreter): "
            + ", ".join(f"{label} {mb} MB" for label, mb in result["import_rss_mb"].items())
        )
    lines.append(f"load average {' '.join(result['load_average'])}")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--doctors", type=int, default=100_000, help="doctors seeded (default 100000)")
    parser.add_argument("--searches", type=int, default=30, help="doctor searches before measuring (default 30)")
    parser.add_argument(
        "--no-imports", dest="imports", action="store_false", help="skip measuring each component's import cost"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.doctors < 100 or args.searches < 1:
        parser.error("--doctors ≥ 100, --searches ≥ 1")
    if args.child and args.data_dir is None:
        parser.error("--child needs --data-dir")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        asyncio.run(serve_stack(args.doctors, args.data_dir))
        return 0
    result = asyncio.run(bench(args))
    print(json.dumps(result, ensure_ascii=False))
    print(summary(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
