"""A paged listing is walked with the next pages asked for ahead of the one being read, and no further."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from backend.registry.ehealth import (
    DOCTOR_LIST_READ_AHEAD_PAGES,
    EXPORT_READ_AHEAD_PAGES,
    READ_AHEAD_PAGES,
    EHealthRegistry,
)

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


def asked_pages(fake: FakeEHealth, path: str = LIMITS) -> list[int]:
    return [int(request.url.params.get("page", "1")) for request in fake.calls("GET", path)]


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


EXPORT = "/api/pis/bulk/employees"
DOCTOR_LIST = "/api/stats/employees"


def export_item(number: int) -> dict[str, Any]:
    return {
        "id": PARTY.format(number),
        "party_id": PARTY.format(number),
        "legal_entity_id": PARTY.format(99),
        "status": "APPROVED",
        "employee_type": "DOCTOR",
    }


def doctor_list_item(number: int) -> dict[str, Any]:
    return {
        "id": PARTY.format(number),
        "party": {"id": PARTY.format(number), "first_name": "Олена", "last_name": "Коваленко"},
        "division": {"id": PARTY.format(98), "name": "Амбулаторія №1"},
        "legal_entity": {"id": PARTY.format(99), "name": "КНП «Центр ПМСД»", "status": "ACTIVE"},
    }


@pytest.mark.parametrize(
    ("path", "walk", "item", "ahead"),
    [
        (EXPORT, lambda registry: registry.bulk_employees(), export_item, EXPORT_READ_AHEAD_PAGES),
        (DOCTOR_LIST, lambda registry: registry.portal_doctors(), doctor_list_item, DOCTOR_LIST_READ_AHEAD_PAGES),
    ],
    ids=["export", "doctor list"],
)
async def test_the_directory_walks_ask_their_own_number_of_pages_ahead(
    registry: EHealthRegistry,
    fake: FakeEHealth,
    path: str,
    walk: Callable[[EHealthRegistry], AsyncIterator[Any]],
    item: Callable[[int], dict[str, Any]],
    ahead: int,
) -> None:
    pages = ahead + 3
    for number in range(1, pages + 1):
        paging = {"page_number": number, "page_size": 1, "total_pages": pages, "total_entries": pages}
        fake.reply("GET", path, json_body={"meta": {"code": 200}, "data": [item(number)], "paging": paging})
    walked = walk(registry)

    first = await anext(walked)
    await settled()
    assert asked_pages(fake, path) == list(range(1, 2 + ahead))  # no further while page 1 is read
    rest = [found async for found in walked]

    assert [found.employee_id for found in [first, *rest]] == [PARTY.format(n) for n in range(1, pages + 1)]
    assert asked_pages(fake, path) == list(range(1, pages + 1))
