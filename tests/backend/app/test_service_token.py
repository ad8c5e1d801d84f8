"""Every /v1 call needs the bot's service token; the browser pages and health checks do not."""

from __future__ import annotations

import httpx
import pytest

from tests.backend.app.conftest import BACKEND_URL


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong-token"}, {"Authorization": "Basic dGVzdDp0ZXN0"}, {"Authorization": "Bearer"}],
    ids=["missing", "wrong", "other-scheme", "empty"],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/users/42"),
        ("PUT", "/v1/users/42"),
        ("GET", "/v1/users/42/me"),
        ("GET", "/v1/doctors/search"),
        ("GET", "/v1/cabinets"),
        ("POST", "/v1/events/claim"),
    ],
)
async def test_calls_without_the_service_token_are_refused(
    api: httpx.AsyncClient, headers: dict[str, str], method: str, path: str
) -> None:
    async with httpx.AsyncClient(transport=api._transport, base_url=BACKEND_URL, headers=headers) as anonymous:
        response = await anonymous.request(method, path, json={"chat_id": 1, "worker_id": "w"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


async def test_the_right_token_is_accepted(api: httpx.AsyncClient) -> None:
    response = await api.get("/v1/cabinets")
    assert response.status_code == 200


async def test_health_needs_no_token(api: httpx.AsyncClient) -> None:
    async with httpx.AsyncClient(transport=api._transport, base_url=BACKEND_URL) as anonymous:
        assert (await anonymous.get("/healthz")).json() == {"status": "ok"}
