"""`cabinet registry-sandbox`: run the sandbox with uvicorn, seeding an empty database first."""

from __future__ import annotations

import asyncio
import gc
import logging

import uvicorn
from sqlalchemy import func, select

from sandbox.registry.app import create_app
from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.db import create_schema, make_engine
from sandbox.registry.core.models import Person

log = logging.getLogger(__name__)

# Young objects are collected once per this many allocations instead of Python's 700: building big pages
# (2,000 export records) set off full collections over everything the server holds, a quarter of its CPU
# while a first directory sync walked 100,000 doctors (16 → 12 s). Its garbage goes by reference counting.
YOUNG_COLLECTION_THRESHOLD = 100_000


async def ensure_seeded(settings: RegistrySettings) -> None:
    engine = make_engine(settings.database_url)
    try:
        await create_schema(engine)
        async with engine.connect() as conn:
            persons = await conn.scalar(select(func.count()).select_from(Person))
        if not persons:
            from sandbox.registry.seed import seed_database

            summary = await seed_database(engine, settings=settings)
            log.info("seeded the registry sandbox: %s", summary)
    finally:
        await engine.dispose()


def serve(host: str | None = None, port: int | None = None, *, seed_if_empty: bool = True) -> int:
    overrides = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    settings = RegistrySettings(**overrides)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])  # the server's own process
    if seed_if_empty:
        asyncio.run(ensure_seeded(settings))
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
    return 0
