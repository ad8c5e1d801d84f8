"""Benchmark of the status watcher at national scale: how long each kind of change takes to reach the outbox.

The real watcher (`StatusWatcher`: its rules, its store, the outbox, on SQLite) polls N linked persons through the
client's one registry budget (`LocalCallBudget`, the WATCHER lane) against a registry that answers from memory
and counts calls, on a simulated clock: no sleeping, each round moves the clock by the watcher's tick.

The registry changes at steady rates per linked person and day (`RATES`, a cabinet's active patients): a request
created in the cabinet and signed by the doctor later (or left to expire: the expiry reminder), a declaration
terminated, a pediatrician's declaration ending at 18 (its reminder), an access granted, a new prescription, a
dispense, a prescription's dispense period ending (its reminder), a lab result, a referral. Each kind gets at
least `--min-events` changes, so a small N still gives a percentile (at 1,000 persons that is far above the
rates). A change's latency runs from the moment it happens in the registry (a reminder's: from the moment it is
due) to its notice in the outbox; a change not in the outbox when the run ends counts as missed.

The run starts in steady state: every person was already polled once (their baseline is in the state), their
next polls spread over one round, as a watcher that has run for days would leave them.

Prints ONE JSON line per N: calls per 15-minute window (max over every window, and mean) against the budget,
the budget used, latency p50/p95/max per kind in seconds, the calls a full round over every person takes, and
what the physical bound of a full round is at this budget. Writes a chart of p95 latency against N per kind
(bench/watch_scale.png) when matplotlib is installed.

With `--active-per-hour A`, patients use the bot beside the watcher: their screens' registry calls (`FLOW_CALLS`,
with the product's caching) take from the same budget in the PATIENT lane, each at its moment between the
watcher's rounds. The line then says what the patients wanted, made and were refused, how many of those
refusals the same budget makes with no watcher at all (more with the watcher would be refusals for its sake),
and the budget that load itself needs (the least at which no patient's call is refused, found by bisection).
`--plus-load` gives the client `--budget` on top of that, so the watcher's figures show what its share buys.

    .venv/bin/python bench/watch_scale.py [--n 1000 10000 100000] [--budget 1000] [--hours H] [--slow-interval S]
        [--active-per-hour A [--plus-load]]

The default run simulates 2 hours at 1,000 and 10,000 persons and 1 hour at 100,000 (the wall-time limit of
3 minutes for all three; it says so in its output): too short to see the sweep's p95 beyond 1,000 persons,
which then shows as a lower bound.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import math
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from sqlalchemy import select

from backend.auth.tokens import TokenService
from backend.clock import KYIV, Clock
from backend.db import Base, make_engine, make_sessionmaker
from backend.domain.events import default_preferences
from backend.events import watch_store
from backend.events.watch_config import WatcherSettings
from backend.events.watch_rules import SCAN_ID, EntityKind
from backend.events.watcher import REMINDER_HORIZON, StatusWatcher
from backend.models import OutboxEvent
from backend.registry.budget import BudgetShape, Lane, LaneBudget, LocalCallBudget
from backend.registry.errors import RegistryNotFound
from backend.registry.port import (
    Access,
    CodedValue,
    Declaration,
    DeclarationRequest,
    DivisionRef,
    DoctorRef,
    LegalEntityRef,
    MedicalProgramRef,
    MedicationDispense,
    MedicationInfo,
    MedicationRequest,
    Observation,
    Page,
    RecordRef,
    ServiceRequest,
)
from backend.security import TokenCipher

# 23:30 in Kyiv: reminders fall due at the patient's midnight (Kyiv days), half an hour into the run.
T0 = datetime(2026, 12, 6, 21, 30, tzinfo=UTC)
WINDOW_S = 900.0  # eHealth counts calls per 15 minutes
DEFAULT_NS = (1_000, 10_000, 100_000)
HOURS_AT = {1_000: 2.0, 10_000: 2.0, 100_000: 1.0}  # the default simulated time per N (wall-time limit)
CHART = Path(__file__).with_name("watch_scale.png")

# Changes per linked person per day (assumed for a cabinet's patients; the bench's own choice, not eHealth's).
RATES: dict[str, float] = {
    "request_signed": 1 / 1000,  # a request created in the cabinet, signed by the doctor within hours
    "request_expiring": 1 / 5000,  # a request left unsigned: the reminder 3 h before it expires
    "declaration_terminated": 1 / 3000,
    "pediatric_ending": 0.2 / 18 / 365,  # a fifth are children; each turns 18 once
    "access_granted": 1 / 2000,
    "prescription_issued": 1 / 200,
    "prescription_dispensed": 1 / 250,
    "prescription_expiring": 1 / 1000,
    "lab_result": 1 / 150,
    "referral": 1 / 300,
}
KINDS = tuple(RATES)
REQUEST_TTL = timedelta(hours=24)  # the sandbox's; eHealth's production value is not published
SIGN_DELAY_MEAN_S = 3600.0  # the doctor signs about an hour after the request is made (at least 2 minutes)

# Patients using the bot beside the watcher (`--active-per-hour`): each active patient opens one session, which
# walks 1–3 flows. A flow's registry calls are the whole flow's, with the product's caching, as
# bench/flow_calls.py counts them over the real backend (its "after" column in docs/benchmarks.md, pinned by
# tests/backend/app/test_registry_calls_per_screen.py): a patient who opens fewer screens makes fewer calls.
# How often each flow is walked is the bench's own assumption.
FLOW_CALLS: dict[str, tuple[int, float]] = {  # flow → (registry calls, share of the flows walked)
    "sign_in": (2, 0.10),
    "personal_data": (2, 0.08),
    "declarations": (3, 0.20),
    "doctor_search": (0, 0.10),
    "declaration_submission": (7, 0.08),
    "accesses": (3, 0.04),
    "prescriptions": (7, 0.20),
    "medical_record": (10, 0.15),
    "vaccinations": (4, 0.05),
}
FLOWS_PER_SESSION = (1, 3)  # uniform, inclusive
SCREEN_SECONDS = (5.0, 40.0)  # between two registry calls of a session: reading a screen, pressing a button

_DOCTOR = DoctorRef("emp-1", "party-1", "Олена", "Коваль", "Петрівна", "FAMILY_DOCTOR")
_PEDIATRICIAN = replace(_DOCTOR, employee_id="emp-2", speciality="PEDIATRICIAN")
_DIVISION = DivisionRef("div-1", "Амбулаторія №1")
_LEGAL = LegalEntityRef("le-1", "КНП «Центр ПМД»")
_PROGRAM = MedicalProgramRef("prog-1", "Доступні ліки")
_MEDICATION = MedicationInfo("med-1", "Метформін 500 мг таблетки", "TABLET", None, 60.0)


class SimClock(Clock):
    """The backend's clock on simulated time: it moves only when the bench moves it."""

    def __init__(self, start: datetime) -> None:
        super().__init__()
        self.start = start

    def now(self) -> datetime:
        return self.start + self.offset

    def monotonic(self) -> float:
        return self.offset.total_seconds()


@dataclass
class Person:
    """What the registry holds for one person (only persons something happens to get one)."""

    requests: dict[str, DeclarationRequest] = field(default_factory=dict)
    declarations: list[Declaration] = field(default_factory=list)
    accesses: list[Access] = field(default_factory=list)
    prescriptions: dict[str, MedicationRequest] = field(default_factory=dict)
    dispenses: list[MedicationDispense] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    referrals: list[ServiceRequest] = field(default_factory=list)


def _declaration(declaration_id: str, status: str = "active", doctor: DoctorRef = _DOCTOR) -> Declaration:
    return Declaration(
        declaration_id, None, status, None, None, date(2024, 1, 10), None, None, doctor, _DIVISION, _LEGAL
    )


def _prescription(prescription_id: str, status: str, valid_to: date) -> MedicationRequest:
    return MedicationRequest(
        prescription_id,
        "0000-0000-0000-0000",
        status,
        valid_to - timedelta(days=30),
        None,
        None,
        valid_to - timedelta(days=30),
        valid_to,
        _MEDICATION,
        _PROGRAM,
        _DOCTOR,
        _DIVISION,
        _LEGAL,
        (),
    )


def _request(request_id: str, status: str, expires_at: datetime) -> DeclarationRequest:
    return DeclarationRequest(
        request_id,
        status,
        None,
        None,
        _DOCTOR,
        _DIVISION,
        _LEGAL,
        None,
        None,
        expires_at - REQUEST_TTL,
        None,
        f"decl-of-{request_id}" if status == "SIGNED" else None,
        None,
        None,
        expires_at,
    )


def _page(items: list[Any], page: int, page_size: int) -> Page[Any]:
    chunk = items[(page - 1) * page_size : page * page_size]
    pages = max(1, -(-len(items) // page_size))
    return Page(tuple(chunk), page, page_size, len(items), pages)


class MemoryRegistry:
    """The part of `RegistryPort` the watcher reads, from memory; every call counted with its simulated time."""

    def __init__(self, clock: SimClock) -> None:
        self.clock = clock
        self.people: dict[str, Person] = {}
        self.call_times: list[float] = []
        self.calls: Counter[str] = Counter()
        self.polls: dict[str, list[list[str]]] = defaultdict(list)  # person → the calls of each poll

    def person(self, person_id: str) -> Person:
        found = self.people.get(person_id)
        if found is None:
            found = self.people[person_id] = Person(declarations=[_declaration(f"d-{person_id}")])
        return found

    def _count(self, name: str, person_id: str) -> Person:
        self.call_times.append(self.clock.monotonic())
        self.calls[name] += 1
        polls = self.polls[person_id]
        if name == "list_declaration_requests" or not polls:  # every poll starts with the open requests
            polls.append([])
        polls[-1].append(name)
        return self.person(person_id)

    # The patient's token is "tok-<person id>" (see `seed`).
    async def list_declaration_requests(
        self, token: str, *, status: str | None = None, page: int = 1, page_size: int = 50
    ) -> Page[DeclarationRequest]:
        person = self._count("list_declaration_requests", token[4:])
        items = [r for r in person.requests.values() if status is None or r.status == status]
        return _page(items, page, page_size)

    async def get_declaration_request(self, token: str, request_id: str) -> DeclarationRequest:
        person = self._count("get_declaration_request", token[4:])
        if request_id not in person.requests:
            raise RegistryNotFound(status=404)
        return person.requests[request_id]

    async def list_declarations(
        self, token: str, *, status: str | None = None, page: int = 1, page_size: int = 50
    ) -> Page[Declaration]:
        person = self._count("list_declarations", token[4:])
        return _page(person.declarations, page, page_size)

    async def list_accesses(self, token: str) -> list[Access]:
        return list(self._count("list_accesses", token[4:]).accesses)

    async def list_medication_requests(
        self,
        token: str,
        *,
        status: str | None = None,
        request_number: str | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[MedicationRequest]:
        person = self._count("list_medication_requests", token[4:])
        items = [p for p in person.prescriptions.values() if status is None or p.status == status]
        return _page(items, page, page_size)

    async def get_medication_request(self, token: str, request_id: str) -> MedicationRequest:
        person = self._count("get_medication_request", token[4:])
        if request_id not in person.prescriptions:
            raise RegistryNotFound(status=404)
        return person.prescriptions[request_id]

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
        person = self._count("list_medication_dispenses", token[4:])
        items = [d for d in person.dispenses if dispensed_from is None or d.dispensed_at >= dispensed_from]
        return _page(items, page, page_size)

    async def list_observations(
        self,
        token: str,
        patient_id: str,
        *,
        code: str | None = None,
        issued_from: date | None = None,
        issued_to: date | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[Observation]:
        person = self._count("list_observations", patient_id)
        return _page(sorted(person.observations, key=lambda o: o.issued, reverse=True), page, page_size)

    async def list_service_requests(
        self,
        token: str,
        patient_id: str,
        *,
        status: str | None = None,
        episode_id: str | None = None,
        code: str | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[ServiceRequest]:
        person = self._count("list_service_requests", patient_id)
        return _page(person.referrals, page, page_size)

    async def refresh(self, refresh_token: str) -> Any:
        raise AssertionError("the bench's sessions never expire")


# --- The stream of changes ------------------------------------------------------------------------------


@dataclass(order=True)
class Change:
    at: float  # simulated seconds from the start: when the registry changes
    seq: int
    kind: str = field(compare=False)
    person: int = field(compare=False)
    key: str = field(compare=False)  # the notice's dedupe key
    due: float = field(compare=False, default=-1.0)  # when the notice is due (a reminder: later than `at`)
    measured: bool = field(compare=False, default=True)
    expires: float = field(compare=False, default=0.0)  # a created request: when it expires


def _kyiv_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=KYIV).astimezone(UTC)


@dataclass
class World:
    """The persons, what the registry holds, the planned changes and what the seeding put in the state."""

    n: int
    seconds: float
    rng: random.Random
    changes: list[Change] = field(default_factory=list)
    seeded_prescriptions: dict[int, list[tuple[str, date]]] = field(default_factory=dict)
    pediatric_births: dict[int, date] = field(default_factory=dict)

    def plan(self, min_events: int) -> None:
        seq = 0
        taken: set[int] = set()  # persons with a seeded reminder or prescription: one story each, for clarity

        def person() -> int:
            while True:
                index = self.rng.randrange(self.n)
                if index not in taken:
                    return index

        def count(kind: str) -> int:
            return max(min_events, round(RATES[kind] * self.n * self.seconds / 86400))

        def add(
            at: float, kind: str, who: int, key: str, *, due: float = -1.0, measured: bool = True, expires: float = 0.0
        ) -> None:
            nonlocal seq
            seq += 1
            self.changes.append(Change(at, seq, kind, who, key, due if due >= 0 else at, measured, expires))

        ttl = REQUEST_TTL.total_seconds()

        for i in range(count("request_signed")):
            who, created = person(), self.rng.uniform(0, self.seconds)
            signed = created + max(120.0, self.rng.expovariate(1 / SIGN_DELAY_MEAN_S))
            signed = min(signed, created + ttl - 60)  # signed before it expires
            add(created, "request_created", who, f"rq-s{i}", measured=False, expires=created + ttl)
            add(signed, "request_signed", who, f"request:rq-s{i}:SIGNED")
        for i in range(count("request_expiring")):
            # Made in the cabinet up to a day before the run (it is open when the run starts), never signed: the
            # reminder is due 3 hours before it expires, within the run.
            who = person()
            due = self.rng.uniform(0, self.seconds)
            created = due - ttl + 3 * 3600
            add(created, "request_created", who, f"rq-x{i}", measured=False, expires=created + ttl)
            add(due, "request_expiring", who, f"reminder:request_expiring:rq-x{i}", due=due)
        for _ in range(count("declaration_terminated")):
            who = person()
            taken.add(who)
            key = f"declaration:d-p{who:07d}:terminated"
            add(self.rng.uniform(0, self.seconds), "declaration_terminated", who, key)
        start_day = (T0.astimezone(KYIV)).date()
        for _ in range(count("pediatric_ending")):
            who = person()
            taken.add(who)
            # The reminder is due 30 days before the declaration ends (the day before the 18th birthday).
            due_day = start_day + timedelta(days=self.rng.randrange(0, max(1, int(self.seconds // 86400) + 1)))
            birthday = due_day + timedelta(days=31)
            self.pediatric_births[who] = birthday.replace(year=birthday.year - 18)
            due = (_kyiv_midnight(due_day) - T0).total_seconds()
            if due < 0:  # due before the run: the watcher could have told already; take the next day
                due_day += timedelta(days=1)
                birthday = due_day + timedelta(days=31)
                self.pediatric_births[who] = birthday.replace(year=birthday.year - 18)
                due = (_kyiv_midnight(due_day) - T0).total_seconds()
            add(due, "pediatric_ending", who, f"reminder:pediatric_ending:d-ped-{who}", due=due)
        for i in range(count("access_granted")):
            add(self.rng.uniform(0, self.seconds), "access_granted", person(), f"access:a-{i}:granted")
        for i in range(count("prescription_issued")):
            add(self.rng.uniform(0, self.seconds), "prescription_issued", person(), f"prescription:rx-n{i}:issued")
        for i in range(count("prescription_dispensed")):
            who = person()
            taken.add(who)
            self.seeded_prescriptions.setdefault(who, []).append((f"rx-d{i}", start_day + timedelta(days=20)))
            add(
                self.rng.uniform(0, self.seconds),
                "prescription_dispensed",
                who,
                f"prescription:rx-d{i}:COMPLETED",
            )
        for i in range(count("prescription_expiring")):
            who = person()
            taken.add(who)
            due_day = start_day + timedelta(days=1 + self.rng.randrange(0, max(1, int(self.seconds // 86400))))
            valid_to = due_day + timedelta(days=3)
            self.seeded_prescriptions.setdefault(who, []).append((f"rx-x{i}", valid_to))
            due = (_kyiv_midnight(due_day) - T0).total_seconds()
            add(due, "prescription_expiring", who, f"prescription:rx-x{i}:expiring", due=due)
        for i in range(count("lab_result")):
            add(self.rng.uniform(0, self.seconds), "lab_result", person(), f"lab_result:obs-{i}:added")
        for i in range(count("referral")):
            add(self.rng.uniform(0, self.seconds), "referral", person(), f"referral:ref-{i}:issued")
        # Changes before the run (an expiring request made yesterday) happen at once at the start.
        for change in self.changes:
            change.at = max(change.at, 0.0)
        self.changes.sort()


def apply(change: Change, registry: MemoryRegistry, clock: SimClock) -> None:
    """The registry's side of one change."""
    person_id = f"p{change.person:07d}"
    person = registry.person(person_id)
    now = clock.now()
    kind = change.kind
    if kind == "request_created":
        person.requests[change.key] = _request(change.key, "NEW", T0 + timedelta(seconds=change.expires))
    elif kind == "request_signed":
        request_id = change.key.split(":")[1]
        old = person.requests[request_id]
        person.requests[request_id] = _request(request_id, "SIGNED", old.expires_at or now)
        person.declarations = [*person.declarations, _declaration(f"decl-of-{request_id}")]
    elif kind == "declaration_terminated":
        declaration_id = change.key.split(":")[1]
        person.declarations = [
            _declaration(d.id, "terminated") if d.id == declaration_id else d for d in person.declarations
        ]
    elif kind == "access_granted":
        access_id = change.key.split(":")[1]
        person.accesses.append(Access(access_id, "client-x", "Інша МІС", ("read",), now))
    elif kind == "prescription_issued":
        prescription_id = change.key.split(":")[1]
        person.prescriptions[prescription_id] = _prescription(
            prescription_id, "ACTIVE", now.astimezone(KYIV).date() + timedelta(days=30)
        )
    elif kind == "prescription_dispensed":
        prescription_id = change.key.split(":")[1]
        old = person.prescriptions[prescription_id]
        person.prescriptions[prescription_id] = replace(old, status="COMPLETED")
        person.dispenses.append(
            MedicationDispense(
                f"disp-{prescription_id}",
                prescription_id,
                "PROCESSED",
                now.astimezone(KYIV).date(),
                _LEGAL,
                _DIVISION,
                _PROGRAM,
                (),
                0.0,
            )
        )
    elif kind == "lab_result":
        observation_id = change.key.split(":")[1]
        person.observations.append(
            Observation(
                observation_id,
                "valid",
                CodedValue("2345-7", text="Глюкоза"),
                ("laboratory",),
                now,
                now,
                value_number=5.1,
                unit="ммоль/л",
            )
        )
    elif kind == "referral":
        referral_id = change.key.split(":")[1]
        person.referrals.append(
            ServiceRequest(
                referral_id,
                "0000-REF",
                "active",
                "order",
                "routine",
                None,
                RecordRef("svc-1", "Консультація кардіолога"),
                None,
                None,
                now + timedelta(days=90),
                None,
                None,
            )
        )
    # Reminders (request, pediatric, prescription expiring) need no registry change: they fall due.


# --- Seeding ---------------------------------------------------------------------------------------------


async def seed(world: World, engine: Any, registry: MemoryRegistry, cipher: TokenCipher, round_s: float) -> None:
    """N accounts and links, each already polled once: baseline recorded, next poll spread over one round.

    Written with the driver's executemany (the rows `StatusWatcher` and the sign-in would have written): the ORM
    takes half a minute for 100,000 persons, this a few seconds."""
    refresh = cipher.encrypt("refresh")
    far = _ts(T0 + timedelta(days=365))
    linked_at = T0 - timedelta(days=60)
    linked = _ts(linked_at)
    prefs = json.dumps(default_preferences())
    rng = world.rng
    # A reminder falling due during the run: the watcher's last full poll of that person saw it coming and put
    # them in the timed lane (`REMINDER_HORIZON`), at their turn or at that moment, whichever comes first.
    timed: dict[int, float] = {}
    pediatric_due = {c.person: c.due for c in world.changes if c.kind == "pediatric_ending"}
    for change in world.changes:
        if change.kind in ("pediatric_ending", "prescription_expiring"):
            timed[change.person] = min(timed.get(change.person, change.due), change.due)
    accounts, links, schedules, states = [], [], [], []
    for i in range(world.n):
        person_id = f"p{i:07d}"
        user_id = 10_000_000 + i
        birth = world.pediatric_births.get(i, date(1980, 1, 1)).isoformat()
        accounts.append((user_id, user_id, "uk", prefs, 0, linked, linked))
        token = cipher.encrypt(f"tok-{person_id}")
        links.append((user_id, person_id, linked, "Пацієнт", birth, 0, "full", token, refresh, far, "", linked))
        last = T0 - timedelta(seconds=rng.uniform(0, round_s))
        next_poll, lane = last + timedelta(seconds=min(round_s, 1800)), 2
        if i in timed and T0 + timedelta(seconds=timed[i]) - last <= REMINDER_HORIZON:
            next_poll, lane = min(next_poll, T0 + timedelta(seconds=timed[i])), 1
        schedules.append((person_id, _ts(next_poll), 0, lane, linked, _ts(last), 0))
        declaration_id = f"d-{person_id}"
        if i in world.pediatric_births:
            declaration_id = f"d-ped-{i}"
            registry.people[person_id] = Person(declarations=[_declaration(declaration_id, doctor=_PEDIATRICIAN)])
        seen = _ts(last)
        # The last full poll kept each reminder's moment (`due_at`), as the watcher does.
        pediatric_at = _ts(T0 + timedelta(seconds=pediatric_due[i])) if i in pediatric_due else None
        states.append((person_id, EntityKind.DECLARATION.value, declaration_id, "active", pediatric_at, seen))
        for scan in (EntityKind.PRESCRIPTION_SCAN, EntityKind.LAB_RESULTS_SCAN, EntityKind.REFERRALS_SCAN):
            states.append((person_id, scan.value, SCAN_ID, "done", seen, seen))
        for prescription_id, valid_to in world.seeded_prescriptions.get(i, []):
            registry.person(person_id).prescriptions[prescription_id] = _prescription(
                prescription_id, "ACTIVE", valid_to
            )
            expiry_at = _kyiv_midnight(valid_to - timedelta(days=3))  # prescription_expiry_notice_days
            states.append((person_id, EntityKind.PRESCRIPTION.value, prescription_id, "ACTIVE", _ts(expiry_at), seen))
    async with engine.begin() as connection:
        await connection.exec_driver_sql(
            "INSERT INTO telegram_accounts (telegram_user_id, chat_id, language, notification_prefs, unreachable, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            accounts,
        )
        await connection.exec_driver_sql(
            "INSERT INTO person_links (telegram_user_id, person_id, linked_at, first_name, birth_date, "
            "legal_capacity_confirmed, access_level, access_token_encrypted, refresh_token_encrypted, "
            "access_expires_at, token_scope, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            links,
        )
        await connection.exec_driver_sql(
            "INSERT INTO watch_schedule (person_id, next_poll_at, pending, lane, baseline_of, last_polled_at, "
            "failures) VALUES (?, ?, ?, ?, ?, ?, ?)",
            schedules,
        )
        await connection.exec_driver_sql(
            "INSERT INTO watch_state (person_id, entity_kind, entity_id, status, reminded, due_at, seen_at) "
            "VALUES (?, ?, ?, ?, 0, ?, ?)",
            states,
        )


def _ts(moment: datetime) -> str:
    """A datetime as `UTCDateTime` stores it in SQLite: naive UTC text."""
    return moment.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


# --- Patients using the bot ------------------------------------------------------------------------------


def patient_calls(active_per_hour: float, seconds: float, rng: random.Random) -> list[float]:
    """When active patients' screens call the registry: sessions start as a Poisson stream, each walks
    `FLOWS_PER_SESSION` flows (`FLOW_CALLS`), one call per screen, a screen every `SCREEN_SECONDS`."""
    if active_per_hour <= 0:
        return []
    flows = list(FLOW_CALLS)
    weights = [FLOW_CALLS[flow][1] for flow in flows]
    times: list[float] = []
    start = rng.expovariate(active_per_hour / 3600)
    while start < seconds:
        at = start
        for flow in rng.choices(flows, weights, k=rng.randint(*FLOWS_PER_SESSION)):
            for _ in range(FLOW_CALLS[flow][0]):
                at += rng.uniform(*SCREEN_SECONDS)
                if at < seconds:
                    times.append(at)
        start += rng.expovariate(active_per_hour / 3600)
    times.sort()
    return times


async def refused_alone(times: list[float], budget: int) -> int:
    """How many of the patients' calls the client's budget refuses when nothing else calls the registry."""
    offset = [0.0]
    alone = LocalCallBudget(BudgetShape(budget, WINDOW_S), clock=lambda: offset[0])
    refused = 0
    for at in times:
        offset[0] = at
        refused += not await alone.try_take(Lane.PATIENT)
    return refused


async def budget_the_load_needs(times: list[float]) -> int:
    """The least budget (calls / 15 min, to 1 %) at which no patient's call is refused with nothing else calling:
    what the patients' load itself needs, before the watcher's share."""
    if not times:
        return 0
    low, high = 2, 2
    while await refused_alone(times, high):
        low, high = high, high * 2
    while high - low > max(1, high // 100):
        middle = (low + high) // 2
        if await refused_alone(times, middle):
            low = middle
        else:
            high = middle
    return high


# --- The run ---------------------------------------------------------------------------------------------


async def on_request_created(sessionmaker: Any, person_id: str, now: datetime) -> None:
    """What the backend does when a patient creates a request in the cabinet, if it tells the watcher."""
    hook = getattr(watch_store, "request_created", None)
    if hook is None:
        return
    async with sessionmaker() as session:
        await hook(session, person_id, now=now)
        await session.commit()


def window_figures(times: list[float], seconds: float, budget: int) -> dict[str, Any]:
    """The most calls in any 15-minute window (sliding, every call a window's start) and the mean per window."""
    most = 0
    end = 0
    for start_index, start in enumerate(times):
        end = max(end, start_index)
        end = bisect.bisect_left(times, start + WINDOW_S, lo=end)
        most = max(most, end - start_index)
    windows = max(1.0, seconds / WINDOW_S)
    over = 0
    edge = 0.0
    while edge < seconds:  # the fixed windows eHealth may count: 0–15, 15–30, …
        inside = bisect.bisect_left(times, edge + WINDOW_S) - bisect.bisect_left(times, edge)
        over += inside > budget
        edge += WINDOW_S
    return {
        "max": most,
        "mean": round(len(times) / windows, 1),
        "budget": budget,
        "windows_over_budget": over,
        "sliding_max_over_budget": most > budget,
    }


def latency(values: list[float], missed: list[float]) -> dict[str, Any]:
    """p50/p95/max of the changes told, in seconds. A change not told when the run ended took at least the time
    from when it was due to the end (`missed`): when a percentile falls on one of them, it is given as a lower
    bound (`p95_at_least_s`), never as a figure it is not."""
    figures: dict[str, Any] = {"n": len(values), "missed": len(missed)}
    ranked = sorted([(v, False) for v in values] + [(m, True) for m in missed])
    if not ranked:
        return figures
    for name, fraction in (("p50", 0.50), ("p95", 0.95)):
        value, censored = ranked[max(1, math.ceil(fraction * len(ranked))) - 1]
        figures[f"{name}_at_least_s" if censored else f"{name}_s"] = round(value, 1)
    top, censored = ranked[-1]
    figures["max_at_least_s" if censored else "max_s"] = round(top, 1)
    return figures


async def simulate(
    n: int,
    budget: int,
    hours: float,
    slow_interval: int,
    min_events: int,
    seed_value: int,
    *,
    active_per_hour: float = 0.0,
    plus_load: bool = False,
) -> dict:
    wall = time.monotonic()
    seconds = hours * 3600
    # The patients' own stream (a generator of its own, so the registry's changes are the same with or without).
    wanted = patient_calls(active_per_hour, seconds, random.Random(seed_value + 1))
    load_needs = await budget_the_load_needs(wanted)
    watcher_budget = budget
    if plus_load:  # `budget` is the watcher's: the client gets it on top of what the patients need
        budget += load_needs
    clock = SimClock(T0)
    world = World(n, seconds, random.Random(seed_value))
    world.plan(min_events)
    registry = MemoryRegistry(clock)
    shape = BudgetShape(budget, WINDOW_S)
    client_budget = LocalCallBudget(shape, clock=clock.monotonic)
    settings = WatcherSettings(_env_file=None, enabled=False, slow_interval=slow_interval)  # type: ignore[call-arg]
    # A full round at this budget: every person's full poll (about 6 calls) at the watcher's steady rate.
    round_s = max(float(slow_interval), n * 6 / shape.rate)
    with tempfile.TemporaryDirectory(prefix="bench-watch-") as data_dir:
        engine = make_engine(f"sqlite+aiosqlite:///{data_dir}/watch.sqlite3")
        try:
            async with engine.begin() as connection:
                await connection.run_sync(Base.metadata.create_all)
            sessionmaker = make_sessionmaker(engine)
            cipher = TokenCipher(Fernet.generate_key().decode())
            await seed(world, engine, registry, cipher, round_s)
            tokens = TokenService(registry, cipher, clock, refresh_margin=120)  # type: ignore[arg-type]
            watcher = StatusWatcher(
                sessionmaker,
                registry,  # type: ignore[arg-type]
                tokens,
                clock,
                settings,
                budget=LaneBudget(client_budget, Lane.WATCHER),
            )
            setup_s = time.monotonic() - wall
            waiting: dict[str, Change] = {c.key: c for c in world.changes if c.measured}
            seen: dict[str, list[float]] = defaultdict(list)
            changes = iter(world.changes)
            upcoming = next(changes, None)
            patients = iter(wanted)
            next_patient = next(patients, None)
            patient_times: list[float] = []
            patients_refused = 0
            last_event = 0
            ticks = 0
            while clock.monotonic() < seconds:
                while upcoming is not None and upcoming.at <= clock.monotonic():
                    apply(upcoming, registry, clock)
                    if upcoming.kind == "request_created":
                        await on_request_created(sessionmaker, f"p{upcoming.person:07d}", clock.now())
                    upcoming = next(changes, None)
                await watcher.tick()
                ticks += 1
                async with sessionmaker() as session:
                    rows = await session.execute(
                        select(OutboxEvent.id, OutboxEvent.dedupe_key, OutboxEvent.created_at).where(
                            OutboxEvent.id > last_event
                        )
                    )
                    for event_id, dedupe_key, created_at in rows:
                        last_event = max(last_event, event_id)
                        change = waiting.pop(dedupe_key or "", None)
                        if change is not None:
                            seen[change.kind].append((created_at - T0).total_seconds() - change.due)
                # Patients' screens between this round and the next, each at its moment, patients first: they
                # take from the same budget, which refuses them only what they themselves (or eHealth) spent.
                next_round = clock.monotonic() + settings.tick_seconds
                while next_patient is not None and next_patient < next_round:
                    clock.advance(next_patient - clock.monotonic())
                    if await client_budget.try_take(Lane.PATIENT):
                        patient_times.append(next_patient)
                    else:
                        patients_refused += 1
                    next_patient = next(patients, None)
                clock.advance(next_round - clock.monotonic())
        finally:
            await engine.dispose()
    missed: dict[str, list[float]] = defaultdict(list)
    for change in waiting.values():
        if change.due < seconds:
            missed[change.kind].append(seconds - change.due)
    full_polls = [len(calls) for polls in registry.polls.values() for calls in polls if "list_observations" in calls]
    calls_per_full_poll = sum(full_polls) / len(full_polls) if full_polls else 0.0
    calls_per_full_round = round(n * calls_per_full_poll)
    per_day = budget * 86400 / WINDOW_S
    client_times = sorted(registry.call_times + patient_times)
    figures: dict[str, Any] = {
        "benchmark": "watch_scale",
        "n": n,
        "budget_per_15_min": budget,
        "simulated_hours": hours,
        "slow_interval_s": slow_interval,
        "calls": len(client_times),
        "calls_per_window": window_figures(client_times, seconds, budget),
        "budget_used_pct": round(100 * len(client_times) / (budget * seconds / WINDOW_S), 1),
        "latency_s": {kind: latency(seen.get(kind, []), missed.get(kind, [])) for kind in KINDS},
        "calls_per_full_poll": round(calls_per_full_poll, 2),
        "calls_per_full_round": calls_per_full_round,
        "full_round_days_at_budget": round(calls_per_full_round / per_day, 2),
        "calls_by_method": dict(registry.calls),
        "ticks": ticks,
        "setup_s": round(setup_s, 1),
        "wall_s": round(time.monotonic() - wall, 1),
        "measured_at": datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    if active_per_hour > 0:
        figures["patients"] = {
            "active_per_hour": active_per_hour,
            "calls_wanted": len(wanted),
            "calls_made": len(patient_times),
            "refused": patients_refused,
            # The same stream against the same budget with no watcher: a refusal above this count would be one
            # made for the watcher's sake.
            "refused_without_watcher": await refused_alone(wanted, budget),
            "calls_per_window_max": window_figures(wanted, seconds, budget)["max"],
            "budget_the_load_needs": load_needs,
            "watcher_calls": len(registry.call_times),
            "watcher_budget": watcher_budget if plus_load else None,
        }
    return figures


def chart(results: list[dict], path: Path) -> str:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib is not installed: no chart"
    figure, axes = plt.subplots(figsize=(9, 5.5))
    ns = [r["n"] for r in results]
    for kind in KINDS:
        values = [r["latency_s"][kind].get("p95_s") for r in results]
        points = [(n, v / 60) for n, v in zip(ns, values, strict=True) if v is not None]
        if points:
            axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=kind)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.axhline(15, color="grey", linestyle="--", linewidth=0.8)
    axes.axhline(2, color="grey", linestyle=":", linewidth=0.8)
    axes.set_xlabel("linked persons")
    axes.set_ylabel("p95 latency to the outbox, minutes")
    budget = results[0]["budget_per_15_min"]
    axes.set_title(f"Status watcher: p95 latency per kind (budget {budget} calls / 15 min)")
    axes.legend(fontsize=7, loc="upper left")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return f"chart: {path}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--n", type=int, nargs="+", default=list(DEFAULT_NS), help="linked persons (default 1k 10k 100k)"
    )
    parser.add_argument("--budget", type=int, default=1000, help="registry calls per 15 minutes (default 1000)")
    parser.add_argument("--hours", type=float, default=None, help="simulated hours (default 2; 1 at 100,000)")
    parser.add_argument("--slow-interval", type=int, default=1800, help="BACKEND_WATCHER_SLOW_INTERVAL (s)")
    parser.add_argument("--min-events", type=int, default=40, help="least changes of each kind (default 40)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument(
        "--active-per-hour",
        type=float,
        default=0.0,
        help="patients using the bot per hour beside the watcher, on the same budget (default 0: the watcher alone)",
    )
    parser.add_argument(
        "--plus-load",
        action="store_true",
        help="give the client --budget on top of what the patients' load needs (the bench finds that first)",
    )
    parser.add_argument("--chart", type=Path, default=CHART, help="where the PNG goes ('-': none)")
    args = parser.parse_args(argv)
    results = []
    for n in args.n:
        hours = args.hours if args.hours is not None else HOURS_AT.get(n, 24.0)
        figures = asyncio.run(
            simulate(
                n,
                args.budget,
                hours,
                args.slow_interval,
                args.min_events,
                args.seed,
                active_per_hour=args.active_per_hour,
                plus_load=args.plus_load,
            )
        )
        if args.hours is None and hours < 24:
            figures["note"] = f"{hours:g} simulated hours at this N (not 24): the 3-minute wall-time limit"
        print(json.dumps(figures, ensure_ascii=False), flush=True)
        results.append(figures)
    if str(args.chart) != "-":
        print(chart(results, args.chart), file=sys.stderr)
    over = any(r["calls_per_window"]["sliding_max_over_budget"] for r in results)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
