"""Fixtures for the eHealth adapter's contract tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from backend.registry.ehealth import EHealthRegistry
from backend.registry.request_id import request_id_var
from backend.registry.settings import EHealthSettings

from .fake_ehealth import FakeEHealth, ManualClock, RecordingSleep

API = "https://api.ehealth.test"
AUTH = "https://auth.ehealth.test"
CLIENT_SECRET = "pis-secret-for-tests"
ACCESS_TOKEN = "patient-access-token-for-tests"


@pytest.fixture
def fake() -> FakeEHealth:
    return FakeEHealth()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def sleeper() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
def settings() -> EHealthSettings:
    return EHealthSettings(
        api_url=API,
        auth_url=AUTH,
        client_id="telegram-cabinet",
        client_secret=CLIENT_SECRET,
        redirect_uri="https://cabinet.example/auth/callback",
        max_retries=2,
        circuit_failures=3,
        circuit_reset_seconds=30,
        total_timeout=0.2,
        _env_file=None,
    )


@pytest.fixture
async def registry(
    settings: EHealthSettings, fake: FakeEHealth, sleeper: RecordingSleep, clock: ManualClock
) -> AsyncIterator[EHealthRegistry]:
    request_id_var.set(None)
    async with EHealthRegistry(settings, transport=fake.transport, sleep=sleeper, monotonic=clock) as adapter:
        yield adapter
