"""Suite-wide fixtures and the rule for tests that need a real service.

A test of the production path (PostgreSQL, Redis) runs against the real server. On a machine
without it the test is skipped with the reason, unless CI=true, where a missing service fails.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit
from uuid import uuid4

import asyncpg
import pytest
from hypothesis import HealthCheck, settings
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

# First, before anything imports aiogram: the bot package defers the building of aiogram's types, as in every
# process of the product (`python -m bot`, `cabinet demo`). Imported later, it would find them built eagerly
# and the suite would test a bot that no patient meets (tests/bot/test_deferred_types.py checks it).
import bot  # noqa: F401
from backend.registry.settings import RegistryBudgetSettings

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

# The client's registry budget for a test backend: tests act faster than people, so a budget no test module
# spends (the budget's own tests, tests/backend/registry, give it real limits).
GENEROUS_BUDGET = RegistryBudgetSettings(_env_file=None, calls=1_000_000)  # type: ignore[call-arg]


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


# Session scope: fixtures that share a database or a stack across tests (module, session) may need them too.
# The address checked is the one the tests will use (TEST_POSTGRES_URL / TEST_REDIS_URL may move them).
@pytest.fixture(scope="session")
def postgres_url() -> str:
    server = make_url(POSTGRES_URL)
    require_service("PostgreSQL", server.host or "127.0.0.1", server.port or 5432)
    return POSTGRES_URL


@pytest.fixture(scope="session")
def redis_url() -> str:
    server = urlsplit(REDIS_URL)
    require_service("Redis", server.hostname or "127.0.0.1", server.port or 6379)
    return REDIS_URL


def _admin_dsn(server_url: str) -> str:
    return make_url(server_url).set(drivername="postgresql").render_as_string(hide_password=False)


async def create_postgres_database(server_url: str, purpose: str) -> str:
    """A new, empty database on the server of `server_url` (named after `purpose`); its SQLAlchemy URL.

    UTF-8 character classes (C.UTF-8): the directory's trigram index needs Cyrillic letters to be letters,
    whatever locale the server's template1 was created with.
    """
    name = f"{purpose}_{uuid4().hex[:12]}"
    admin = await asyncpg.connect(_admin_dsn(server_url))
    try:
        await admin.execute(
            f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'"
        )
    finally:
        await admin.close()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(server_url: str, database_url: str) -> None:
    """Drop a database `create_postgres_database` made, closing whatever connections are still open."""
    name = make_url(database_url).database
    admin = await asyncpg.connect(_admin_dsn(server_url))
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        await admin.close()


async def delete_redis_keys(redis_url: str, prefix: str) -> None:
    """Delete every key under `prefix:` (a test's own key space)."""
    redis = Redis.from_url(redis_url)
    try:
        keys = [key async for key in redis.scan_iter(f"{prefix}:*")]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()
