"""One person's declarations or declaration requests, filtered by dates and paged the same way."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.core.envelope import PageRequest
from sandbox.registry.core.models import Declaration, DeclarationRequest

Listed = TypeVar("Listed", Declaration, DeclarationRequest)


def date_filters(
    model: type[Declaration] | type[DeclarationRequest],
    *,
    start_date_from: date | None,
    start_date_to: date | None,
    end_date_from: date | None,
    end_date_to: date | None,
) -> list[ColumnElement[bool]]:
    bounds: list[tuple[Any, date | None, bool]] = [
        (model.start_date, start_date_from, True),
        (model.start_date, start_date_to, False),
        (model.end_date, end_date_from, True),
        (model.end_date, end_date_to, False),
    ]
    return [column >= value if lower else column <= value for column, value, lower in bounds if value]


async def page_of(
    session: AsyncSession, model: type[Listed], conditions: Sequence[ColumnElement[bool]], paging: PageRequest
) -> tuple[int, Sequence[Listed]]:
    """The total and one page, oldest first (ties broken by id so pages never overlap)."""
    total = await session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
    rows = (
        await session.scalars(
            select(model)
            .where(*conditions)
            .order_by(model.created_at, model.id)
            .offset(paging.offset)
            .limit(paging.page_size)
        )
    ).all()
    return total, rows
