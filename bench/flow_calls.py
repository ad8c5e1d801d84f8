"""Registry calls per bot flow and screen: what each patient screen spends of the client's registry budget
(eHealth allows the whole client ~1000 calls per 15 minutes on the free tier, shared with the status watcher).

Counted, not timed: the real backend app (`create_app` with the eHealth adapter) over the embedded registry
sandbox, its registry port wrapped to count every call by method, each flow walked as the bot walks it
(`tests/backend/app/registry_calls.py`: the same backend calls, the same paging, screen by screen). Every flow
starts cold (a patient of its own signed in a quarter of an hour earlier); the directory is loaded first and the
watcher is off, so only the screens' calls count.

    PYTHONPATH=. .venv/bin/python bench/flow_calls.py

Prints ONE JSON line: `flows` (flow → screen → calls), `per_flow` (flow → calls), `total`, `by_method`; then a
short table.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's packages, whatever is installed

from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.clock import ukrainian_today
from sandbox.registry.core.db import make_engine as make_registry_engine
from sandbox.registry.seed import seed_database
from tests.backend.app.conftest import SEED_DOCTORS
from tests.backend.app.registry_calls import counting_cabinet, walk_all


async def _seed(path: Path) -> None:
    engine = make_registry_engine(f"sqlite+aiosqlite:///{path}")
    try:
        await seed_database(engine, seed=11, doctors=SEED_DOCTORS, settings=RegistrySettings(), today=ukrainian_today())
    finally:
        await engine.dispose()


async def main() -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="flow-calls-") as folder:
        directory = Path(folder)
        template = directory / "template.sqlite3"
        await _seed(template)
        run = directory / "run"
        run.mkdir()
        async with counting_cabinet(run, template) as bench:
            walks = await walk_all(bench)
    by_method: Counter[str] = Counter()
    for walk in walks.values():
        by_method.update(walk.methods)
    per_flow = {name: sum(walk.screens.values()) for name, walk in walks.items()}
    return {
        "bench": "flow_calls",
        "flows": {name: walk.screens for name, walk in walks.items()},
        "per_flow": per_flow,
        "total": sum(per_flow.values()),
        "by_method": dict(sorted(by_method.items())),
    }


if __name__ == "__main__":
    figures = asyncio.run(main())
    print(json.dumps(figures, ensure_ascii=False))
    flows = figures["flows"]
    assert isinstance(flows, dict)
    for flow, screens in flows.items():
        print(f"{flow}: " + ", ".join(f"{screen} {calls}" for screen, calls in screens.items()), file=sys.stderr)
    print(f"total: {figures['total']}", file=sys.stderr)
