"""SQLite and PostgreSQL answer every query identically: same hits, order, scores, distances and totals."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backend.directory.documents import DoctorDocument
from backend.directory.index import DoctorIndex, make_index
from backend.directory.query import DoctorQuery, SearchPage
from backend.directory.schema import ensure_directory_schema
from backend.domain.declarations import Speciality
from backend.registry.port import DeclarationsLimit
from tests.backend.directory.conftest import doctor, postgres_engine, sqlite_engine

SURNAMES = [
    *("Шевченко", "Шевчук", "Коваль", "Коваленко", "Бондар", "Бондаренко", "Ткаченко", "Кравець", "Олійник"),
    *("Мельник", "Мельничук", "Лисенко", "Руденко", "Гнатюк", "Дем’яненко", "Ім’яненко", "Їжакевич", "Ґудзь"),
]
FIRST_NAMES = ["Мар’яна", "Марина", "Олена", "Ольга", "Ірина", "Іван", "Петро", "Тарас", "В’ячеслав", "Юрій", "Наталія"]
PATRONYMICS = ["Петрівна", "Іванівна", "Олегович", "Тарасович", None]
PLACES = [
    ("Київ", "м. Київ", (50.4501, 30.5234)),
    ("Бровари", "Київська", (50.5110, 30.7909)),
    ("Біла Церква", "Київська", (49.7988, 30.1153)),
    ("Житомир", "Житомирська", (50.2547, 28.6587)),
    ("Львів", "Львівська", (49.8397, 24.0297)),
    ("Кам’янське", "Дніпропетровська", (48.5079, 34.6132)),
]
QUERIES = [
    DoctorQuery(text="Мар'яна"),
    DoctorQuery(text="шевч", limit=7),
    DoctorQuery(text="Шевенко"),
    DoctorQuery(text="Мельнчук Ольга"),
    DoctorQuery(text="Koval", limit=50),
    DoctorQuery(text="bondarenko iryna"),
    DoctorQuery(text="Дем'яненко", specialities=(Speciality.THERAPIST, Speciality.FAMILY_DOCTOR)),
    DoctorQuery(text="і", limit=50, offset=10),
    DoctorQuery(text="Вячеслав", only_available=False),
    DoctorQuery(settlement="Бровари", limit=50),
    DoctorQuery(area="Київська", with_free_places=True, limit=50),
    DoctorQuery(specialities=(Speciality.PEDIATRICIAN,), limit=50),
    DoctorQuery(legal_entity_id="clinic-2", limit=50),
    DoctorQuery(near=(50.45, 30.52), radius_km=3, limit=30),
    DoctorQuery(near=(50.45, 30.52), text="Олійник", limit=50),
    DoctorQuery(near=(49.0, 32.0), radius_km=5, max_radius_km=400, limit=10, offset=10),
    DoctorQuery(text="Ґудзь", near=(49.84, 24.03), max_radius_km=1000, only_available=False),
]


def directory(seed: int, size: int) -> tuple[list[DoctorDocument], list[DeclarationsLimit]]:
    rng = random.Random(seed)
    documents = []
    for i in range(size):
        settlement, area, (lat, lon) = rng.choice(PLACES)
        documents.append(
            doctor(
                f"e-{i:04}",
                rng.choice(SURNAMES),
                rng.choice(FIRST_NAMES),
                rng.choice(PATRONYMICS),
                party_id=f"party-{i // 2}",
                place=(lat + rng.uniform(-0.05, 0.05), lon + rng.uniform(-0.05, 0.05)),
                settlement=settlement,
                area=area,
                speciality=rng.choice(list(Speciality)),
                legal_entity_id=f"clinic-{rng.randrange(4)}",
                status=rng.choice(["APPROVED"] * 9 + ["NEW"]),
            )
        )
    limits = [DeclarationsLimit(f"party-{p}", 1800, rng.randrange(1700, 1900)) for p in range(size // 2)]
    return documents, limits


def answer(page: SearchPage) -> tuple[object, ...]:
    hits = tuple(
        (hit.document.employee_id, round(hit.score, 9), None if hit.distance_km is None else round(hit.distance_km, 6))
        for hit in page.hits
    )
    return hits, page.total, page.next_offset, page.radius_km


async def _loaded(index: DoctorIndex) -> DoctorIndex:
    documents, limits = directory(seed=7, size=400)
    await index.upsert_many(documents)
    await index.apply_limits(limits)
    return index


@pytest.fixture
async def both(tmp_path: Path, postgres_url: str) -> AsyncIterator[tuple[DoctorIndex, DoctorIndex]]:
    async with sqlite_engine(tmp_path) as sqlite, postgres_engine(postgres_url) as postgres:
        for engine in (sqlite, postgres):
            await ensure_directory_schema(engine)
        yield await _loaded(make_index(sqlite)), await _loaded(make_index(postgres))


async def test_both_databases_give_the_same_answers(both: tuple[DoctorIndex, DoctorIndex]) -> None:
    sqlite, postgres = both
    for query in QUERIES:
        expected = answer(await sqlite.search(query))
        assert answer(await postgres.search(query)) == expected, query
        assert expected[0] or query.offset, f"{query} should find someone in the generated directory"
    for prefix in ("к", "Біла", "львів", "kam"):
        assert await sqlite.settlements(prefix) == await postgres.settlements(prefix)
