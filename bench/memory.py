"""Benchmark of the demo's memory (issue 7/8: ≤ 250 MB RSS serving 100,000 doctors; seeding peak apart).

`cabinet demo` runs the registry sandbox, the Telegram emulator, the backend and the bot in ONE process,
on fixed ports. This script starts the same stack (`cabinet.stack.running_stack`, bot included) in a
child process of its own on free ports, samples the child's RSS (VmRSS of it and any children, from
/proc) from its start, and reports three phases: seeding the registry (before anything serves), loading
the backend's directory from the registry (until /readyz says so), and serving — after a few doctor
searches through the backend and a few inline queries through the emulator to the bot.

    .venv/bin/python bench/memory.py [--doctors 100000] [--searches 30]

Prints ONE JSON line of figures, then a short summary.
"""

from __future__ import annotations

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
from _common import machine
from pydantic import SecretStr

from cabinet.stack import StackConfig, running_stack
from sandbox.telegram.client import TelegramSandboxClient

RSS_TARGET_MB = 250.0
SERVICE_TOKEN = "bench-memory-service-token"
SAMPLE_EVERY_S = 0.1
READY_TIMEOUT_S = 170.0
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
    """Run the stack until SIGTERM; once seeded and listening, print its URLs as one JSON line."""
    config = StackConfig(
        data_dir=data_dir, doctors=doctors, backend_overrides={"service_token": SecretStr(SERVICE_TOKEN)}
    )
    stop = asyncio.Event()
    async with running_stack(config) as stack:
        # Only now: a SIGTERM while seeding should end the process at once, as it does by default.
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        print(json.dumps({"backend_url": stack.backend_url, "telegram_url": stack.telegram_url}), flush=True)
        await stop.wait()


# --- The parent: start, sample, drive -----------------------------------------------------------------


def rss_mb(pid: int) -> float:
    """VmRSS of a process and all its descendants, in MB (0 for one that has gone)."""
    total_kb = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
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
    return {"searches": searches, "doctors_found": found, "inline_queries": len(INLINE_QUERIES), "answered": answered}


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
                urls = json.loads(line)
                sampler.enter("directory_load")
                async with httpx.AsyncClient(base_url=urls["backend_url"], trust_env=False) as client:
                    await wait_ready(client)
            sampler.enter("serving")
            driven = await drive(urls["backend_url"], urls["telegram_url"], args.searches)
            await asyncio.sleep(1.0)  # a second of idle serving: what the process keeps
            serving_mb = sampler.sample()
            sampler.enter("done")
        finally:
            sampling.cancel()
            if child.returncode is None:
                child.terminate()
                await child.wait()
    return figures(args, sampler, serving_mb, driven)


def figures(args: argparse.Namespace, sampler: Sampler, serving_mb: float, driven: dict[str, int]) -> dict[str, Any]:
    return {
        "bench": "memory",
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "doctors": args.doctors,
        "processes": "one (registry sandbox, Telegram emulator, backend and bot, as `cabinet demo`)",
        "serving_rss_mb": round(serving_mb, 1),
        "peak_rss_mb": {phase: round(value, 1) for phase, value in sampler.peaks.items() if phase != "done"},
        "phase_seconds": {phase: s for phase, s in sampler.phase_seconds.items() if phase != "done"},
        "driven": driven,
        "target": {"serving_rss_mb": RSS_TARGET_MB, "met": serving_mb <= RSS_TARGET_MB},
        "machine": machine(),
    }


def summary(result: dict[str, Any]) -> str:
    peaks, seconds = result["peak_rss_mb"], result["phase_seconds"]
    driven = result["driven"]
    return "\n".join(
        [
            f"{result['doctors']:,} doctors, {result['processes']}.",
            f"serving RSS {result['serving_rss_mb']} MB after {driven['searches']} searches and "
            f"{driven['inline_queries']} inline queries (target ≤ {RSS_TARGET_MB:g} MB: "
            f"{'met' if result['target']['met'] else 'NOT met'}).",
            "peaks: " + ", ".join(f"{phase} {peaks[phase]} MB ({seconds.get(phase, '?')} s)" for phase in peaks),
        ]
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--doctors", type=int, default=100_000, help="doctors seeded (default 100000)")
    parser.add_argument("--searches", type=int, default=30, help="doctor searches before measuring (default 30)")
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
