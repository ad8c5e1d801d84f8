"""Suite-wide fixtures and the rule for tests that need a real service.

A test of the production path (PostgreSQL, Redis) runs against the real server. On a machine
without it the test is skipped with the reason, unless CI=true, where a missing service fails.
"""

from __future__ import annotations

import os
import socket

import pytest
from hypothesis import HealthCheck, settings

# Property tests judge behaviour, not speed: no per-example deadline (CI shares two cores). In CI the
# examples are derived from each test's name, so a run is repeatable; locally they are random.
settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=False)
settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True, database=None
)

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

settings.load_profile("ci" if IN_CI else "project")

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """Skip (locally) or fail (in CI) when a service the test needs is not listening."""
    if _reachable(host, port):
        return
    message = f"{name} is not reachable at {host}:{port}"
    if IN_CI:
        pytest.fail(f"{message}; CI=true requires it")
    pytest.skip(f"{message}; start it to run this test (CI runs it for real)")


@pytest.fixture
def postgres_url() -> str:
    require_service("PostgreSQL", "127.0.0.1", 5432)
    return POSTGRES_URL


@pytest.fixture
def redis_url() -> str:
    require_service("Redis", "127.0.0.1", 6379)
    return REDIS_URL
