"""A first load into an empty directory writes without the secondary indexes and builds them once at the end
(`SqlDoctorIndex.bulk_loading`); whatever happens, the directory ends with every index and finds names."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.directory import schema
from backend.directory.index import DoctorIndex
from backend.directory.tables import doctor_directory
from tests.backend.directory.conftest import doctor
from tests.backend.directory.test_search import ids, search

DOCTORS = [
    doctor("a", "Шевченко", "Олена", "Петрівна"),
    doctor("b", "Бондар", "Тарас", "Іванович"),
    doctor("c", "Шевчук", "Ірина", "Андріївна"),
]
EXPECTED_INDEXES = {index.name for index in doctor_directory.indexes}


def _secondary_indexes(connection: Connection) -> set[str]:
    return {found["name"] for found in inspect(connection).get_indexes("doctor_directory")} & EXPECTED_INDEXES


async def indexes_of(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return await connection.run_sync(_secondary_indexes)


async def test_an_empty_directory_is_loaded_without_its_indexes_and_ends_with_all_of_them(
    engine: AsyncEngine, index: DoctorIndex
) -> None:
    async with index.bulk_loading() as bulk:
        assert bulk is True
        assert await indexes_of(engine) == set()  # dropped for the load
        await index.upsert_many(DOCTORS)
    assert await indexes_of(engine) == EXPECTED_INDEXES
    assert ids(await search(index, text="шевч")) == ["a", "c"]  # the name index holds the rows loaded without it

    async with index.bulk_loading() as again:  # a directory with rows keeps its indexes while it is written
        assert again is False
        assert await indexes_of(engine) == EXPECTED_INDEXES
        await index.upsert_many([doctor("d", "Шевцова", "Ганна")])
    assert ids(await search(index, text="шевц")) == ["d"]


async def test_a_load_that_fails_half_way_still_ends_with_every_index(engine: AsyncEngine, index: DoctorIndex) -> None:
    with pytest.raises(RuntimeError):
        async with index.bulk_loading():
            await index.upsert_many(DOCTORS[:2])
            raise RuntimeError("the registry went away")
    assert await indexes_of(engine) == EXPECTED_INDEXES
    assert ids(await search(index, text="бонд")) == ["b"]


async def test_indexes_a_killed_process_left_out_are_built_at_the_next_load(
    engine: AsyncEngine, index: DoctorIndex
) -> None:
    # A process killed mid-load never ran its `finally`: rows are there, their indexes are not.
    async with engine.begin() as connection:
        await connection.run_sync(schema.drop_secondary_indexes_sync)
    await index.upsert_many(DOCTORS)
    assert await indexes_of(engine) == set()

    async with index.bulk_loading() as bulk:
        assert bulk is False
    assert await indexes_of(engine) == EXPECTED_INDEXES
    assert ids(await search(index, text="шевч")) == ["a", "c"]
