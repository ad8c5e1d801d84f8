"""`cabinet seed`: recreate the registry sandbox's database with realistic, deterministic data.

The same (seed, doctors, today) always gives the same regions, settlements, clinics, doctors and
declarations; the test persons (TEST_PERSONS) are the same for every seed. The data generation
lives in `sandbox.registry.seeding`; this module orders it and writes it in bulk.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.clock import ukrainian_today
from sandbox.registry.core.db import create_schema, make_engine
from sandbox.registry.core.models import (
    Approval,
    Base,
    Client,
    Declaration,
    Division,
    Employee,
    InnmDosage,
    LegalEntity,
    MedicalProgram,
    MedicalRecord,
    Medication,
    MedicationDispense,
    MedicationDispenseDetail,
    MedicationRequest,
    Party,
    Person,
    Pharmacy,
    PharmacyDivision,
    Region,
    SandboxClock,
    SandboxKey,
    Settlement,
)
from sandbox.registry.seeding.clients import OTHER_CABINET_CLIENTS, CabinetClient, client_rows
from sandbox.registry.seeding.clinics import build_clinics
from sandbox.registry.seeding.context import SeedContext
from sandbox.registry.seeding.doctors import DoctorFactory
from sandbox.registry.seeding.geography import OBLASTS, region_id, settlements
from sandbox.registry.seeding.medicines import (
    innm_dosage_rows,
    medication_rows,
    pharmacy_division_rows,
    pharmacy_rows,
    program_rows,
)
from sandbox.registry.seeding.test_persons import HOME_SETTLEMENTS, TEST_PERSONS, TestPerson, TestPersonSeeder
from sandbox.registry.summary.directory import clinicians

__all__ = [
    "OTHER_CABINET_CLIENTS",
    "TEST_PERSONS",
    "CabinetClient",
    "SeedSummary",
    "TestPerson",
    "run_seed_command",
    "seed_database",
]

MIN_DOCTORS = 20  # enough for every speciality and for the test persons' doctors
# Rows per INSERT … executemany: large enough to be fast, small enough to keep memory flat.
BATCH_SIZE = 5000

T = TypeVar("T")


@dataclass(frozen=True)
class SeedSummary:
    """What was written (counts only: the summary is logged, so it holds no personal data)."""

    seed: int
    regions: int
    settlements: int
    legal_entities: int
    divisions: int
    doctors: int
    employees: int
    persons: int
    declarations: int
    medication_requests: int
    medication_dispenses: int
    medical_records: int
    approvals: int
    clients: int
    elapsed_seconds: float
    # Set when seeded by `sandbox.registry.seeding.process`: the seeding process's own peak (ru_maxrss).
    peak_rss_mb: float | None = None


async def _insert(conn: AsyncConnection, model: type[Base], rows: Sequence[dict[str, Any]]) -> int:
    for start in range(0, len(rows), BATCH_SIZE):
        await conn.execute(insert(model), list(rows[start : start + BATCH_SIZE]))
    return len(rows)


async def _off_loop(function: Callable[..., T], *args: Any) -> T:
    # Data generation is CPU-bound (and the GeoNames file is read from disk): keep it off the event loop.
    return await asyncio.to_thread(function, *args)


async def seed_database(
    engine: AsyncEngine,
    *,
    seed: int = 2026,
    doctors: int = 600,
    settings: RegistrySettings | None = None,
    today: date | None = None,
) -> SeedSummary:
    """Drop and recreate the sandbox's tables and fill them. Deterministic for (seed, doctors, today)."""
    if doctors < MIN_DOCTORS:
        raise ValueError(f"seed at least {MIN_DOCTORS} doctors")
    started = time.perf_counter()
    settings = settings or RegistrySettings()
    ctx = SeedContext.create(seed, today or ukrainian_today())
    places = list(await _off_loop(settlements))
    clinics = await _off_loop(build_clinics, ctx, doctors, places, HOME_SETTLEMENTS)
    factory = DoctorFactory(ctx, clinics)
    test_persons = TestPersonSeeder(ctx, places)

    await create_schema(engine, drop=True)
    async with engine.begin() as conn:
        await _insert(conn, SandboxClock, [{"id": 1, "offset_seconds": 0.0}])
        clients = await _insert(conn, Client, client_rows(settings))
        regions = await _insert(
            conn,
            Region,
            [{"id": region_id(o), "name": o.name, "koatuu": o.koatuu} for o in OBLASTS],
        )
        region_ids = {o.admin1: region_id(o) for o in OBLASTS}
        settlement_count = await _insert(
            conn,
            Settlement,
            [
                {
                    "id": s.id,
                    "region_id": region_ids[s.region_admin1],
                    "district": None,
                    "name": s.name,
                    "type": s.type,
                    "koatuu": s.koatuu,
                    "latitude": s.latitude,
                    "longitude": s.longitude,
                }
                for s in places
            ],
        )
        legal_entities = await _insert(conn, LegalEntity, clinics.legal_entities)
        divisions = await _insert(conn, Division, clinics.divisions)
        parties = employees = 0
        batches = factory.batches(doctors, BATCH_SIZE)
        upcoming = asyncio.ensure_future(_off_loop(next, batches, None))
        try:
            while batch := await upcoming:
                # The next batch is generated while this one is written (SQLite works without the GIL).
                upcoming = asyncio.ensure_future(_off_loop(next, batches, None))
                party_rows, employee_rows = batch
                parties += await _insert(conn, Party, party_rows)
                employees += await _insert(conn, Employee, employee_rows)
        finally:
            # If a write failed, let the generating thread finish before the transaction unwinds.
            await asyncio.wait([upcoming])
        person_rows = test_persons.persons()
        persons = await _insert(conn, Person, person_rows)
        await _insert(conn, SandboxKey, await _off_loop(test_persons.keys))
        declaration_rows = test_persons.declarations(factory.candidates)
        declarations = await _insert(conn, Declaration, declaration_rows)
        prescriptions = test_persons.prescriptions(declaration_rows, factory.candidates)
        await _insert(conn, MedicalProgram, program_rows())
        await _insert(conn, InnmDosage, innm_dosage_rows())
        await _insert(conn, Medication, medication_rows())
        await _insert(conn, Pharmacy, pharmacy_rows())
        await _insert(conn, PharmacyDivision, pharmacy_division_rows())
        medication_requests = await _insert(conn, MedicationRequest, prescriptions.requests)
        medication_dispenses = await _insert(conn, MedicationDispense, prescriptions.dispenses)
        await _insert(conn, MedicationDispenseDetail, prescriptions.details)
        approvals = await _insert(conn, Approval, test_persons.approvals())
        record_doctors = test_persons.record_doctors(declaration_rows, prescriptions, factory.candidates)
        named = await clinicians(conn, record_doctors.values())
        medical_records = await _insert(
            conn,
            MedicalRecord,
            test_persons.medical_records(
                person_rows, {person: named[employee] for person, employee in record_doctors.items()}
            ),
        )
    return SeedSummary(
        seed=seed,
        regions=regions,
        settlements=settlement_count,
        legal_entities=legal_entities,
        divisions=divisions,
        doctors=parties,
        employees=employees,
        persons=persons,
        declarations=declarations,
        medication_requests=medication_requests,
        medication_dispenses=medication_dispenses,
        medical_records=medical_records,
        approvals=approvals,
        clients=clients,
        elapsed_seconds=round(time.perf_counter() - started, 2),
    )


async def run_seed_command(*, seed: int, doctors: int, database_url: str | None) -> int:
    """`cabinet seed`: seed the database of REGISTRY_DATABASE_URL (or `database_url`) and say what was done."""
    if doctors < MIN_DOCTORS:
        print(f"--doctors must be at least {MIN_DOCTORS}", file=sys.stderr)
        return 2
    settings = RegistrySettings()
    url = database_url or settings.database_url
    engine = make_engine(url)
    try:
        summary = await seed_database(engine, seed=seed, doctors=doctors, settings=settings)
    finally:
        await engine.dispose()
    print(f"Seeded the registry sandbox (seed {summary.seed}) in {summary.elapsed_seconds:.1f} s:")
    print(
        f"  {summary.regions} regions, {summary.settlements} settlements, {summary.legal_entities} legal entities, "
        f"{summary.divisions} divisions,"
    )
    print(
        f"  {summary.doctors} doctors with {summary.employees} employee records, {summary.persons} test persons, "
        f"{summary.declarations} declarations, {summary.medication_requests} e-prescriptions "
        f"({summary.medication_dispenses} dispenses), {summary.medical_records} medical records, "
        f"{summary.approvals} accesses, {summary.clients} clients."
    )
    print("Test persons (sandbox key password; see docs/test-persons.md):")
    width = max(len(f"{p.first_name} {p.last_name}") for p in TEST_PERSONS)
    for person in TEST_PERSONS:
        print(f"  {person.first_name + ' ' + person.last_name:<{width}}  {person.password:<16} {person.description}")
    return 0
