"""Declarations: the current one first, past ones paged, one by id, termination, and isolation."""

from __future__ import annotations

import httpx

from tests.backend.app.conftest import Cabinet, person


async def test_the_current_declaration_comes_first(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(4001, person("adult_with_declaration"))
    listed = (await api.get("/v1/users/4001/declarations")).json()
    assert len(listed["current"]) == 1
    current = listed["current"][0]
    assert current["status"] == "active" and current["current"] is True
    assert current["doctor"]["speciality"] == "FAMILY_DOCTOR"
    assert current["doctor"]["full_name"]
    assert listed["page"] == 1 and listed["total_entries"] >= 1
    assert current["id"] in [item["id"] for item in listed["items"]]

    one = (await api.get(f"/v1/users/4001/declarations/{current['id']}")).json()
    # The registry's list carries fewer details than the declaration itself (no signing time).
    for key in ("id", "number", "status", "doctor", "legal_entity", "start_date"):
        assert one[key] == current[key], key


async def test_past_declarations_are_listed_by_status(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(4002, person("adult_with_accesses"))
    listed = (await api.get("/v1/users/4002/declarations", params={"status": "terminated"})).json()
    assert listed["current"] == []
    assert listed["items"] and all(item["status"] == "terminated" for item in listed["items"])
    assert all(item["current"] is False for item in listed["items"])


async def test_paging_parameters_are_bounded(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(4003, person("adult_with_declaration"))
    for params in ({"page": 0}, {"page_size": 1000}, {"status": "bogus"}):
        response = await api.get("/v1/users/4003/declarations", params=params)
        assert response.status_code == 422, params


async def test_another_persons_declaration_is_not_found(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(4004, person("adult_with_declaration"))
    await cabinet.sign_in(4005, person("adult_without_declaration"))
    owners = (await api.get("/v1/users/4004/declarations")).json()["current"][0]["id"]
    for response in (
        await api.get(f"/v1/users/4005/declarations/{owners}"),
        await api.post(f"/v1/users/4005/declarations/{owners}/terminate", json={"reason": "не мій"}),
    ):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    # Still active for its owner.
    assert (await api.get(f"/v1/users/4004/declarations/{owners}")).json()["status"] == "active"


async def test_unknown_or_malformed_declaration_ids(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(4006, person("adult_with_declaration"))
    assert (await api.get("/v1/users/4006/declarations/00000000-0000-0000-0000-000000000000")).status_code == 404
    assert (await api.get("/v1/users/4006/declarations/..%2Fperson")).status_code in (404, 422)
    assert (await api.get("/v1/users/4006/declarations/" + "x" * 65)).status_code == 422


async def test_terminate_ends_the_declaration(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(4007, person("adult_with_declaration"))
    declaration_id = (await api.get("/v1/users/4007/declarations")).json()["current"][0]["id"]
    blank = await api.post(f"/v1/users/4007/declarations/{declaration_id}/terminate", json={"reason": "   "})
    assert blank.status_code == 422
    ended = await api.post(f"/v1/users/4007/declarations/{declaration_id}/terminate", json={"reason": "Переїзд"})
    assert ended.status_code == 200, ended.text
    assert ended.json()["status"] == "terminated"
    assert (await api.get("/v1/users/4007/declarations")).json()["current"] == []
    twice = await api.post(f"/v1/users/4007/declarations/{declaration_id}/terminate", json={"reason": "Переїзд"})
    assert twice.status_code == 409
    assert twice.json()["error"]["code"] == "conflict"


async def test_a_read_only_teen_cannot_terminate(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(4008, person("teen_16_read_only"))
    response = await api.post("/v1/users/4008/declarations/any-id/terminate", json={"reason": "x"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "read_only"
