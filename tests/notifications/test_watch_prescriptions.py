"""The watcher's prescription notices through the whole product (sandbox registry, backend, notifier, Telegram
emulator), with the prescriptions scripted in front of the registry: the rest of the person (declarations,
requests, accesses, the session) is the sandbox's. What this covers that the sandbox cannot: a registry that
refuses the prescriptions scope only (403, 401), and every registry call counted to measure the polling cost.

One stack for the module; one patient linked at a time (each test signs out at its end), so a round polls them.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import select

from backend.events import watch_store
from backend.events.watch_budget import WatchLane
from backend.events.watch_config import WatcherSettings
from backend.events.watcher import StatusWatcher, TickReport
from backend.models import PersonLink, WatchSchedule
from backend.registry.errors import (
    RegistryAuthExpired,
    RegistryError,
    RegistryForbidden,
    RegistryNotFound,
    RegistryUnavailable,
)
from backend.registry.port import (
    DivisionRef,
    DoctorRef,
    LegalEntityRef,
    MedicalProgramRef,
    MedicationDispense,
    MedicationInfo,
    MedicationRequest,
    Page,
    RegistryPort,
)
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

PRESCRIPTION_READS = ("list_medication_requests", "get_medication_request", "list_medication_dispenses")
RECORD_READS = ("list_observations", "list_service_requests")  # read at the same slow interval (their own test)
CLINIC = LegalEntityRef("le-1", "КНП «Центр ПМСД №1»")
PHARMACY = LegalEntityRef("le-ph", "Аптека «Подорожник»")
DIVISION = DivisionRef("div-1", "Амбулаторія №3")


class ScriptedPrescriptions:
    """The registry with the prescriptions taken over: what the test puts here is what the watcher reads, and
    every call the watcher makes is counted by name. A `refusal` is raised by the prescription reads only."""

    def __init__(self, registry: RegistryPort, today: Callable[[], date]) -> None:
        self._registry = registry
        self._today = today
        self.prescriptions: dict[str, MedicationRequest] = {}
        self.dispenses: list[MedicationDispense] = []
        self.refusal: RegistryError | None = None
        self.calls: Counter[str] = Counter()
        # Run once, right after the watcher has read a person's open requests (something happening meanwhile).
        self.after_requests_read: Callable[[], Awaitable[None]] | None = None
        # Registry ids are unique (outbox dedupe keys rely on it): each test's names get a suffix of their own.
        self._tag = uuid.uuid4().hex[:8]

    def id_of(self, name: str) -> str:
        return f"{name}-{self._tag}"

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._registry, name)
        if not callable(attribute):
            return attribute

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            answer = await attribute(*args, **kwargs)
            if name == "list_declaration_requests" and self.after_requests_read is not None:
                meanwhile, self.after_requests_read = self.after_requests_read, None
                await meanwhile()
            return answer

        return counted

    # The scripted registry -----------------------------------------------------------------------------

    def issue(self, name: str, medicine: str, *, valid_days: int = 30) -> MedicationRequest:
        today = self._today()
        prescription_id = self.id_of(name)
        prescription = MedicationRequest(
            id=prescription_id,
            request_number=f"0000-{name.upper()}",
            status="ACTIVE",
            created_at=today,
            started_at=today,
            ended_at=today + timedelta(days=30),
            dispense_valid_from=today,
            dispense_valid_to=today + timedelta(days=valid_days),
            medication=MedicationInfo("med-1", medicine, "TABLET", None, 60),
            program=MedicalProgramRef("prog-1", "Доступні ліки"),
            doctor=DoctorRef("emp-1", None, "Ірина", "Петренко", "Олегівна", "FAMILY_DOCTOR"),
            division=DIVISION,
            legal_entity=CLINIC,
            dosage_instructions=(),
        )
        self.prescriptions[prescription_id] = prescription
        return prescription

    def change(self, name: str, **changes: Any) -> None:
        self.prescriptions[self.id_of(name)] = replace(self.prescriptions[self.id_of(name)], **changes)

    def dispense(self, name: str, prescription_name: str) -> None:
        self.dispenses.append(
            MedicationDispense(
                id=self.id_of(name),
                medication_request_id=self.id_of(prescription_name),
                status="PROCESSED",
                dispensed_at=self._today(),
                pharmacy=PHARMACY,
                division=DIVISION,
                program=None,
                lines=(),
                payment_amount=0.0,
            )
        )

    async def list_medication_requests(
        self,
        token: str,
        *,
        status: str | None = None,
        request_number: str | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[MedicationRequest]:
        self.calls["list_medication_requests"] += 1
        self._refuse()
        items = tuple(p for p in self.prescriptions.values() if p.status == (status or "ACTIVE"))
        return Page(items, page, page_size, len(items), 1)

    async def get_medication_request(self, token: str, request_id: str) -> MedicationRequest:
        self.calls["get_medication_request"] += 1
        self._refuse()
        if request_id not in self.prescriptions:
            raise RegistryNotFound(status=404)
        return self.prescriptions[request_id]

    async def list_medication_dispenses(
        self,
        token: str,
        *,
        medication_request_id: str | None = None,
        status: str | None = None,
        dispensed_from: date | None = None,
        dispensed_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[MedicationDispense]:
        self.calls["list_medication_dispenses"] += 1
        self._refuse()
        items = tuple(
            d
            for d in self.dispenses
            if (status is None or d.status == status) and (dispensed_from is None or d.dispensed_at >= dispensed_from)
        )
        return Page(items, page, page_size, len(items), 1)

    def _refuse(self) -> None:
        if self.refusal is not None:
            raise self.refusal


class Scripted:
    """The cabinet with a watcher of its own reading prescriptions from the script."""

    def __init__(self, cabinet: Cabinet) -> None:
        self.cabinet = cabinet
        services = cabinet.services
        self.registry = ScriptedPrescriptions(services.registry, services.clock.today)
        settings = WatcherSettings(_env_file=None, enabled=False)  # type: ignore[call-arg]
        self.watcher = StatusWatcher(
            services.sessionmaker,
            self.registry,
            services.tokens,
            services.clock,
            settings,  # type: ignore[arg-type]
            budget=watcher_budget(services),
        )

    async def tick(self, *, prescriptions: bool = True) -> TickReport:
        """A round with everyone due; `prescriptions`: as if their last read were a slow interval ago."""
        await self.cabinet.make_everyone_due(prescriptions=prescriptions)
        report = await self.watcher.tick()
        assert report.failed == 0 and report.sessions_expired == 0, report
        return report

    async def pushed(self, patient: Patient) -> dict[str, Any]:
        return await self.cabinet.next_push(patient)

    async def nothing_new(self, patient: Patient) -> None:
        assert not [m for m in await self.cabinet.telegram.messages(patient.user_id) if m["message_id"] > patient.seen]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def cabinet(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Cabinet]:
    async with notification_stack(tmp_path_factory.mktemp("notify-rx")) as running:
        yield running


@pytest_asyncio.fixture(loop_scope="module")
async def scripted(cabinet: Cabinet) -> AsyncIterator[Scripted]:
    script = Scripted(cabinet)
    yield script
    async with cabinet.services.sessionmaker() as session:  # sign everyone out: the next test polls its own
        user_ids = list(await session.scalars(select(PersonLink.telegram_user_id)))
    for user_id in user_ids:
        await cabinet.backend.sign_out(user_id)


async def signed_in(script: Scripted, slug: str, language: str = "uk") -> Patient:
    patient = await script.cabinet.sign_in(person(slug), language)
    await script.pushed(patient)  # the menu
    return patient


async def test_each_prescription_notice_reaches_the_patient_once_and_protected(scripted: Scripted) -> None:
    registry = scripted.registry
    registry.issue("rx-1", "Метформін 500 мг таблетки")
    patient = await signed_in(scripted, "adult_without_declaration")
    await scripted.tick()
    await scripted.nothing_new(patient)  # the prescription there at sign-in is not news

    new = registry.issue("rx-2", "Аторвастатин 20 мг таблетки")
    assert (await scripted.tick()).queued == 1
    issued = await scripted.pushed(patient)
    assert issued["text"] == text(
        "ntf-rx-issued", medicine="Аторвастатин 20 мг таблетки", valid_to=new.dispense_valid_to
    )
    assert issued.get("has_protected_content") is True
    assert buttons(issued) == [text("ntf-btn-prescriptions")]
    # The section reads the sandbox's prescriptions (Андрій has none there), not this test's script.
    opened = await scripted.cabinet.press(patient, issued, text("ntf-btn-prescriptions"))
    assert text("rx-active-none") in opened["text"]

    registry.dispense("disp-1", "rx-2")
    await scripted.tick()
    partly = await scripted.pushed(patient)
    assert partly["text"] == text(
        "ntf-rx-dispensed-partly", medicine="Аторвастатин 20 мг таблетки", valid_to=new.dispense_valid_to
    )
    assert partly.get("has_protected_content") is True

    registry.dispense("disp-2", "rx-2")
    registry.change("rx-2", status="COMPLETED")
    await scripted.tick()
    fully = await scripted.pushed(patient)
    assert fully["text"] == text("ntf-rx-dispensed-fully", medicine="Аторвастатин 20 мг таблетки")

    registry.change("rx-1", status="REJECTED", reject_reason_code="PATIENT_REJECT")
    await scripted.tick()
    rejected = await scripted.pushed(patient)
    assert rejected["text"].startswith(text("ntf-rx-rejected", medicine="Метформін 500 мг таблетки"))
    assert text("ntf-reason", reason=text("ntf-rx-reject-patient-reject")) in rejected["text"]

    registry.issue("rx-3", "Лозартан 50 мг таблетки", valid_days=10)
    await scripted.tick()
    await scripted.pushed(patient)  # issued
    registry.change("rx-3", dispense_valid_to=scripted.cabinet.services.clock.today() + timedelta(days=3))
    await scripted.tick()
    reminder = await scripted.pushed(patient)
    assert reminder["text"] == text(
        "ntf-rx-expiring",
        medicine="Лозартан 50 мг таблетки",
        valid_to=scripted.cabinet.services.clock.today() + timedelta(days=3),
    )

    # Each exactly once: more rounds add nothing.
    await scripted.tick()
    await scripted.tick()
    await scripted.nothing_new(patient)
    kinds = await scripted.cabinet.outbox_kinds(patient.user_id)
    assert [k for k in kinds if k.startswith("prescription.")] == [
        "prescription.issued",
        "prescription.dispensed",
        "prescription.dispensed",
        "prescription.rejected",
        "prescription.issued",
        "prescription.expiring",
    ]


async def test_prescription_notices_switched_off_are_not_sent(scripted: Scripted) -> None:
    patient = await signed_in(scripted, "adult_with_accesses", "en")
    await scripted.tick()
    await scripted.cabinet.backend.update_settings(patient.user_id, notifications={"prescriptions": False})

    scripted.registry.issue("rx-9", "Сальбутамол інгаляції")
    assert (await scripted.tick()).queued == 0
    await scripted.nothing_new(patient)
    assert not [k for k in await scripted.cabinet.outbox_kinds(patient.user_id) if k.startswith("prescription.")]


@pytest.mark.parametrize(
    ("refusal", "slug"),
    [(RegistryForbidden(status=403), "adult_with_declaration"), (RegistryAuthExpired(status=401), "teen_17_capable")],
    ids=["403", "401"],
)
async def test_a_registry_refusing_prescriptions_only_leaves_declaration_notices_alone(
    scripted: Scripted, refusal: RegistryError, slug: str
) -> None:
    registry = scripted.registry
    registry.issue("rx-1", "Метформін 500 мг таблетки")
    registry.refusal = refusal
    patient = await signed_in(scripted, slug)
    report = await scripted.tick()
    assert report.prescriptions_unread == 1 and report.polled == 1
    if slug == "teen_17_capable":  # the pediatrician's declaration ends at 18: its reminder comes with the baseline
        assert (await scripted.pushed(patient))["text"].startswith("Ваша декларація з педіатром")

    declarations = await scripted.cabinet.backend.list_declarations(patient.user_id)
    declaration_id = declarations.current[0].id
    await scripted.cabinet.control(
        "POST", f"/declarations/{declaration_id}/terminate", {"reason": "auto_reorganization"}
    )
    report = await scripted.tick()
    assert report.queued == 1 and report.prescriptions_unread == 1
    ended = await scripted.pushed(patient)
    assert "більше не діє" in ended["text"]
    async with scripted.cabinet.services.sessionmaker() as session:  # still signed in: the refusal ended nothing
        assert await session.scalar(select(PersonLink).where(PersonLink.telegram_user_id == patient.user_id))

    # Readable again: what was there all along is recorded silently, not announced as new.
    registry.refusal = None
    report = await scripted.tick()
    assert report.prescriptions_unread == 0 and report.queued == 0
    await scripted.nothing_new(patient)
    registry.issue("rx-2", "Аторвастатин 20 мг таблетки")
    assert (await scripted.tick()).queued == 1
    assert (await scripted.pushed(patient))["text"].startswith(
        text(
            "ntf-rx-issued",
            medicine="Аторвастатин 20 мг таблетки",
            valid_to=registry.prescriptions[registry.id_of("rx-2")].dispense_valid_to,
        )
    )


async def test_the_polling_cost_of_prescriptions_per_person_per_day(scripted: Scripted) -> None:
    """Counted, not assumed: the registry calls of one idle poll without prescriptions, then with one active
    prescription, turned into calls per person per day at the configured slow interval."""
    registry = scripted.registry
    await signed_in(scripted, "unverified_adult")
    await scripted.tick()  # the baseline (and the lookups a first poll makes)
    await _settle(scripted)

    registry.calls.clear()
    await scripted.tick()
    without = sum(registry.calls[name] for name in PRESCRIPTION_READS)
    declarations_side = sum(registry.calls.values()) - without - sum(registry.calls[name] for name in RECORD_READS)

    registry.issue("rx-1", "Метформін 500 мг таблетки")
    await scripted.tick()  # announced
    registry.calls.clear()
    await scripted.tick()
    with_active = sum(registry.calls[name] for name in PRESCRIPTION_READS)

    # A round soon after (a person kept on the fast interval by something pending) reads no prescriptions.
    registry.calls.clear()
    await scripted.tick(prescriptions=False)
    assert sum(registry.calls[name] for name in PRESCRIPTION_READS) == 0
    assert sum(registry.calls.values()) == declarations_side

    settings = WatcherSettings(_env_file=None)  # type: ignore[call-arg]
    polls_per_day = 24 * 3600 // settings.slow_interval
    assert (without, with_active) == (1, 2)
    assert polls_per_day == 48
    # 48 extra calls a day for a person without prescriptions, 96 with one; the declarations side is 3 a poll.
    assert (without * polls_per_day, with_active * polls_per_day) == (48, 96)
    assert declarations_side == 3


async def _settle(scripted: Scripted) -> None:
    """Idle: nothing pending, so the person is on the slow interval."""
    async with scripted.cabinet.services.sessionmaker() as session:
        pending = list(await session.scalars(select(WatchSchedule.pending)))
    assert pending == [False]


async def test_prescriptions_failing_hold_nothing_back_and_are_read_again_next_time(scripted: Scripted) -> None:
    registry = scripted.registry
    patient = await signed_in(scripted, "unverified_adult")
    await scripted.tick()
    registry.refusal = RegistryUnavailable(status=503)
    registry.issue("rx-1", "Метформін 500 мг таблетки")

    report = await scripted.tick()
    assert report.polled == 1 and report.prescriptions_unread == 1  # not a failed poll: no back-off
    async with scripted.cabinet.services.sessionmaker() as session:
        assert [s.failures for s in await session.scalars(select(WatchSchedule))] == [0]

    registry.refusal = None
    assert (await scripted.tick(prescriptions=False)).queued == 1  # not read last time: read at once
    issued = await scripted.pushed(patient)
    valid_to = registry.prescriptions[registry.id_of("rx-1")].dispense_valid_to
    assert issued["text"] == text("ntf-rx-issued", medicine="Метформін 500 мг таблетки", valid_to=valid_to)


async def test_a_request_made_while_the_person_is_polled_keeps_them_urgent_and_due(scripted: Scripted) -> None:
    """The patient creates a declaration request in the cabinet just after the watcher read their open requests:
    the poll ends without having seen it, and must not plan their next poll half an hour away."""
    patient = await signed_in(scripted, "adult_without_declaration")
    await scripted.tick()  # the baseline
    services = scripted.cabinet.services
    async with services.sessionmaker() as session:
        person_id = await session.scalar(
            select(PersonLink.person_id).where(PersonLink.telegram_user_id == patient.user_id)
        )
    assert person_id is not None

    async def request_made_in_the_cabinet() -> None:
        async with services.sessionmaker() as session:
            await watch_store.request_created(session, person_id, now=services.clock.now())
            await session.commit()

    scripted.registry.after_requests_read = request_made_in_the_cabinet
    await scripted.tick()
    assert scripted.registry.after_requests_read is None  # it ran, in the middle of the poll
    async with services.sessionmaker() as session:
        schedule = await session.get(WatchSchedule, person_id)
    assert schedule is not None
    assert (schedule.lane, schedule.pending) == (WatchLane.URGENT, True)
    assert schedule.next_poll_at <= services.clock.now()  # due now: the next round reads the new request
