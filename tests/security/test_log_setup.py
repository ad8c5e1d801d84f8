"""The production log setup (`backend.logging.configure_logging`) at its most verbose level: what it lets
libraries write must not carry personal data either."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from backend.logging import configure_logging

TOUCHED = (
    "",
    "uvicorn.access",
    "httpx",
    "httpcore",
    "sqlalchemy",
    "sqlalchemy.engine",
    "sqlalchemy.engine.Engine",
    "aiosqlite",
    "asyncpg",
)


@pytest.fixture
def debug_logging() -> Iterator[None]:
    """configure_logging("DEBUG"), with every logger it touches put back afterwards."""
    saved = {name: (list(logging.getLogger(name).handlers), logging.getLogger(name).level) for name in TOUCHED}
    access_disabled = logging.getLogger("uvicorn.access").disabled
    configure_logging("DEBUG")
    try:
        yield
    finally:
        for name, (handlers, level) in saved.items():
            logger = logging.getLogger(name)
            logger.handlers[:] = handlers
            logger.setLevel(level)
        logging.getLogger("uvicorn.access").disabled = access_disabled


def test_request_logs_with_query_strings_stay_off(debug_logging: None) -> None:
    assert logging.getLogger("uvicorn.access").disabled
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)


def test_database_drivers_stay_quiet_at_debug(debug_logging: None) -> None:
    # What a request at DEBUG actually logs: tests/backend/app/test_debug_logs.py.
    assert not logging.getLogger("sqlalchemy.engine.Engine").isEnabledFor(logging.INFO)
    assert not logging.getLogger("aiosqlite").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("asyncpg").isEnabledFor(logging.DEBUG)


def test_an_engine_level_set_before_still_gives_way(debug_logging: None) -> None:
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # e.g. an operator's logging config
    configure_logging("DEBUG")
    assert not logging.getLogger("sqlalchemy.engine.Engine").isEnabledFor(logging.INFO)
