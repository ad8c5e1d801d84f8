"""Text filters of the portal search: names compared case- and apostrophe-insensitively.

SQL compares Cyrillic case-sensitively and knows nothing of Ukrainian's several apostrophes, so
names are compared in Python over `rules.text.fold`. Places are few (hundreds of
settlements), so a place filter becomes a list of settlement ids for SQL; only doctors' and
divisions' names are matched row by row. A search without name filters stays entirely in SQL
(count plus one page).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.core.envelope import PageRequest
from sandbox.registry.core.models import Region, Settlement
from sandbox.registry.rules.text import fold

# Names repeat across a search's rows and across searches: fold each distinct one once.
_fold_cached = lru_cache(maxsize=262_144)(fold)


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
            wanted is None or (actual is not None and _fold_cached(actual) == wanted)
            for wanted, actual in ((self.area, area), (self.region, region), (self.settlement, settlement))
        )


def words_in(query: str | None) -> tuple[str, ...]:
    """The folded words of a name query; each must appear in the name for a match."""
    return tuple(fold(query).split()) if query else ()


def contains_words(words: Sequence[str], *names: str | None) -> bool:
    """Whether every word appears in the names (first, last and patronymic names repeat a lot,
    so each is folded once per process)."""
    if not words:
        return True
    text = " ".join(_fold_cached(name) for name in names if name)
    return all(word in text for word in words)


async def settlements_in(session: AsyncSession, place: PlaceFilter) -> list[str]:
    """Ids of the settlements a place filter names (the directory is small: read it whole)."""
    rows = await session.execute(
        select(Settlement.id, Settlement.name, Settlement.district, Region.name).join(
            Region, Region.id == Settlement.region_id
        )
    )
    return [found_id for found_id, name, district, area in rows if place.matches(area, district, name)]


async def page_of_ids(
    session: AsyncSession,
    ordered_ids: Select[tuple[str]],
    paging: PageRequest,
    count: Select[tuple[int]] | None = None,
) -> tuple[list[str], int]:
    """One page of an SQL-filtered, ordered query of ids, and the total count.

    `count` may give a cheaper query for the total (without the joins only the order needs).
    """
    count = count if count is not None else select(func.count()).select_from(ordered_ids.order_by(None).subquery())
    total = await session.scalar(count) or 0
    ids = (await session.scalars(ordered_ids.offset(paging.offset).limit(paging.page_size))).all()
    return list(ids), total


def page_of_matches(matched: Sequence[str], paging: PageRequest) -> tuple[list[str], int]:
    """One page of ids already filtered in Python, and the total count."""
    return list(matched[paging.offset : paging.offset + paging.page_size]), len(matched)
