"""The person's accesses over HTTP: `GET /api/pis/apps` and `DELETE /api/pis/apps/{id}`."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select

from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.models import Client
from sandbox.registry.core.scopes import APP_READ, SIGN_IN
from tests.registry.conftest import SignedIn, sign_in
from tests.registry.conftest import test_person as person_of

OWNER = "adult_with_accesses"
APPROVAL_FIELDS = {"id", "user_id", "client_id", "client_name", "scope", "created_at", "updated_at"}


async def _apps(registry: httpx.AsyncClient, signed_in: SignedIn, **params: object) -> httpx.Response:
    return await registry.get("/api/pis/apps", headers=signed_in.headers, params=params)


async def _other_client(registry: httpx.AsyncClient, settings: RegistrySettings) -> Client:
    async with registry.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        client = await session.scalar(
            select(Client).where(Client.id != settings.pis_client_id).order_by(Client.id).limit(1)
        )
    assert client is not None and client.redirect_uris, "the seed registers other cabinets with redirect URIs"
    return client


async def _sign_in_elsewhere(registry: httpx.AsyncClient, client: Client, slug: str) -> dict[str, str]:
    """Sign the person in to another cabinet; that cabinet's API headers."""
    person = person_of(slug)
    redirect_uri = client.redirect_uris[0]
    scope = SIGN_IN
    form = {
        "client_id": client.id,
        "redirect_uri": redirect_uri,
        "scope": scope,
        "state": "s",
        "key_id": person.key_id,
        "password": person.password,
    }
    response = await registry.post("/sign-in", data=form)
    assert response.status_code == 302, response.text
    code = parse_qs(urlsplit(response.headers["location"]).query)["code"][0]
    token = {
        "client_id": client.id,
        "client_secret": client.secret,
        "code": code,
        "grant_type": "authorization_code",
        "redirect_uri": redirect_uri,
        "scope": scope,
    }
    exchanged = await registry.post("/oauth/tokens", json={"token": token})
    assert exchanged.status_code == 201, exchanged.text
    return {"Authorization": f"Bearer {exchanged.json()['data']['value']}", "api-key": client.secret}


async def test_list_shows_the_persons_approvals_oldest_first(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    signed_in = await sign_in(registry, person_of(OWNER), settings=registry_settings)

    response = await _apps(registry, signed_in)

    assert response.status_code == 200
    body = response.json()
    approvals = body["data"]
    assert body["meta"]["type"] == "list"
    assert len(approvals) >= 2, "the seed gives this person accesses besides our cabinet"
    assert all(set(item) == APPROVAL_FIELDS for item in approvals)
    assert {item["user_id"] for item in approvals} == {signed_in.person_id}
    assert registry_settings.pis_client_id in {item["client_id"] for item in approvals}
    assert [item["created_at"] for item in approvals] == sorted(item["created_at"] for item in approvals)
    assert body["paging"] == {"page_number": 1, "page_size": 50, "total_entries": len(approvals), "total_pages": 1}


async def test_list_is_paged(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    signed_in = await sign_in(registry, person_of(OWNER), settings=registry_settings)
    everything = (await _apps(registry, signed_in)).json()["data"]

    pages = [(await _apps(registry, signed_in, page=n, page_size=1)).json() for n in range(1, len(everything) + 2)]

    assert [page["data"][0] for page in pages[:-1]] == everything
    assert pages[-1]["data"] == []
    assert pages[0]["paging"]["total_pages"] == len(everything)


@pytest.mark.parametrize(
    "params",
    [{"page": 0}, {"page": "one"}, {"page_size": 0}, {"page_size": 301}, {"page_size": -5}],
)
async def test_bad_paging_is_a_validation_error(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, params: dict[str, object]
) -> None:
    signed_in = await sign_in(registry, person_of(OWNER), settings=registry_settings)

    response = await _apps(registry, signed_in, **params)

    assert response.status_code == 422
    invalid = response.json()["error"]["invalid"]
    assert invalid[0]["entry_type"] == "query_param"
    assert invalid[0]["entry"] == f"$.{next(iter(params))}"


async def test_revoking_an_access_ends_that_systems_tokens(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    other = await _other_client(registry, registry_settings)
    elsewhere = await _sign_in_elsewhere(registry, other, OWNER)
    assert (await registry.get("/api/pis/person", headers=elsewhere)).status_code == 200
    signed_in = await sign_in(registry, person_of(OWNER), settings=registry_settings)
    approval = next(a for a in (await _apps(registry, signed_in)).json()["data"] if a["client_id"] == other.id)

    response = await registry.delete(f"/api/pis/apps/{approval['id']}", headers=signed_in.headers)

    assert response.status_code == 204
    remaining = (await _apps(registry, signed_in)).json()["data"]
    assert approval["id"] not in {a["id"] for a in remaining}
    assert (await registry.get("/api/pis/person", headers=elsewhere)).status_code == 401
    assert (await registry.get("/api/pis/person", headers=signed_in.headers)).status_code == 200
    again = await registry.delete(f"/api/pis/apps/{approval['id']}", headers=signed_in.headers)
    assert again.status_code == 404


async def test_another_persons_approval_is_not_found(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    owner = await sign_in(registry, person_of(OWNER), settings=registry_settings)
    theirs = (await _apps(registry, owner)).json()["data"]
    intruder = await sign_in(registry, person_of("adult_without_declaration"), settings=registry_settings)

    for approval in theirs:
        response = await registry.delete(f"/api/pis/apps/{approval['id']}", headers=intruder.headers)
        assert response.status_code == 404
        assert response.json()["error"]["type"] == "not_found"
    assert (await _apps(registry, owner)).json()["data"] == theirs
    assert {a["user_id"] for a in (await _apps(registry, intruder)).json()["data"]} == {intruder.person_id}


async def test_revoking_our_own_cabinet_signs_the_person_out(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    signed_in = await sign_in(registry, person_of(OWNER), settings=registry_settings)
    ours = next(
        a
        for a in (await _apps(registry, signed_in)).json()["data"]
        if a["client_id"] == registry_settings.pis_client_id
    )

    response = await registry.delete(f"/api/pis/apps/{ours['id']}", headers=signed_in.headers)

    assert response.status_code == 204
    assert (await _apps(registry, signed_in)).status_code == 401
    refresh = {
        "client_id": registry_settings.pis_client_id,
        "client_secret": registry_settings.pis_client_secret,
        "grant_type": "refresh_token",
        "refresh_token": signed_in.refresh_token,
    }
    assert (await registry.post("/oauth/tokens", json={"token": refresh})).status_code == 401
    back = await sign_in(registry, person_of(OWNER), settings=registry_settings)
    assert (await _apps(registry, back)).status_code == 200


async def test_accesses_need_their_scopes(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    full = await sign_in(registry, person_of(OWNER), settings=registry_settings)
    approval_id = (await _apps(registry, full)).json()["data"][0]["id"]
    read_only = await sign_in(registry, person_of(OWNER), settings=registry_settings, scope=f"{SIGN_IN} {APP_READ}")
    neither = await sign_in(registry, person_of(OWNER), settings=registry_settings, scope=SIGN_IN)

    assert (await _apps(registry, read_only)).status_code == 200
    assert (await _apps(registry, neither)).status_code == 403
    refused = await registry.delete(f"/api/pis/apps/{approval_id}", headers=read_only.headers)
    assert refused.status_code == 403
    assert refused.json()["error"]["type"] == "forbidden"


@pytest.mark.parametrize(("approval_id", "status"), [("no-such-approval", 404), ("x" * 65, 422)])
async def test_unknown_approval(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, approval_id: str, status: int
) -> None:
    signed_in = await sign_in(registry, person_of(OWNER), settings=registry_settings)

    response = await registry.delete(f"/api/pis/apps/{approval_id}", headers=signed_in.headers)

    assert response.status_code == status


async def test_accesses_need_a_token(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    response = await registry.get("/api/pis/apps", headers={"api-key": registry_settings.pis_client_secret})

    assert response.status_code == 401
    assert response.json()["error"]["type"] == "access_denied"


async def test_a_read_only_teen_sees_their_accesses_but_cannot_revoke_one(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    # DOMAIN §1: 14–17 without confirmed full civil capacity may sign in and view, not act.
    teen = "teen_16_read_only"
    other = await _other_client(registry, registry_settings)
    elsewhere = await _sign_in_elsewhere(registry, other, teen)
    signed_in = await sign_in(registry, person_of(teen), settings=registry_settings)
    listed = await _apps(registry, signed_in)
    approval = next(a for a in listed.json()["data"] if a["client_id"] == other.id)

    response = await registry.delete(f"/api/pis/apps/{approval['id']}", headers=signed_in.headers)

    assert listed.status_code == 200
    assert response.status_code == 403, response.text
    assert response.json()["error"]["type"] == "forbidden"
    assert "civil capacity" in response.json()["error"]["message"]
    assert approval["id"] in {a["id"] for a in (await _apps(registry, signed_in)).json()["data"]}
    assert (await registry.get("/api/pis/person", headers=elsewhere)).status_code == 200, "its tokens stay"
