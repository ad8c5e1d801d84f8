"""Privacy, end to end: a whole patient journey through the running product while every log line is
captured; then what is stored, and what is left after "erase my data".

The journey runs on the bot's end-to-end stack (tests/bot/harness.py): the registry sandbox, the backend,
the Telegram emulator and the bot's real dispatcher on free 127.0.0.1 ports in this event loop — the same
components `cabinet.stack.running_stack` starts, plus a hook that tells when the bot has handled an update
(`running_stack` runs the bot as a closed polling task, so a test could only guess).

The journey: onboarding with the patient's own phone, sign-in with the sandbox e-signature, the "my data"
view, a change of e-mail signed on the signing page, a doctor found and a declaration requested and signed,
the declarations view, and erasure from the settings.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import select, text

from backend.logging import JsonFormatter
from backend.models import PersonLink
from backend.services.container import Services
from bot.api_models import DoctorHit
from sandbox.registry.core.models import Person as RegistryPerson
from sandbox.telegram.simulation import SimulatedUser
from tests.bot.harness import Patient, Stack, person, running_stack, seed_registry_template
from tests.bot.harness import text as bot_text
from tests.security.personal_data import leaks, personal_data_of, phone_forms

pytestmark = pytest.mark.asyncio(loop_scope="module")

WHO = person("adult_without_declaration")
NEW_EMAIL = "andrii.privacy-check@ukr.net"
# Everything our processes and the libraries they run may write, at the most verbose level.
VERBOSE_LOGGERS = (
    "",
    "backend",
    "bot",
    "sandbox",
    "aiogram",
    "aiogram_dialog",
    "aiohttp",
    "uvicorn",
    "asyncio",
)
# uvicorn configures these itself (own handlers, no propagation) whenever a server starts.
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error")
# Database drivers echo every statement with its parameters at DEBUG, and httpx and uvicorn's access log
# print full URLs (eHealth's paths name the person: PATCH /api/cabinet/persons/{id}): production pins them
# (backend.logging.configure_logging), which test_log_setup.py tests on its own; here they are kept quiet.
DATABASE_LOGGERS = ("sqlalchemy", "aiosqlite", "asyncpg", "httpx", "httpcore", "uvicorn.access")


class Capture(logging.Handler):
    """Every record, rendered the way the product renders it (message, extra fields, traceback)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[tuple[str, str]] = []
        self._formatter = JsonFormatter()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            rendered = self._formatter.format(record)
        except Exception:  # a record that cannot be formatted still counts, as raw as it comes
            rendered = repr(vars(record))
        self.lines.append((record.name, rendered))

    def text(self) -> str:
        return "\n".join(line for _, line in self.lines)


@contextmanager
def capturing() -> Iterator[Capture]:
    capture = Capture()
    saved = {name: logging.getLogger(name).level for name in (*VERBOSE_LOGGERS, *DATABASE_LOGGERS)}
    for name in VERBOSE_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    for name in DATABASE_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.getLogger().addHandler(capture)
    try:
        yield capture
    finally:
        logging.getLogger().removeHandler(capture)
        for name in UVICORN_LOGGERS:
            logging.getLogger(name).removeHandler(capture)
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def listen_to_uvicorn(capture: Capture) -> None:
    for name in UVICORN_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        logger.addHandler(capture)


@dataclass
class Journey:
    stack: Stack
    patient: Patient
    capture: Capture
    backend_database: Path
    secrets: dict[str, str]
    tokens: dict[str, str] = field(default_factory=dict)
    stored_before_erase: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    stored_after_erase: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    bot_state_after_erase: str = ""


async def _table_rows(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {}
    async with services.engine.connect() as connection:
        names = await connection.run_sync(lambda sync: sync.dialect.get_table_names(sync))  # type: ignore[attr-defined]
        for name in names:
            result = await connection.execute(text(f'SELECT * FROM "{name}"'))  # noqa: S608 - names from the schema
            rows[name] = [tuple(row) for row in result]
    return rows


async def _doctor(stack: Stack) -> DoctorHit:
    assert stack.run is not None
    page = await stack.run.backend.search_doctors(speciality="THERAPIST", limit=50)
    return next(hit for hit in page.items if hit.available and (hit.free_places or 0) > 0)


async def _sign_on_page(stack: Stack, url: str) -> None:
    async with stack.browser() as browser:
        assert (await browser.get(url)).status_code == 200
        signed = await browser.post(url, data={"key_id": WHO.key_id, "password": WHO.password})
        assert signed.status_code == 200, signed.text


async def _walk(journey: Journey) -> None:
    stack, patient = journey.stack, journey.patient
    await patient.sign_in(WHO)

    profile = await patient.press(bot_text("menu-profile"))
    assert WHO.last_name in profile.text  # the patient sees their own name; the logs must not

    await patient.press(bot_text("profile-edit"))
    await patient.press(bot_text("profile-field-email"))
    await patient.send(NEW_EMAIL)
    await patient.press(bot_text("profile-submit"))
    await _sign_on_page(stack, patient.url_of(bot_text("profile-sign")))
    assert bot_text("profile-saved") in (await patient.press(bot_text("profile-signed"))).text

    doctor = await _doctor(stack)
    card = await patient.send(f"/start doc_{doctor.employee_id}")
    assert doctor.full_name in card.text
    await patient.press(bot_text("search-btn-submit"))
    await patient.press(bot_text("submit-btn-submit"))
    await _sign_on_page(stack, patient.url_of(bot_text("submit-btn-sign")))
    await patient.press(bot_text("submit-btn-check"))
    await patient.send("/menu")
    declarations = await patient.press(bot_text("menu-declarations"))
    assert doctor.full_name.split()[0] in declarations.text

    services: Services = stack.backend_app.state.services
    async with services.sessionmaker() as session:
        link = await session.scalar(select(PersonLink).where(PersonLink.telegram_user_id == patient.id))
    assert link is not None
    journey.tokens = {
        "access token": services.cipher.decrypt(link.access_token_encrypted),
        "refresh token": services.cipher.decrypt(link.refresh_token_encrypted),
    }
    journey.stored_before_erase = await _table_rows(services)

    await patient.send("/menu")
    await patient.press(bot_text("menu-settings"))
    await patient.press(bot_text("settings-erase"))
    erased = await patient.press(bot_text("settings-erase-confirm"))
    assert bot_text("settings-erased") in erased.text
    journey.stored_after_erase = await _table_rows(services)
    assert stack.run is not None
    journey.bot_state_after_erase = repr(getattr(stack.run.storage, "storage", {}))


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def journey(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Journey]:
    directory = tmp_path_factory.mktemp("privacy")
    template = directory / "template.sqlite3"
    await seed_registry_template(template)
    registry_database, backend_database = directory / "registry.sqlite3", directory / "backend.sqlite3"
    shutil.copyfile(template, registry_database)
    with capturing() as capture:
        async with running_stack(registry_database, backend_database) as stack:
            listen_to_uvicorn(capture)
            secrets = await personal_data_of(stack.registry_app.state.sessionmaker, WHO.person_id)
            async with stack.registry_app.state.sessionmaker() as session:
                registered = await session.get(RegistryPerson, WHO.person_id)
            assert registered is not None and registered.phones
            phone = registered.phones[0]["number"]
            world = stack.telegram.world
            user = world.create_user(WHO.first_name, last_name=WHO.last_name, phone_number=phone)
            patient = Patient(stack, user, SimulatedUser(world.bot(), user, new_query_id=world.new_query_id))
            secrets |= {f"shared phone form {index}": form for index, form in enumerate(phone_forms(phone))}
            secrets["new email"] = NEW_EMAIL
            walked = Journey(stack, patient, capture, backend_database, secrets)
            await _walk(walked)
            yield walked


async def test_no_log_line_holds_personal_data_or_tokens(journey: Journey) -> None:
    logged = journey.capture.text()
    assert len(journey.capture.lines) > 50, "the journey must have been logged to be checked"
    assert all(journey.capture in logging.getLogger(name).handlers for name in UVICORN_LOGGERS)
    assert leaks(logged, journey.secrets | journey.tokens) == []


async def test_tokens_and_identifiers_are_never_stored_in_clear(journey: Journey) -> None:
    """Row by row, and in the raw database file (free pages and the write-ahead log included)."""
    stored = repr(journey.stored_before_erase)
    assert repr(journey.stored_before_erase["person_links"]) != "[]"
    clear = {
        name: value
        for name, value in (journey.secrets | journey.tokens).items()
        if not name.startswith(("person id", "new email"))
    }
    assert leaks(stored, clear) == []
    for file in sorted(journey.backend_database.parent.glob(f"{journey.backend_database.name}*")):
        raw = await asyncio.to_thread(file.read_bytes)
        for name, value in journey.tokens.items():
            assert value.encode() not in raw, f"{name} in clear in {file.name}"


async def test_erase_leaves_nothing_of_the_person_or_the_telegram_user(journey: Journey) -> None:
    tg = journey.patient.id
    before = journey.stored_before_erase
    assert any(str(tg) in repr(rows) for rows in before.values())  # the check below could fail
    for table, rows in journey.stored_after_erase.items():
        for row in rows:
            for value in row:
                assert value != tg and str(tg) not in str(value), f"{table} keeps the Telegram user: {row}"
                assert WHO.person_id not in str(value), f"{table} keeps the person: {row}"
    assert leaks(repr(journey.stored_after_erase), journey.secrets) == []


async def test_erase_clears_the_bots_dialog_state(journey: Journey) -> None:
    assert leaks(journey.bot_state_after_erase, journey.secrets) == []
