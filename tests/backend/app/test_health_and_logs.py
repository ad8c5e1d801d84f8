"""Liveness, readiness with the background directory sync, and the privacy of request logs."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from backend.app import create_app
from backend.config import BackendSettings
from backend.logging import JsonFormatter
from backend.registry.ehealth import EHealthRegistry
from backend.registry.settings import EHealthSettings
from backend.services.container import Services
from sandbox.registry.core.models import Person as RegistryPerson
from tests.backend.app.conftest import BACKEND_URL, SERVICE_TOKEN, Cabinet, person


async def test_healthz(api: httpx.AsyncClient) -> None:
    assert (await api.get("/healthz")).json() == {"status": "ok"}


async def test_readyz_with_sync_switched_off(api: httpx.AsyncClient) -> None:
    ready = (await api.get("/readyz")).json()
    assert ready["ready"] is True and ready["database"] is True
    assert ready["directory"]["state"] == "disabled"


async def test_readyz_reports_an_unreachable_database(api: httpx.AsyncClient, services: Services) -> None:
    working = services.engine
    services.engine = create_async_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    try:
        response = await api.get("/readyz")
    finally:
        await services.engine.dispose()
        services.engine = working
    assert response.status_code == 503
    assert response.json()["database"] is False and response.json()["ready"] is False


async def test_the_directory_loads_in_the_background_at_startup(tmp_path: Path, adapter: EHealthRegistry) -> None:
    settings = BackendSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'sync.sqlite3'}",
        service_token=SERVICE_TOKEN,
        directory_sync_on_startup=True,
        _env_file=None,
    )
    app = create_app(settings, adapter)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BACKEND_URL) as client,
    ):
        for _ in range(200):
            ready = (await client.get("/readyz")).json()
            if ready["ready"]:
                break
            assert ready["directory"]["state"] == "loading"
            await asyncio.sleep(0.05)
        assert ready["ready"] is True
        assert ready["directory"]["state"] == "ready"
        assert ready["directory"]["doctors"] > 0
        assert ready["directory"]["last_full_sync_at"] is not None
        found = await client.get(
            "/v1/doctors/search", params={"limit": 1}, headers={"Authorization": f"Bearer {SERVICE_TOKEN}"}
        )
        assert found.status_code == 200 and found.json()["items"]


async def test_one_log_line_per_request_without_personal_data(
    cabinet: Cabinet, api: httpx.AsyncClient, registry_app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    who = person("adult_with_declaration")
    async with registry_app.state.sessionmaker() as session:
        tax_id = await session.scalar(
            select(RegistryPerson.tax_id).where(
                RegistryPerson.first_name == who.first_name, RegistryPerson.last_name == who.last_name
            )
        )
    assert tax_id
    caplog.set_level(logging.INFO)
    await cabinet.start(11001)
    link = await cabinet.sign_in_link(11001)
    state = parse_qs(urlsplit(link).query)["state"][0]
    callback = await cabinet.registry_callback(link, who)
    code = parse_qs(urlsplit(callback).query)["code"][0]
    await cabinet.browser.get(callback)
    await api.post("/v1/users/11001/phone", json={"phone_number": "+380671234567"})
    cabinet.services.session_cache.clear()  # the sign-in's read of the person is kept: /me reads the registry again
    me = await api.get("/v1/users/11001/me", headers={"X-Request-ID": "bot-req-42"})
    assert me.headers["x-request-id"] == "bot-req-42"

    formatter = JsonFormatter()
    # The backend's own loggers (the test's httpx clients log the URLs they call, by design of the test).
    lines = [formatter.format(record) for record in caplog.records if record.name.startswith("backend")]
    text = "\n".join(lines)
    for secret in (state, code, "671234567", who.last_name, who.first_name, tax_id):
        assert secret not in text
    access = [json.loads(line) for line in lines if '"logger": "backend.access"' in line]
    paths = {(entry["method"], entry["path"]) for entry in access}
    assert ("GET", "/auth/callback") in paths
    assert ("GET", "/v1/users/{telegram_user_id}/me") in paths
    assert all("?" not in entry["path"] for entry in access)
    me_line = next(entry for entry in access if entry["path"] == "/v1/users/{telegram_user_id}/me")
    assert me_line["status"] == 200 and me_line["request_id"] == "bot-req-42" and me_line["duration_ms"] >= 0
    # The same request id went on to the registry.
    registry_lines = [record for record in caplog.records if getattr(record, "registry_path", None)]
    assert any(getattr(record, "request_id", None) == "bot-req-42" for record in registry_lines)


async def test_a_forged_request_id_is_replaced(api: httpx.AsyncClient) -> None:
    response = await api.get("/healthz", headers={"X-Request-ID": 'x" injected\n'})
    assert response.headers["x-request-id"] != 'x" injected\n'
    assert len(response.headers["x-request-id"]) == 36


async def test_readyz_reports_a_directory_that_cannot_load(tmp_path: Path) -> None:
    unreachable = EHealthRegistry(
        EHealthSettings(api_url="http://127.0.0.1:9", auth_url="http://127.0.0.1:9", max_retries=0, _env_file=None)
    )
    settings = BackendSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'failed.sqlite3'}",
        directory_sync_on_startup=True,
        _env_file=None,
    )
    app = create_app(settings, unreachable)
    async with (
        unreachable,
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BACKEND_URL) as client,
    ):
        for _ in range(100):
            response = await client.get("/readyz")
            if response.json()["directory"]["state"] == "failed":
                break
            await asyncio.sleep(0.05)
        assert response.status_code == 503
        assert response.json()["directory"]["state"] == "failed"
        assert response.json()["database"] is True


def _access_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "backend.access"]


async def test_a_process_at_rest_writes_no_info_lines(api: httpx.AsyncClient, caplog: pytest.LogCaptureFixture) -> None:
    """The notifier claims every second and orchestrators probe health: with nothing to do, that is DEBUG."""
    caplog.set_level(logging.DEBUG, logger="backend.access")
    for _ in range(3):
        claimed = await api.post("/v1/events/claim", json={"worker_id": "idle", "limit": 10, "lease_seconds": 30})
        assert claimed.json() == {"events": []}
        assert (await api.get("/healthz")).status_code == 200
        assert (await api.get("/readyz")).status_code == 200
    lines = _access_lines(caplog)
    assert len(lines) == 9
    assert [record.levelno for record in lines] == [logging.DEBUG] * 9
    assert lines[0].getMessage().startswith("POST /v1/events/claim 200 ")


async def test_the_access_line_says_what_happened_in_its_message(
    cabinet: Cabinet, api: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A plain text formatter (the demo's) shows method, route template, status and duration, not a bare
    "request"; a claim that hands out events and a refusal are INFO, with no concrete id in the line."""
    await cabinet.sign_in(11002, person("adult_with_declaration"))
    caplog.set_level(logging.DEBUG, logger="backend.access")
    assert await cabinet.events(worker="busy")  # the sign-in's notification
    assert (await api.get("/v1/users/11002/me")).status_code == 200
    assert (await api.get("/v1/users/11003/me")).status_code == 409
    claim, me, refused = _access_lines(caplog)
    assert [record.levelno for record in (claim, me, refused)] == [logging.INFO] * 3
    assert re.fullmatch(r"POST /v1/events/claim 200 \d+\.\d ms", claim.getMessage())
    assert re.fullmatch(r"GET /v1/users/\{telegram_user_id\}/me 200 \d+\.\d ms", me.getMessage())
    assert re.fullmatch(r"GET /v1/users/\{telegram_user_id\}/me 409 \d+\.\d ms", refused.getMessage())
    assert "11002" not in logging.Formatter("%(levelname)s %(name)s: %(message)s").format(me)
