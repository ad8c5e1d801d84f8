"""The production log setup at BACKEND_LOG_LEVEL=DEBUG, around requests that write personal data to the
database (on SQLite and PostgreSQL): the database drivers must not print statements with their parameters;
around the e-prescription reads: no medicine name, prescription number or verification code in any line; and around
the medical record's reads: no diagnosis, result, vaccine or referral number in any line."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from backend.logging import JsonFormatter, configure_logging
from backend.registry.ehealth import EHealthRegistry
from backend.registry.settings import EHealthSettings
from tests.backend.app.conftest import REGISTRY_URL, Cabinet, person
from tests.backend.app.scripted_prescriptions import ScriptedPrescriptions, dispense, prescription
from tests.backend.app.scripted_record import ScriptedRecord, condition, diagnosis, immunization, observation, referral

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
def scripted(registry_transport: httpx.ASGITransport) -> ScriptedPrescriptions:
    return ScriptedPrescriptions(registry_transport)


@pytest.fixture
def record(scripted: ScriptedPrescriptions) -> ScriptedRecord:
    return ScriptedRecord(scripted)


@pytest.fixture
async def adapter(record: ScriptedRecord) -> AsyncIterator[EHealthRegistry]:
    """The sandbox, with the registry's e-prescription and medical-record calls scripted in front of it."""
    settings = EHealthSettings(api_url=REGISTRY_URL, auth_url=REGISTRY_URL, _env_file=None)
    async with EHealthRegistry(settings, transport=record) as registry:
        yield registry


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


async def test_prescription_reads_log_no_medicine_number_or_code(
    debug_lines: _Lines, cabinet: Cabinet, scripted: ScriptedPrescriptions
) -> None:
    olena = person("adult_with_declaration")
    active, ended = scripted.give(
        olena.person_id,
        prescription(1, medicine="Аторвастатин 20 мг таблетки"),
        prescription(2, status="EXPIRED", medicine="Бісопролол 5 мг таблетки"),
    )
    scripted.dispenses[active["id"]] = [dispense(active, 1, medicine="Аторис 20")]
    await cabinet.sign_in(TG, olena)
    api, base = cabinet.api, f"/v1/users/{TG}/prescriptions"
    for path in ("", "?status=past", f"/{active['request_number']}", f"/{active['id']}/verification-code"):
        assert (await api.get(base + path)).status_code == 200, path
    assert (await api.get(f"{base}/{active['id']}/dispenses")).json()["items"]
    assert (await api.get(f"{base}/{ended['request_number']}/verification-code")).status_code == 200
    scripted.fail_with = 503
    # A read the session has not kept yet (the answers above are kept a while): the registry's failure is logged.
    assert (await api.get(f"{base}/{ended['request_number']}/dispenses")).status_code == 503

    assert any(json.loads(line).get("registry_path") for line in debug_lines.lines), "the registry calls are logged"
    medical = [
        "Аторвастатин",
        "Бісопролол",
        "Аторис",
        active["request_number"],
        ended["request_number"],
        active["verification_code"],
        ended["verification_code"],
    ]
    for line in debug_lines.lines:
        for value in medical:
            assert value not in line, (value, line[:300])


async def test_record_reads_log_no_diagnosis_result_vaccine_or_referral_number(
    debug_lines: _Lines, cabinet: Cabinet, record: ScriptedRecord
) -> None:
    olena = person("adult_with_declaration")
    dx = diagnosis(1, "E11.65")
    dx["code"]["text"] = "Цукровий діабет 2 типу"
    (cond,) = record.give(olena.person_id, "conditions", condition(1, "E11.65"))
    record.give(olena.person_id, "diagnoses", dx)
    (glucose,) = record.give(olena.person_id, "observations", observation(1, "14749-6", 12.345, "mmol/L"))
    shot = immunization(1, "MMR", lot="LOT-PRIORIX-42")
    shot["vaccine_code"]["text"] = "Пріорикс"
    record.give(olena.person_id, "immunizations", shot)
    (ref,) = record.give(olena.person_id, "service_requests", referral(1))
    await cabinet.sign_in(TG, olena)
    api, base = cabinet.api, f"/v1/users/{TG}/record"
    for path in (
        "",
        "/diagnoses",
        f"/conditions/{cond['id']}",
        "/observations?code=14749-6",
        f"/observations/{glucose['id']}",
        "/immunizations",
        "/referrals",
        f"/referrals/{ref['id']}",
    ):
        answer = await api.get(base + path)
        assert answer.status_code == 200, path
        assert answer.json()  # the answer itself carries them
    record.fail_with = 503
    # A list is read fresh every time (a kept item would not reach the registry): its failure is logged.
    assert (await api.get(f"{base}/referrals")).status_code == 503

    assert any(json.loads(line).get("registry_path") for line in debug_lines.lines), "the registry calls are logged"
    medical = ["E11.65", "Цукровий діабет", "12.345", "Пріорикс", "LOT-PRIORIX-42", ref["requisition"]]
    for line in debug_lines.lines:
        for value in medical:
            assert value not in line, (value, line[:300])
