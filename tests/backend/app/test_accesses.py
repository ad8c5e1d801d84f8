"""Accesses granted to other e-cabinets: list, revoke, isolation."""

from __future__ import annotations

import httpx

from tests.backend.app.conftest import Cabinet, person


async def test_list_and_revoke_an_access(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(7001, person("adult_with_accesses"))
    accesses = (await api.get("/v1/users/7001/accesses")).json()
    names = {access["client_name"] for access in accesses}
    assert {"Helsi", "Health24"} <= names
    helsi = next(access for access in accesses if access["client_name"] == "Helsi")
    assert helsi["scopes"]

    assert (await api.delete(f"/v1/users/7001/accesses/{helsi['id']}")).status_code == 204
    left = (await api.get("/v1/users/7001/accesses")).json()
    assert helsi["id"] not in [access["id"] for access in left]
    assert (await api.delete(f"/v1/users/7001/accesses/{helsi['id']}")).status_code == 404


async def test_another_persons_access_is_not_found(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(7002, person("adult_with_accesses"))
    await cabinet.sign_in(7003, person("adult_without_declaration"))
    owners = (await api.get("/v1/users/7002/accesses")).json()
    response = await api.delete(f"/v1/users/7003/accesses/{owners[0]['id']}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert len((await api.get("/v1/users/7002/accesses")).json()) == len(owners)


async def test_a_read_only_teen_cannot_revoke(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.sign_in(7004, person("teen_16_read_only"))
    assert (await api.get("/v1/users/7004/accesses")).status_code == 200
    response = await api.delete("/v1/users/7004/accesses/some-id")
    assert response.status_code == 403
