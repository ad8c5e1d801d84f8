"""HTTP hygiene the schema fuzzing found: a 405 names the allowed methods, request bodies take the JSON
types they document and no other, and a URL too long to serve is answered (414) rather than dropped."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import uvicorn

from backend import server
from backend.app import create_app
from backend.config import BackendSettings
from backend.http_protocol import BoundedH11Protocol
from cabinet.servers import bind_socket, serving
from tests.backend.app.conftest import BACKEND_URL, Cabinet, person

TG = 770011


@pytest.fixture
async def bare_api() -> Any:
    """The app without its lifespan: enough for answers given before any service is reached."""
    app = create_app(BackendSettings(_env_file=None))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BACKEND_URL) as client:
        yield client


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [("POST", "/healthz", "GET"), ("GET", "/v1/events/ack", "POST"), ("POST", "/v1/users/1", "DELETE, GET, PUT")],
)
async def test_a_wrong_method_names_the_allowed_ones(
    bare_api: httpx.AsyncClient, method: str, path: str, allowed: str
) -> None:
    response = await bare_api.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/settings", {"notifications": {"reminders": 0.0}}, "notifications.reminders"),
        ("/settings", {"notifications": {"security": "false"}}, "notifications.security"),
        ("/settings", {"notifications": {"declaration_status": 1}}, "notifications.declaration_status"),
        ("/auth/start", {"sign_up": 0}, "sign_up"),
        ("/auth/start", {"sign_up": "yes"}, "sign_up"),
        ("", {"chat_id": "770011"}, "chat_id"),
        ("", {"chat_id": 770011.0}, "chat_id"),
        ("", {"chat_id": True}, "chat_id"),
    ],
)
async def test_user_bodies_take_only_their_json_types(
    cabinet: Cabinet, api: httpx.AsyncClient, path: str, body: dict[str, Any], field: str
) -> None:
    await cabinet.start(TG)
    method = {"/settings": "PATCH", "/auth/start": "POST", "": "PUT"}[path]
    response = await api.request(method, f"/v1/users/{TG}{path}", json=body)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert [item["field"] for item in error["fields"]] == [field]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"worker_id": "w1", "lease_seconds": True}, "lease_seconds"),
        ({"worker_id": "w1", "limit": 10.0}, "limit"),
        ({"worker_id": "w1", "limit": "10"}, "limit"),
    ],
)
async def test_the_claim_takes_integers_only(api: httpx.AsyncClient, body: dict[str, Any], field: str) -> None:
    response = await api.post("/v1/events/claim", json=body)
    assert response.status_code == 422, response.text
    assert [item["field"] for item in response.json()["error"]["fields"]] == [field]


async def test_acknowledged_ids_are_integers(api: httpx.AsyncClient) -> None:
    response = await api.post("/v1/events/ack", json={"ids": [1, "2", 3.0, False]})
    assert response.status_code == 422, response.text
    assert [item["field"] for item in response.json()["error"]["fields"]] == ["ids[1]", "ids[2]", "ids[3]"]


async def test_the_bots_own_values_are_accepted(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    """What the bot sends (real booleans and integers, dates as ISO strings) still passes the strict models."""
    await cabinet.start(TG)
    settings = await api.patch(f"/v1/users/{TG}/settings", json={"notifications": {"reminders": False}})
    assert settings.status_code == 200, settings.text
    assert settings.json()["notifications"]["reminders"] is False
    link = await api.post(f"/v1/users/{TG}/auth/start", json={"sign_up": True})
    assert link.status_code == 200, link.text
    claim = await api.post("/v1/events/claim", json={"worker_id": "w1", "limit": 5, "lease_seconds": 30})
    assert claim.status_code == 200, claim.text
    await cabinet.sign_in(TG, person("adult_with_declaration"))
    document = {"type": "PASSPORT", "number": "МЕ123456", "issued_at": "2010-05-14", "expiration_date": None}
    changes = await api.post(f"/v1/users/{TG}/me/changes", json={"documents": [document]})
    assert changes.status_code != 422, changes.text


def _bounded_server(config: uvicorn.Config) -> uvicorn.Server:
    config.http = BoundedH11Protocol  # as `cabinet backend` runs it
    config.lifespan = "off"  # the answers below come before any service is reached
    return uvicorn.Server(config)


@pytest.fixture
async def served_backend() -> AsyncIterator[int]:
    """The backend behind uvicorn on a free port."""
    sock = bind_socket("127.0.0.1", 0)
    async with serving(create_app(BackendSettings(_env_file=None)), sock, server_factory=_bounded_server):
        yield sock.getsockname()[1]


async def _raw_get(port: int, target: bytes, headers: bytes = b"") -> bytes:
    """Send the whole request (as a client does before it reads), then read the answer to the end."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(b"GET " + target + b" HTTP/1.1\r\nHost: backend\r\n" + headers + b"\r\n")
        await writer.drain()
        return await reader.read()
    finally:
        writer.close()


@pytest.mark.parametrize("size", [300_000, 2_000_000])  # over one socket read (256 KiB)
async def test_a_url_too_long_is_answered_414(served_backend: int, size: int) -> None:
    answer = await _raw_get(served_backend, b"/healthz?q=" + b"a" * size)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 414 "), answer[:200]
    assert json.loads(body)["error"]["code"] == "uri_too_long"


async def test_headers_too_large_are_answered_431(served_backend: int) -> None:
    answer = await _raw_get(served_backend, b"/healthz", b"X-Filler: " + b"a" * 2_000_000 + b"\r\n")
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]


async def test_an_ordinary_request_is_served_as_before(served_backend: int) -> None:
    answer = await _raw_get(served_backend, b"/healthz?q=" + b"a" * 8_000, b"Connection: close\r\n")
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]


def test_the_backend_server_runs_with_that_protocol(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: dict[str, Any] = {}
    monkeypatch.setattr(server.uvicorn, "run", lambda app, **options: ran.update(options))
    monkeypatch.setattr(server, "configure_logging", lambda level: None)
    server.serve()
    assert ran["http"] is BoundedH11Protocol
