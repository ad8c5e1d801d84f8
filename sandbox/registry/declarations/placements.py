"""A doctor's placement: one employee record with its party, division and legal entity, loaded together.

Declarations, declaration requests, the portal and the bulk exports all show a doctor where they
work; loading the four rows in one query keeps every list to one round trip per page.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer
from sqlalchemy.sql.base import ExecutableOption

from sandbox.registry.core.models import Division, Employee, LegalEntity, Party


@dataclass(frozen=True, slots=True)
class Placement:
    employee: Employee
    party: Party
    division: Division
    legal_entity: LegalEntity


def placement_query() -> Select[tuple[Employee, Party, Division, LegalEntity]]:
    """Employees joined with their party, division and legal entity; callers add filters and order."""
    return (
        select(Employee, Party, Division, LegalEntity)
        .join(Party, Party.id == Employee.party_id)
        .join(Division, Division.id == Employee.division_id)
        .join(LegalEntity, LegalEntity.id == Employee.legal_entity_id)
    )


def without(*columns: object) -> tuple[ExecutableOption, ...]:
    """Leave these columns unloaded (reading one raises): a long list decodes only the JSON it shows."""
    return tuple(defer(column, raiseload=True) for column in columns)  # type: ignore[arg-type]


async def load_placements(
    session: AsyncSession, employee_ids: Collection[str], *, options: tuple[ExecutableOption, ...] = ()
) -> dict[str, Placement]:
    if not employee_ids:
        return {}
    rows = await session.execute(placement_query().where(Employee.id.in_(set(employee_ids))).options(*options))
    return {employee.id: Placement(employee, party, division, entity) for employee, party, division, entity in rows}


async def load_placement(session: AsyncSession, employee_id: str) -> Placement | None:
    return (await load_placements(session, [employee_id])).get(employee_id)


def canonical_id(value: str) -> str | None:
    """The registry's form of a row id (a lower-case UUID), or None when `value` cannot be one.

    Path ids that are not UUIDs then answer 404 like unknown ones, never a database error.
    """
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None
