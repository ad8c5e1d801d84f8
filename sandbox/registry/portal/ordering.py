"""The portal's name order of doctors, kept between the pages of one walk through the whole list.

A client that copies the portal's doctor list asks for it page after page. Ordering every doctor by name
for each page costs the same sort every time, so walking 100,000 doctors would cost (pages × sort): the
order is computed once and kept for a short while, as a search engine keeps a scroll. It is keyed by the
query's filters and by a fingerprint of the listed records (the database's change counters of their tables,
`core.changes`), so a change to a doctor is seen on the next page; the ids are kept as 16-byte UUIDs (1.6 MB
for 100,000 doctors).
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.core.envelope import PageRequest

KEEP_SECONDS = 60.0
# The doctor list (whole or filtered, e.g. an incremental sync), a division walk or two and the limits export
# may be walked at once; each kept order is at most 1.6 MB.
KEPT_ORDERS = 8


@dataclass(frozen=True, slots=True)
class _Order:
    fingerprint: tuple[Any, ...]
    packed: bytes  # the ids in order, 16 bytes each
    kept_at: float

    def page(self, paging: PageRequest) -> list[str]:
        start, end = paging.offset * 16, (paging.offset + paging.page_size) * 16
        chunk = self.packed[start:end]
        return [str(uuid.UUID(bytes=chunk[i : i + 16])) for i in range(0, len(chunk), 16)]

    @property
    def total(self) -> int:
        return len(self.packed) // 16


class NameOrders:
    def __init__(self, keep_seconds: float = KEEP_SECONDS, kept: int = KEPT_ORDERS) -> None:
        self._keep_seconds = keep_seconds
        self._kept = kept
        self._orders: OrderedDict[Hashable, _Order] = OrderedDict()

    async def page(
        self,
        session: AsyncSession,
        key: Hashable,
        ordered_ids: Select[tuple[str]],
        paging: PageRequest,
        fingerprint_of: Select[Any],
    ) -> tuple[list[str], int] | None:
        """One page of the ordered ids and the total, or None when the ids are not all canonical UUIDs (then
        the caller pages in SQL). `fingerprint_of` must change whenever the order does (e.g. how many rows
        match, and their latest change)."""
        fingerprint = tuple((await session.execute(fingerprint_of)).one())
        now = time.monotonic()
        order = self._orders.get(key)
        if order is None or order.fingerprint != fingerprint or now - order.kept_at > self._keep_seconds:
            packed = bytearray()
            for found in (await session.scalars(ordered_ids)).all():
                try:
                    parsed = uuid.UUID(found)
                except ValueError:
                    return None
                if str(parsed) != found:
                    return None  # not in canonical form: it would not come back the same
                packed += parsed.bytes
            order = _Order(fingerprint, bytes(packed), now)
            self._orders[key] = order
            while len(self._orders) > self._kept:
                self._orders.popitem(last=False)
        self._orders.move_to_end(key)
        return order.page(paging), order.total
