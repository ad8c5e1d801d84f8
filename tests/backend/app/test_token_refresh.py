"""The patient's registry session is renewed transparently; a refused renewal asks for a new sign-in."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from backend.models import PersonLink
from backend.services.container import Services
from tests.backend.app.conftest import Cabinet, person


async def _link(services: Services, tg: int) -> PersonLink:
    async with services.sessionmaker() as session:
        link = await session.get(PersonLink, tg)
    assert link is not None
    return link


async def _advance_both_clocks(services: Services, registry_app: FastAPI, seconds: float) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=registry_app), base_url="http://r") as registry:
        moved = await registry.post("/sandbox/clock/advance", json={"seconds": seconds})
        assert moved.status_code == 200, moved.text
    services.clock.advance(seconds)


async def test_an_expiring_access_token_is_refreshed_before_use(
    cabinet: Cabinet, api: httpx.AsyncClient, services: Services, registry_app: FastAPI
) -> None:
    await cabinet.sign_in(10001, person("adult_with_declaration"))
    before = await _link(services, 10001)
    await _advance_both_clocks(
        services, registry_app, (before.access_expires_at - services.clock.now()).total_seconds() - 60
    )
    assert (await api.get("/v1/users/10001/me")).status_code == 200
    after = await _link(services, 10001)
    assert services.cipher.decrypt(after.access_token_encrypted) != services.cipher.decrypt(
        before.access_token_encrypted
    )
    assert after.access_expires_at > before.access_expires_at
    # The renewed session keeps working without another refresh.
    assert (await api.get("/v1/users/10001/declarations")).status_code == 200
    assert (await _link(services, 10001)).access_token_encrypted == after.access_token_encrypted


async def test_a_fresh_token_is_not_refreshed(cabinet: Cabinet, api: httpx.AsyncClient, services: Services) -> None:
    await cabinet.sign_in(10002, person("adult_with_declaration"))
    before = await _link(services, 10002)
    assert (await api.get("/v1/users/10002/me")).status_code == 200
    assert (await _link(services, 10002)).access_token_encrypted == before.access_token_encrypted


async def test_a_refused_refresh_asks_to_sign_in_again(
    cabinet: Cabinet, api: httpx.AsyncClient, services: Services, registry_app: FastAPI
) -> None:
    await cabinet.sign_in(10003, person("adult_with_declaration"))
    # Both clocks move past the refresh token's life: the registry refuses to renew.
    await _advance_both_clocks(services, registry_app, 40 * 86400)

    response = await api.get("/v1/users/10003/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "auth_required"
    state = (await api.get("/v1/users/10003")).json()
    assert state["linked"] is False
    assert (await api.get("/v1/users/10003/me")).json()["error"]["code"] == "not_linked"
