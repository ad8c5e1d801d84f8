"""Engine and sessions of the registry sandbox's own database (engine plumbing is the backend's)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db import make_engine, make_sessionmaker
from sandbox.registry.models import Base

__all__ = ["create_schema", "make_engine", "make_sessionmaker"]


async def create_schema(engine: AsyncEngine, *, drop: bool = False) -> None:
    async with engine.begin() as conn:
        if drop:
            await conn.run_sync(Base.metadata.drop_all)
        await conn.run_sync(Base.metadata.create_all)
