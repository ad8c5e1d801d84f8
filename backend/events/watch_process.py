"""`cabinet watcher`: the status watcher as a process of its own (with BACKEND_WATCHER_ENABLED=false in the
backend replicas). It reads the same settings and database as the backend; run `cabinet migrate` first."""

from __future__ import annotations

from backend.auth.tokens import TokenService
from backend.clock import Clock
from backend.config import BackendSettings
from backend.db import make_engine, make_sessionmaker
from backend.events.watch_config import WatcherSettings
from backend.events.watcher import StatusWatcher
from backend.logging import configure_logging
from backend.registry.budget import Lane, LaneBudget
from backend.registry.budgeted import budgeted, registry_lane
from backend.registry.ehealth import EHealthRegistry
from backend.security import TokenCipher


async def run_watcher(settings: BackendSettings | None = None, watcher_settings: WatcherSettings | None = None) -> None:
    settings = settings or BackendSettings()
    watcher_settings = watcher_settings or WatcherSettings()
    configure_logging(settings.log_level)
    engine = make_engine(settings.database_url)
    adapter = EHealthRegistry()  # settings from EHEALTH_*, as the backend's
    clock = Clock()
    cipher = TokenCipher(settings.token_encryption_key.get_secret_value())
    try:
        # The client's one budget (EHEALTH_BUDGET_*; shared with the backend through Redis): the watcher takes what
        # patients leave, its tokens itself, and calls the prepaid port (which takes none again), as in backend.app.
        async with budgeted(adapter) as registry:
            tokens = TokenService(registry, cipher, clock, refresh_margin=settings.token_refresh_margin)
            watcher = StatusWatcher(
                make_sessionmaker(engine),
                registry.prepaid(),
                tokens,
                clock,
                watcher_settings,
                budget=LaneBudget(registry.budget, Lane.WATCHER),
            )
            with registry_lane(Lane.WATCHER):
                await watcher.run()
    finally:
        await adapter.aclose()
        await engine.dispose()
