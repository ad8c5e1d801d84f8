"""Benchmark of the directory's first sync (issue [W2 5/5]: 100,000 doctors in ≤ 20 s on this machine).

Seeds a registry sandbox database with N doctors (`cabinet seed`, in a child process), serves it with
`cabinet registry-sandbox` in a process of its own (the registry is a third party: its CPU is not ours),
and in this process runs the backend's own sync (`backend.directory.sync.full_sync`) through the real
eHealth adapter into a fresh SQLite directory, as the backend does at its first start. Reports the whole
sync and, separately, how long draining each source alone takes (bulk export, portal doctors, portal
divisions), so that a figure says where the time goes, and the registry sandbox's CPU during the first sync
(`cpu_seconds_registry_full_sync`: on this machine it shares the sync's cores, as eHealth would not), and how
fast the host was just before and just after it (`host_speed_seconds_before_after`, a fixed piece of Python work:
the same code's CPU has varied by half between runs). Then an incremental sync of the last 2 days.
The answers of those drains are kept (after the memory figures are taken), and a first sync is run again
into a fresh directory against them, replayed from memory: the sync's own time and CPU with a registry that
answers at once (`seconds_full_sync_own`), which is what this project can make faster.
The sync runs first, in a process that has only imported what it needs, so the peak RSS it reports (before
and after) is the sync's own, as in the backend.

    .venv/bin/python bench/directory_sync.py [--doctors 100000] [--seed 2026] [--keep DIR]

Prints ONE JSON line of figures, then a short summary.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
from _common import host_speed_seconds, machine, process_cpu_s
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import create_async_engine

from backend.directory.index import make_index
from backend.directory.schema import ensure_directory_schema
from backend.directory.sync import full_sync, incremental_sync
from backend.registry.ehealth import EHealthRegistry
from backend.registry.settings import EHealthSettings
from sandbox.registry.config import RegistrySettings

TARGET_SECONDS = 20.0
READY_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seed(database_url: str, doctors: int, seed_value: int) -> float:
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - this interpreter, our own arguments
        [
            sys.executable,
            "-m",
            "cabinet.cli",
            "seed",
            "--doctors",
            str(doctors),
            "--seed",
            str(seed_value),
            "--database-url",
            database_url,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


@contextlib.contextmanager
def registry_process(database_url: str, port: int) -> Iterator[tuple[str, int]]:
    """The registry sandbox serving `database_url`: its URL and process id."""
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "REGISTRY_DATABASE_URL": database_url, "REGISTRY_PUBLIC_URL": url}
    process = subprocess.Popen(  # noqa: S603 - this interpreter, our own arguments
        [sys.executable, "-m", "cabinet.cli", "registry-sandbox", "--port", str(port), "--no-seed"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while True:
            try:
                if httpx.get(f"{url}/api/stats/employees", params={"page_size": 1}, timeout=1).status_code < 500:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the registry sandbox did not start")
            time.sleep(0.2)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


async def drained(items: AsyncIterator[Any]) -> tuple[int, float]:
    started = time.perf_counter()
    count = 0
    async for _ in items:
        count += 1
    return count, time.perf_counter() - started


class Recorded(httpx.AsyncBaseTransport):
    """The registry's GET answers, kept as they come (`recording`), then given back from memory (`replaying`)."""

    def __init__(self) -> None:
        self._real = httpx.AsyncHTTPTransport()
        self._answers: dict[str, tuple[int, list[tuple[str, str]], bytes]] = {}
        self.replaying = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = str(request.url)
        if request.method == "GET" and self.replaying and key in self._answers:
            status, headers, body = self._answers[key]
            return httpx.Response(status, headers=headers, content=body)
        response = await self._real.handle_async_request(request)
        body = await response.aread()
        if request.method == "GET":
            self._answers[key] = (response.status_code, list(response.headers.items()), body)
        return httpx.Response(response.status_code, headers=response.headers, content=body)

    async def aclose(self) -> None:
        await self._real.aclose()


def adapter_for(url: str, transport: httpx.AsyncBaseTransport | None = None) -> EHealthRegistry:
    sandbox = RegistrySettings()
    return EHealthRegistry(
        EHealthSettings(
            auth_url=url,
            api_url=url,
            client_id=sandbox.pis_client_id,
            client_secret=SecretStr(sandbox.pis_client_secret),
            custom_psk=SecretStr(sandbox.pis_client_psk),
        ),
        transport=transport,
    )


async def own_full_sync(adapter: EHealthRegistry, path: Path) -> tuple[float, float]:
    """A first sync into a fresh directory at `path`: wall seconds and this process's CPU seconds."""
    engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
    await ensure_directory_schema(engine)
    index = make_index(engine)
    cpu = time.process_time()
    report = await full_sync(adapter, index)
    cpu = time.process_time() - cpu
    await index.close()
    await engine.dispose()
    return report.seconds, cpu


async def bench(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    registry_db = f"sqlite+aiosqlite:///{workdir / 'registry.sqlite3'}"
    seconds_seeding = seed(registry_db, args.doctors, args.seed)
    with registry_process(registry_db, free_port()) as (url, registry_pid):
        adapter = adapter_for(url)
        recorded = Recorded()
        recording = adapter_for(url, recorded)
        try:
            engine = create_async_engine(f"sqlite+aiosqlite:///{workdir / 'directory.sqlite3'}")
            await ensure_directory_schema(engine)
            index = make_index(engine)
            # The sync first, in a process that has only imported: its peak is the sync's own.
            rss_before = peak_rss_mb()
            speed_before = host_speed_seconds()
            cpu_full, cpu_registry = time.process_time(), process_cpu_s(registry_pid)
            full = await full_sync(adapter, index)
            cpu_full = time.process_time() - cpu_full
            cpu_registry = process_cpu_s(registry_pid) - cpu_registry
            rss_after, rss_now = peak_rss_mb(), current_rss_mb()
            speed_after = host_speed_seconds()
            incremental = await incremental_sync(adapter, index, 2)
            indexed = await index.count()
            await index.close()
            await engine.dispose()
            # The drains ask for exactly what a first sync asks for; their answers are kept for the replay.
            sources = {
                "bulk_employees": await drained(recording.bulk_employees()),
                "portal_doctors": await drained(recording.portal_doctors()),
                "portal_divisions": await drained(recording.portal_divisions()),
                "declarations_limits": await drained(recording.declarations_limits()),
            }
            recorded.replaying = True
            seconds_own, cpu_own = await own_full_sync(recording, workdir / "directory-replayed.sqlite3")
        finally:
            await adapter.aclose()
            await recording.aclose()
            await recorded.aclose()
    return {
        "bench": "directory_sync",
        "doctors": args.doctors,
        "indexed": indexed,
        "seconds_full_sync": round(full.seconds, 2),
        "target_seconds": TARGET_SECONDS,
        "met": full.seconds <= TARGET_SECONDS,
        "ms_per_doctor": round(1000 * full.seconds / max(indexed, 1), 3),
        # This process's CPU in the first sync (both its threads): steadier than the wall time on a shared host.
        "cpu_seconds_full_sync": round(cpu_full, 2),
        # The registry sandbox's CPU meanwhile: it shares this machine's cores with the sync (eHealth would not).
        "cpu_seconds_registry_full_sync": round(cpu_registry, 2),
        # A fixed piece of plain Python work just before and just after the first sync: this host's speed varies.
        "host_speed_seconds_before_after": [round(speed_before, 3), round(speed_after, 3)],
        "seconds_full_sync_own": round(seconds_own, 2),
        "cpu_seconds_full_sync_own": round(cpu_own, 2),
        "seconds_incremental_2_days": round(incremental.seconds, 2),
        "incremental_upserted": incremental.upserted,
        "sources": {name: {"items": count, "seconds": round(seconds, 2)} for name, (count, seconds) in sources.items()},
        "peak_rss_mb_before_sync": round(rss_before, 1),
        "peak_rss_mb_after_sync": round(rss_after, 1),
        "rss_mb_after_sync": round(rss_now, 1),
        "seconds_seeding": round(seconds_seeding, 1),
        **machine(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doctors", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", type=Path, default=None, help="work in this directory and keep its databases")
    args = parser.parse_args()
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        figures = asyncio.run(bench(args, args.keep))
    else:
        with tempfile.TemporaryDirectory(prefix="bench-directory-sync-") as workdir:
            figures = asyncio.run(bench(args, Path(workdir)))
    print(json.dumps(figures, ensure_ascii=False))
    sources = ", ".join(f"{name} {s['seconds']} s" for name, s in figures["sources"].items())
    print(
        f"first sync of {figures['indexed']:,} doctors: {figures['seconds_full_sync']} s "
        f"({figures['cpu_seconds_full_sync']} s CPU; the registry sandbox's: "
        f"{figures['cpu_seconds_registry_full_sync']} s; target ≤ {TARGET_SECONDS:.0f} s: "
        f"{'met' if figures['met'] else 'NOT met'}); sources alone: {sources}; "
        f"incremental (2 days): {figures['seconds_incremental_2_days']} s; the sync's own, the answers replayed: "
        f"{figures['seconds_full_sync_own']} s ({figures['cpu_seconds_full_sync_own']} s CPU); the host's speed probe "
        f"before / after the first sync: {' / '.join(map(str, figures['host_speed_seconds_before_after']))} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
