"""A paged listing is walked with the next pages asked for ahead of the one being read, and no further."""

from __future__ import annotations

import asyncio
from typing import Any

from backend.registry.ehealth import READ_AHEAD_PAGES, EHealthRegistry

from .fake_ehealth import FakeEHealth

LIMITS = "/api/pis/bulk/declarations_limit"
PARTY = "cdcf456b-e235-4850-9f00-27cc3453d3{:02d}"


def limits_page(number: int, total_pages: int, *, parties: int = 1) -> dict[str, Any]:
    data = [
        {"party_id": PARTY.format(number * 10 + i), "declarations_limit": 1000, "declarations_count": number}
        for i in range(parties)
    ]
    paging = {"page_number": number, "page_size": 1, "total_pages": total_pages, "total_entries": total_pages}
    return {"meta": {"code": 200, "type": "list"}, "data": data, "paging": paging}


def asked_pages(fake: FakeEHealth) -> list[int]:
    return [int(request.url.params.get("page", "1")) for request in fake.calls("GET", LIMITS)]


async def settled() -> None:
    for _ in range(20):  # let the pages asked for ahead reach the registry
        await asyncio.sleep(0)


async def test_a_walk_asks_for_the_next_pages_ahead_and_reads_them_in_order(
    registry: EHealthRegistry, fake: FakeEHealth
) -> None:
    pages = READ_AHEAD_PAGES + 4
    for number in range(1, pages + 1):
        fake.reply("GET", LIMITS, json_body=limits_page(number, pages))
    walk = registry.declarations_limits()

    first = await anext(walk)
    await settled()
    assert READ_AHEAD_PAGES >= 2
    assert asked_pages(fake) == list(range(1, 2 + READ_AHEAD_PAGES))  # no further while page 1 is read
    rest = [limit async for limit in walk]

    assert [limit.count for limit in [first, *rest]] == list(range(1, pages + 1))
    assert asked_pages(fake) == list(range(1, pages + 1))


async def test_a_walk_left_half_way_asks_for_nothing_more(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    for number in range(1, 11):
        fake.reply("GET", LIMITS, json_body=limits_page(number, 10))
    walk = registry.declarations_limits()

    await anext(walk)
    await walk.aclose()
    await settled()

    assert len(asked_pages(fake)) <= 1 + READ_AHEAD_PAGES


async def test_an_empty_page_ends_the_walk_whatever_the_paging_said(
    registry: EHealthRegistry, fake: FakeEHealth
) -> None:
    fake.reply("GET", LIMITS, json_body=limits_page(1, 6, parties=2))
    fake.reply("GET", LIMITS, json_body=limits_page(2, 6, parties=0))
    fake.reply("GET", LIMITS, json_body=limits_page(3, 6))

    limits = [limit async for limit in registry.declarations_limits()]

    assert [limit.count for limit in limits] == [1, 1]
    assert max(asked_pages(fake)) <= 1 + READ_AHEAD_PAGES
