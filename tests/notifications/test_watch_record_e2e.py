"""The medical record's pushes end to end: the registry sandbox's demo control adds a lab result or writes a
referral → a watcher round → the notifier → the Telegram emulator → a protected message in the patient's chat with
its text and its button; switched off → nothing; a registry refusing the record's reads → declaration notices
still come; the registry calls it costs, counted; and no log line holds the measure, its value or a referral's
number.

The buttons lead to «Мої аналізи» / «Мої направлення» (`LabResults.listing`, `Referrals.listing`), whose dialogs
other branches build: here the push and its button are checked, the section it opens is to be checked after the
merge (see tests/notifications/test_record_rendering.py for the button → state mapping).

One stack for the module; each test signs in its own test person from a new Telegram user.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio
from sqlalchemy import select

from backend.events.watch_config import WatcherSettings
from backend.events.watcher import StatusWatcher, TickReport
from backend.logging import DATABASE_LOGGERS
from backend.models import PersonLink, WatchSchedule
from backend.registry.errors import RegistryError, RegistryForbidden
from backend.registry.port import RegistryPort
from sandbox.registry.seeding import clinical
from tests.notifications.harness import (
    Cabinet,
    Patient,
    buttons,
    notification_stack,
    person,
    text,
    watcher_budget,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

KYIV = ZoneInfo("Europe/Kyiv")
RECORD_READS = ("list_observations", "list_service_requests")
# The sandbox stands for the registry and Telegram (third parties): what they log is not ours.
THIRD_PARTY_LOGGERS = ("sandbox",)
# What backend.logging.configure_logging keeps at WARNING in production, even for a DEBUG backend (the database
# drivers print statements with their bound values; httpx and uvicorn's access log print full URLs).
QUIETED_IN_PRODUCTION = (*DATABASE_LOGGERS, "httpx", "httpcore", "uvicorn.access")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def cabinet(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Cabinet]:
    async with notification_stack(tmp_path_factory.mktemp("notify-record")) as running:
        yield running


async def signed_in(cabinet: Cabinet, slug: str, language: str = "uk") -> Patient:
    """A new Telegram user signed in as this person, past the menu and the first (silent) watcher round."""
    patient = await cabinet.sign_in(person(slug), language)
    await cabinet.next_push(patient)  # the menu
    report = await cabinet.tick()
    assert report.failed == 0
    return patient


async def no_push_after(cabinet: Cabinet, patient: Patient) -> None:
    assert not [m for m in await cabinet.telegram.messages(patient.user_id) if m["message_id"] > patient.seen]


async def add_result(cabinet: Cabinet, patient: Patient, measure: Any, value: float) -> dict[str, Any]:
    body = {"code": measure.code, "value": value}
    return await cabinet.control("POST", f"/persons/{patient.person.person_id}/observations", body)


async def write_referral(cabinet: Cabinet, patient: Patient, service: Any, valid_days: int = 30) -> dict[str, Any]:
    body = {"service": service.code, "valid_days": valid_days}
    return await cabinet.control("POST", f"/persons/{patient.person.person_id}/service_requests", body)


def kyiv_day(instant: str) -> Any:
    return datetime.fromisoformat(instant).astimezone(KYIV).date()


def log_everything(caplog: pytest.LogCaptureFixture) -> None:
    """DEBUG everywhere, but for what production keeps at WARNING whatever the level."""
    for name in QUIETED_IN_PRODUCTION:
        caplog.set_level(logging.WARNING, logger=name)
    caplog.set_level(logging.DEBUG)  # last: it sets the capturing handler's level too


def logged(caplog: pytest.LogCaptureFixture) -> str:
    """Every line our code logged in the test, with every extra field of each record."""
    records = [r for r in caplog.records if not r.name.startswith(THIRD_PARTY_LOGGERS)]
    assert records, "the logs were not captured"
    return "\n".join(
        [r.getMessage() for r in records] + [str(value) for record in records for value in vars(record).values()]
    )


async def test_a_new_lab_result_is_pushed_once_protected_and_nothing_of_it_is_logged(
    cabinet: Cabinet, caplog: pytest.LogCaptureFixture
) -> None:
    log_everything(caplog)
    patient = await signed_in(cabinet, "adult_with_accesses")
    await no_push_after(cabinet, patient)  # what the record held at sign-in is not news

    await add_result(cabinet, patient, clinical.HBA1C, 7.77)  # above 6.0: high
    report = await cabinet.tick()
    assert report.queued == 1 and report.record_unread == 0
    push = await cabinet.next_push(patient)
    assert push["text"] == text(
        "ntf-lab-result-high",
        measure=clinical.HBA1C.text,
        value=text("ntf-lab-value", number=7.77, unit=clinical.HBA1C.unit),
    )
    assert push["text"] == "Надійшов новий результат аналізу: Глікований гемоглобін (HbA1c) — 7,77 % ⬆️ вище норми."
    assert push.get("has_protected_content") is True
    assert buttons(push) == [text("ntf-btn-lab-results")]

    # A vital sign is not a lab result; and nothing repeats on later rounds.
    await add_result(cabinet, patient, clinical.BODY_WEIGHT, 81.3)
    await cabinet.tick()
    await cabinet.tick()
    await no_push_after(cabinet, patient)
    assert (await cabinet.outbox_kinds(patient.user_id)).count("record.lab_result_added") == 1

    lines = logged(caplog)
    for secret in (clinical.HBA1C.text, "Глікований", clinical.HBA1C.code, clinical.BODY_WEIGHT.text):
        assert secret not in lines, secret
    # The values as values (a record's timings hold any digits by chance).
    assert not re.search(r"(?<![\d.])(?:7[.,]77|81[.,]3)(?![\d])", lines)


async def test_a_new_referral_is_pushed_with_what_for_and_until_when_never_its_number(
    cabinet: Cabinet, caplog: pytest.LogCaptureFixture
) -> None:
    log_everything(caplog)
    patient = await signed_in(cabinet, "unverified_adult")

    referral = await write_referral(cabinet, patient, clinical.LIPID_PANEL, valid_days=14)
    assert referral["requisition"]
    await cabinet.tick()
    push = await cabinet.next_push(patient)
    valid_to = kyiv_day(referral["expiration_date"])
    assert push["text"] == " ".join(
        [
            text("ntf-referral", service=clinical.LIPID_PANEL.name),
            text("ntf-referral-valid-to", valid_to=valid_to),
        ]
    )
    assert push["text"].startswith("Лікар виписав вам направлення: ")
    assert referral["requisition"] not in push["text"]
    assert push.get("has_protected_content") is True
    assert buttons(push) == [text("ntf-btn-referrals")]
    await cabinet.tick()
    await no_push_after(cabinet, patient)

    lines = logged(caplog)
    for secret in (referral["requisition"], clinical.LIPID_PANEL.name):
        assert secret not in lines, secret


async def test_a_read_only_teen_is_told_of_their_own_results_and_referrals_in_english(cabinet: Cabinet) -> None:
    # Age rules as for prescriptions: a 14–17-year-old who may only view reads their own record, so is told.
    patient = await signed_in(cabinet, "teen_16_read_only", "en")
    await add_result(cabinet, patient, clinical.HAEMOGLOBIN, 110.0)  # below 120: low
    await write_referral(cabinet, patient, clinical.LIPID_PANEL)
    report = await cabinet.tick()
    assert report.queued == 2
    first, second = await cabinet.next_push(patient), await cabinet.next_push(patient)
    by_button = {buttons(first)[0]: first, buttons(second)[0]: second}
    result = by_button[text("ntf-btn-lab-results", "en")]
    assert result["text"] == text(
        "ntf-lab-result-low",
        "en",
        measure=clinical.HAEMOGLOBIN.text,
        value=text("ntf-lab-value", "en", number=110, unit=clinical.HAEMOGLOBIN.unit),
    )
    referral = by_button[text("ntf-btn-referrals", "en")]
    assert referral["text"].startswith(text("ntf-referral", "en", service=clinical.LIPID_PANEL.name))
    assert result.get("has_protected_content") is True and referral.get("has_protected_content") is True


async def test_record_notices_switched_off_are_not_sent_nor_replayed_when_switched_on(cabinet: Cabinet) -> None:
    patient = await signed_in(cabinet, "teen_17_capable")
    reminder = await cabinet.next_push(patient)  # her pediatrician's declaration ends at 18: reminded at once
    assert reminder["text"].startswith("Ваша декларація з педіатром")
    await cabinet.backend.update_settings(patient.user_id, notifications={"medical_record": False})
    before = await cabinet.outbox_kinds(patient.user_id)

    await add_result(cabinet, patient, clinical.GLUCOSE, 7.2)
    await write_referral(cabinet, patient, clinical.LIPID_PANEL)
    report = await cabinet.tick()
    assert report.failed == 0 and report.polled >= 1
    assert await cabinet.outbox_kinds(patient.user_id) == before

    await cabinet.backend.update_settings(patient.user_id, notifications={"medical_record": True})
    await cabinet.tick()
    assert await cabinet.outbox_kinds(patient.user_id) == before
    await no_push_after(cabinet, patient)


# The registry refusing the record's reads, and the cost --------------------------------------------------------


class CountingRegistry:
    """The sandbox's registry, every call counted by name; `refusal` is raised by the record's reads only."""

    def __init__(self, registry: RegistryPort) -> None:
        self._registry = registry
        self.calls: Counter[str] = Counter()
        self.refusal: RegistryError | None = None

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._registry, name)
        if not callable(attribute):
            return attribute

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            if name in RECORD_READS and self.refusal is not None:
                raise self.refusal
            return await attribute(*args, **kwargs)

        return counted


async def only_linked(cabinet: Cabinet, slug: str) -> Patient:
    """Everyone else signed out (a round polls this person alone), then this person signed in."""
    async with cabinet.services.sessionmaker() as session:
        user_ids = list(await session.scalars(select(PersonLink.telegram_user_id)))
    for user_id in user_ids:
        await cabinet.backend.sign_out(user_id)
    patient = await cabinet.sign_in(person(slug))
    await cabinet.next_push(patient)  # the menu
    return patient


def counting_watcher(cabinet: Cabinet) -> tuple[StatusWatcher, CountingRegistry]:
    services = cabinet.services
    registry = CountingRegistry(services.registry)
    settings = WatcherSettings(_env_file=None, enabled=False)  # type: ignore[call-arg]
    watcher = StatusWatcher(
        services.sessionmaker,
        registry,  # type: ignore[arg-type]
        services.tokens,
        services.clock,
        settings,
        budget=watcher_budget(services),
    )
    return watcher, registry


async def round_of(cabinet: Cabinet, watcher: StatusWatcher, *, slow: bool = True) -> TickReport:
    await cabinet.make_everyone_due(prescriptions=slow)
    report = await watcher.tick()
    assert report.failed == 0 and report.sessions_expired == 0, report
    return report


async def test_a_registry_refusing_the_record_holds_back_no_declaration_notice(cabinet: Cabinet) -> None:
    patient = await only_linked(cabinet, "adult_with_declaration")
    watcher, registry = counting_watcher(cabinet)
    registry.refusal = RegistryForbidden(status=403)  # a session from before the cabinet asked for the record
    report = await round_of(cabinet, watcher)
    assert report.record_unread == 1 and report.polled == 1
    # Олена's prescription that can be collected two more days is reminded with the first round.
    assert (await cabinet.next_push(patient))["text"].startswith("Нагадуємо: рецепт")

    await add_result(cabinet, patient, clinical.HBA1C, 6.9)  # there while refused: not news once readable
    declarations = await cabinet.backend.list_declarations(patient.user_id)
    await cabinet.control(
        "POST", f"/declarations/{declarations.current[0].id}/terminate", {"reason": "auto_reorganization"}
    )
    report = await round_of(cabinet, watcher)
    assert report.queued == 1 and report.record_unread == 1
    assert "більше не діє" in (await cabinet.next_push(patient))["text"]
    async with cabinet.services.sessionmaker() as session:  # still signed in: the refusal ended nothing
        assert await session.scalar(select(PersonLink).where(PersonLink.telegram_user_id == patient.user_id))
        assert [s.failures for s in await session.scalars(select(WatchSchedule))] == [0]

    registry.refusal = None
    report = await round_of(cabinet, watcher)
    assert report.record_unread == 0 and report.queued == 0  # the record's own baseline: silent
    await no_push_after(cabinet, patient)
    await write_referral(cabinet, patient, clinical.LIPID_PANEL)
    assert (await round_of(cabinet, watcher)).queued == 1
    pushed = await cabinet.next_push(patient)
    assert pushed["text"].startswith(text("ntf-referral", service=clinical.LIPID_PANEL.name))


async def test_the_polling_cost_of_the_medical_record_per_person_per_day(cabinet: Cabinet) -> None:
    """Counted, not assumed: the record's reads in a poll at the slow interval and in one at the fast interval,
    turned into calls per person per day at the configured slow interval."""
    patient = await only_linked(cabinet, "adult_without_declaration")
    watcher, registry = counting_watcher(cabinet)
    await round_of(cabinet, watcher)  # the baseline
    await add_result(cabinet, patient, clinical.CHOLESTEROL, 6.1)
    await write_referral(cabinet, patient, clinical.LIPID_PANEL)

    registry.calls.clear()
    assert (await round_of(cabinet, watcher)).queued == 2
    slow = sum(registry.calls[name] for name in RECORD_READS)
    registry.calls.clear()
    await round_of(cabinet, watcher, slow=False)  # a person kept on the fast interval: no record reads
    fast = sum(registry.calls[name] for name in RECORD_READS)

    settings = WatcherSettings(_env_file=None)  # type: ignore[call-arg]
    polls_per_day = 24 * 3600 // settings.slow_interval
    assert (slow, fast) == (2, 0)
    assert slow * polls_per_day == 96  # whatever the person holds: one page of each, never more
