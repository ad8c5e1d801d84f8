"""The directory's one interface, and the factory that picks its implementation for a database."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncEngine

from backend.directory.documents import DoctorDocument
from backend.directory.postgres_index import PostgresDoctorIndex
from backend.directory.query import DoctorQuery, SearchPage, SettlementMatch
from backend.directory.sqlite_index import SqliteDoctorIndex
from backend.registry.port import DeclarationsLimit


class DoctorIndex(Protocol):
    async def upsert_many(self, documents: Sequence[DoctorDocument]) -> None:
        """Insert or replace documents by employee id (in batches, one transaction each)."""
        ...

    def bulk_loading(self) -> AbstractAsyncContextManager[bool]:
        """Around the writes of a first load: an empty directory is filled without its secondary indexes, which
        are built once at the end (yields whether it did)."""
        ...

    async def remove(self, employee_ids: Iterable[str]) -> int:
        """Delete the records of these employees; how many there were."""
        ...

    async def apply_limits(self, limits: Iterable[DeclarationsLimit], *, spread: bool = True) -> int:
        """Remember each party's declaration limit and count and (`spread`) set them on every record of that party;
        only the parties whose numbers changed are written. Returns how many changed. Without `spread` the caller
        writes the party's records with these numbers itself (a full sync)."""
        ...

    async def get(self, employee_id: str) -> DoctorDocument | None: ...

    async def search(self, query: DoctorQuery) -> SearchPage: ...

    async def settlements(self, prefix: str, limit: int = 8) -> list[SettlementMatch]:
        """Settlements whose name starts with `prefix`, those with most available doctors first."""
        ...

    async def count(self) -> int: ...

    async def employee_ids(self) -> set[str]:
        """Every indexed employee id (a full sync removes the ones the registry no longer lists)."""
        ...

    async def maintain(self) -> None:
        """After a full sync: forget name words no doctor has any more, refresh the query planner's statistics."""
        ...

    async def close(self) -> None:
        """Release connections the index opened itself; the engine it was given stays the caller's."""
        ...


def make_index(engine: AsyncEngine) -> DoctorIndex:
    """The implementation for the engine's database; its schema must exist (`schema.ensure_directory_schema`)."""
    dialect = engine.dialect.name
    if dialect == "sqlite":
        return SqliteDoctorIndex(engine)
    if dialect == "postgresql":
        return PostgresDoctorIndex(engine)
    raise NotImplementedError(f"the doctor directory supports SQLite and PostgreSQL, not {dialect}")
