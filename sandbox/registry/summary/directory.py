"""The doctors a medical record names, read from the sandbox's directory (employee, party, division, clinic)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from sandbox.registry.core.models import Division, Employee, LegalEntity, Party
from sandbox.registry.summary.shapes import Clinician


async def clinicians(db: AsyncConnection | AsyncSession, employee_ids: Iterable[str]) -> dict[str, Clinician]:
    """`Clinician` of each employee id found (a name is «Прізвище Ім’я По батькові»)."""
    ids = sorted(set(employee_ids))
    rows = await db.execute(
        select(
            Employee.id,
            Employee.speciality_officio,
            Party.last_name,
            Party.first_name,
            Party.second_name,
            Division.id,
            Division.name,
            LegalEntity.id,
            LegalEntity.name,
        )
        .join(Party, Party.id == Employee.party_id)
        .join(Division, Division.id == Employee.division_id)
        .join(LegalEntity, LegalEntity.id == Employee.legal_entity_id)
        .where(Employee.id.in_(ids))
    )
    found: dict[str, Clinician] = {}
    for employee_id, speciality, last, first, second, division_id, division, entity_id, entity in rows.all():
        name = " ".join(part for part in (last, first, second) if part)
        found[employee_id] = Clinician(employee_id, name, speciality, division_id, division, entity_id, entity)
    return found
