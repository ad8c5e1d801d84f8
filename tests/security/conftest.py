"""Fixtures of the security and reliability tests: a seeded registry template shared by the session."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.security.harness import seed_template


@pytest.fixture(scope="session")
def security_registry_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("security-registry") / "template.sqlite3"
    asyncio.run(seed_template(path))
    return path
