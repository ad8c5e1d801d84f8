"""Seeding the registry sandbox in a child process that exits before anything serves.

Generating and writing 100,000 doctors peaks at a few hundred MB (Faker, the GeoNames data, row
batches). In a long-running process glibc keeps most of that heap after the rows are written, so
`cabinet demo` would serve with the seeding's peak still resident. A child process returns all of it
to the system when it exits; the parent only waits for it and reads one JSON line.

    python -m sandbox.registry.seeding.process   # reads the request (JSON) on stdin, prints the summary (JSON)
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import resource
import sys
from datetime import date
from typing import Any

from sandbox.registry.config import RegistrySettings
from sandbox.registry.seed import SeedSummary


async def seed_in_child_process(settings: RegistrySettings, *, seed: int, doctors: int, today: date) -> SeedSummary:
    """Seed `settings.database_url` from a child process; its peak RSS comes back in the summary."""
    request = {
        "settings": settings.model_dump(mode="json"),
        "seed": seed,
        "doctors": doctors,
        "today": today.isoformat(),
    }
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "sandbox.registry.seeding.process",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        output, _ = await child.communicate(json.dumps(request).encode())
    finally:
        if child.returncode is None:  # cancelled while seeding: do not leave the child writing
            child.kill()
            await child.wait()
    if child.returncode != 0:
        raise RuntimeError(f"seeding the registry sandbox failed (exit code {child.returncode}; see its stderr)")
    lines = output.decode().strip().splitlines()
    return SeedSummary(**json.loads(lines[-1]))


async def _seed_from_request(request: dict[str, Any]) -> SeedSummary:
    # Imported here: the parent imports this module for `seed_in_child_process` only.
    from sandbox.registry.core.db import make_engine
    from sandbox.registry.seed import seed_database

    settings = RegistrySettings(**request["settings"])
    engine = make_engine(settings.database_url)
    try:
        return await seed_database(
            engine,
            seed=request["seed"],
            doctors=request["doctors"],
            settings=settings,
            today=date.fromisoformat(request["today"]),
        )
    finally:
        await engine.dispose()


def main() -> int:
    summary = asyncio.run(_seed_from_request(json.load(sys.stdin)))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports kB
    print(json.dumps({**dataclasses.asdict(summary), "peak_rss_mb": round(peak_mb, 1)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
