"""The production log setup at BACKEND_LOG_LEVEL=DEBUG, around requests that write personal data to the
database (on SQLite and PostgreSQL): the database drivers must not print statements with their parameters."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from backend.logging import JsonFormatter, configure_logging
from tests.backend.app.conftest import Cabinet, person

TG = 864209753
DATABASE_STACK = ("sqlalchemy", "aiosqlite", "asyncpg")
RESTORED = ("", "uvicorn.access", "httpx", "httpcore", *DATABASE_STACK, "sqlalchemy.engine", "sqlalchemy.engine.Engine")


class _Lines(logging.Handler):
    """Every record the process emits, formatted as configure_logging's handler would write it."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.records: list[logging.LogRecord] = []
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(self.format(record))


@pytest.fixture
def debug_lines() -> Iterator[_Lines]:
    saved = {name: (list(logging.getLogger(name).handlers), logging.getLogger(name).level) for name in RESTORED}
    access_disabled = logging.getLogger("uvicorn.access").disabled
    configure_logging("DEBUG")
    lines = _Lines()
    logging.getLogger().addHandler(lines)
    try:
        yield lines
    finally:
        for name, (handlers, level) in saved.items():
            logger = logging.getLogger(name)
            logger.handlers[:] = handlers
            logger.setLevel(level)
        logging.getLogger("uvicorn.access").disabled = access_disabled


async def test_requests_writing_personal_data_log_no_statement_parameters(
    debug_lines: _Lines, cabinet: Cabinet
) -> None:
    olena = person("adult_with_declaration")
    await cabinet.start(TG)
    linked = await cabinet.sign_in(TG, olena)
    assert linked.status_code == 200, linked.text
    assert (await cabinet.api.get(f"/v1/users/{TG}")).json()["linked"]

    # The capture is live at DEBUG: the backend's own request lines are there.
    assert logging.getLogger().isEnabledFor(logging.DEBUG)
    assert any(json.loads(line)["logger"] == "backend.access" for line in debug_lines.lines)
    chatter = [r for r in debug_lines.records if r.name.split(".")[0] in DATABASE_STACK and r.levelno < logging.WARNING]
    assert chatter == [], chatter[0].getMessage()[:300]
    # What the sign-in wrote (the Telegram id, the eHealth person id, the first name) is in no line.
    for line in debug_lines.lines:
        entry = json.loads(line)
        del entry["ts"]
        text = json.dumps(entry, ensure_ascii=False)
        assert str(TG) not in text and olena.person_id not in text and olena.first_name not in text, text[:300]
