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
from backend.registry.ehealth import EHealthRegistry
from backend.security import TokenCipher


async def run_watcher(settings: BackendSettings | None = None, watcher_settings: WatcherSettings | None = None) -> None:
    settings = settings or BackendSettings()
    watcher_settings = watcher_settings or WatcherSettings()
    configure_logging(settings.log_level)
    engine = make_engine(settings.database_url)
    registry = EHealthRegistry()  # settings from EHEALTH_*, as the backend's
    clock = Clock()
    cipher = TokenCipher(settings.token_encryption_key.get_secret_value())
    tokens = TokenService(registry, cipher, clock, refresh_margin=settings.token_refresh_margin)
    watcher = StatusWatcher(make_sessionmaker(engine), registry, tokens, clock, watcher_settings)
    try:
        await watcher.run()
    finally:
        await registry.aclose()
        await engine.dispose()
