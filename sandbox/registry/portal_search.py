"""Text filters of the portal search: names compared case- and apostrophe-insensitively.

SQL compares Cyrillic case-sensitively and knows nothing of Ukrainian's several apostrophes, so
filters on names run in Python over `backend.domain.text.fold`; everything else is SQL. A search
without name filters stays entirely in SQL (count plus one page), so listing 100,000 doctors is as
cheap as listing ten.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.text import fold
from sandbox.registry.envelope import PageRequest
from sandbox.registry.models import Division, Region, Settlement


def _folded(value: str | None) -> str | None:
    folded = fold(value) if value else ""
    return folded or None


@dataclass(frozen=True, slots=True)
class PlaceFilter:
    """Where: the region (`area`), district (`region`) and settlement, each a whole name."""

    area: str | None = None
    region: str | None = None
    settlement: str | None = None

    @classmethod
    def of(cls, area: str | None, region: str | None, settlement: str | None) -> PlaceFilter:
        return cls(_folded(area), _folded(region), _folded(settlement))

    @property
    def active(self) -> bool:
        return any((self.area, self.region, self.settlement))

    def matches(self, area: str | None, region: str | None, settlement: str | None) -> bool:
        return all(
            wanted is None or (actual is not None and fold(actual) == wanted)
            for wanted, actual in ((self.area, area), (self.region, region), (self.settlement, settlement))
        )


def words_in(query: str | None) -> tuple[str, ...]:
    """The folded words of a name query; each must appear in the name for a match."""
    return tuple(fold(query).split()) if query else ()


def contains_words(words: Sequence[str], *names: str | None) -> bool:
    text = fold(" ".join(name for name in names if name))
    return all(word in text for word in words)


async def page_of_ids(
    session: AsyncSession, ordered_ids: Select[tuple[str]], paging: PageRequest
) -> tuple[list[str], int]:
    """One page of an SQL-filtered, ordered query of ids, and the total count."""
    total = await session.scalar(select(func.count()).select_from(ordered_ids.order_by(None).subquery())) or 0
    ids = (await session.scalars(ordered_ids.offset(paging.offset).limit(paging.page_size))).all()
    return list(ids), total


def page_of_matches(matched: Sequence[str], paging: PageRequest) -> tuple[list[str], int]:
    """One page of ids already filtered in Python, and the total count."""
    return list(matched[paging.offset : paging.offset + paging.page_size]), len(matched)


def join_place(query: Select[Any]) -> Select[Any]:
    """Join a query that has `Division` in it to the division's settlement and region."""
    return query.join(Settlement, Settlement.id == Division.settlement_id).join(
        Region, Region.id == Settlement.region_id
    )
