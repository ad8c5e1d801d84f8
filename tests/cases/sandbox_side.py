"""The registry sandbox's side of the case table (`rules.toml`): one adapter per kind.

Each adapter feeds a case's input to the sandbox's own rule and reports what the sandbox decided, in the
table's terms (the keys of `expected`). They call the sandbox's modules only, never `backend`, so that when
the sandbox's rules move or are renamed only the line that calls them changes. A kind the sandbox has no
rule for is not here; `[kinds.<kind>].sandbox` in the table says why.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.clock import Clock
from sandbox.registry.core.envelope import RegistryError
from sandbox.registry.core.models import Base, Declaration, DeclarationRequest, Person
from sandbox.registry.declarations import lifecycle
from sandbox.registry.declarations.shapes import person_to_be_signed
from sandbox.registry.rules import access as access_rules
from sandbox.registry.rules import declarations as rules
from sandbox.registry.rules import medication as medication_rules
from sandbox.registry.rules import numbers
from sandbox.registry.rules.person_data import check_person_update

Input = Mapping[str, Any]
Observed = dict[str, Any]
# The moment the time-bound cases are judged at.
NOW = datetime(2026, 3, 2, 12, 0)


def _person(**fields: Any) -> Person:
    """A person row that is never stored: the rules read its attributes only."""
    return Person(id=str(uuid.uuid4()), **fields)


def access(case: Input) -> Observed:
    own = access_rules.own_access(case["birth_date"], case.get("legal_capacity"), case["today"])
    return {"view": access_rules.may_view(own), "act": access_rules.may_act(own)}


def speciality_age(case: Input) -> Observed:
    speciality, age = case["speciality"], access_rules.full_years(case["birth_date"], case["today"])
    return {"allowed": speciality in rules.DECLARATION_SPECIALITIES and rules.speciality_fits_age(speciality, age)}


def default_limit(case: Input) -> Observed:
    return {"default_limit": rules.DEFAULT_LIMIT_OF[case["speciality"]]}


def free_places(case: Input) -> Observed:
    load = lifecycle.DoctorLoad(party_id="party", limit=case["limit"], count=case["count"])
    observed: Observed = {"free_places": load.free, "can_sign": True}
    try:
        lifecycle.require_free_place(load)
    except RegistryError as error:
        observed.update(can_sign=False, refusal_http=error.status, refusal_type=error.error_type)
        observed["refusal_message"] = error.message
    return observed


def request_signable(case: Input) -> Observed:
    return {"can_sign": rules.may_sign_request(case["status"])}


def tax_id(case: Input) -> Observed:
    # eHealth takes a number only as written in its own form: the sandbox checks, it does not tidy up.
    accepted = numbers.is_tax_id(case["value"])
    observed: Observed = {"accepted_as_sent": accepted}
    if accepted:
        observed |= {
            "birth_date": numbers.tax_id_birth_date(case["value"]),
            "gender": numbers.tax_id_gender(case["value"]),
        }
    return observed


def unzr(case: Input) -> Observed:
    return {"accepted_as_sent": numbers.is_unzr(case["value"], case.get("birth_date"))}


def declaration_number(case: Input) -> Observed:
    return {"valid": numbers.is_declaration_number(case["value"])}


def replacement(case: Input) -> Observed:
    return {"after_signing": [rules.TERMINATED if rules.ended_by_new_declaration(s) else s for s in case["before"]]}


def request_replacement(case: Input) -> Observed:
    return {
        "after_request": [
            rules.CANCELLED if rules.cancelled_by_new_request(r["status"], r["employee"] == "E1") else r["status"]
            for r in case["before"]
        ]
    }


class _FixedClock(Clock):
    def now(self) -> datetime:
        return NOW


@asynccontextmanager
async def _session() -> AsyncIterator[AsyncSession]:
    """A private in-memory database with the sandbox's tables (foreign keys are not enforced in SQLite)."""
    engine = create_async_engine("sqlite+aiosqlite://")
    try:
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
        async with async_sessionmaker(engine, expire_on_commit=False)() as session:
            yield session
    finally:
        await engine.dispose()


async def _after_transitions(row: DeclarationRequest | Declaration) -> DeclarationRequest | Declaration:
    async with _session() as session:
        session.add(row)
        await session.flush()
        await lifecycle.apply_lazy_transitions(session, _FixedClock(), RegistrySettings())
        return await session.get(type(row), row.id, populate_existing=True)  # type: ignore[return-value]


_ROW_IDS = {"person_id": "person", "employee_id": "employee", "division_id": "division", "legal_entity_id": "entity"}


async def request_expiry(case: Input) -> Observed:
    created = NOW - timedelta(hours=case["hours_since_created"])
    row = DeclarationRequest(
        id=str(uuid.uuid4()),
        **_ROW_IDS,
        status=case["status"],
        declaration_number="0000-0000-0000",
        data_to_be_signed={"person": {"first_name": "Петро"}},
        start_date=created.date(),
        created_at=created,
        updated_at=created,
        # As the create handler sets it.
        expires_at=created + timedelta(hours=RegistrySettings().request_ttl_hours),
    )
    after = await _after_transitions(row)
    assert isinstance(after, DeclarationRequest)
    return {"status_after": after.status, "data_wiped": after.data_to_be_signed is None}


async def pending_activation(case: Input) -> Observed:
    signed = NOW - timedelta(days=case["days_since_signed"])
    row = Declaration(
        id=str(uuid.uuid4()),
        **_ROW_IDS,
        declaration_number="0000-0000-0000",
        status=rules.PENDING_VERIFICATION,
        signed_at=signed,
        start_date=signed.date(),
        created_at=signed,
        updated_at=signed,
    )
    after = await _after_transitions(row)
    return {"status_after": after.status}


def verification(case: Input) -> Observed:
    status, _reason = rules.new_declaration_state(case["verification_status"], case.get("no_tax_id", False))
    return {"declaration_status": status}


def end_date(case: Input) -> Observed:
    speciality, birth_date, start = case["speciality"], case["birth_date"], case["start_date"]
    # The create handler checks the doctor first, then sets the end date.
    if not rules.speciality_fits_age(speciality, access_rules.full_years(birth_date, start)):
        return {"allowed": False}
    end = rules.declaration_end(speciality, birth_date, start)
    return {"allowed": True, "end_date": end, "no_end_date": end is None}


# --- number formats, through the person update (the only place the sandbox judges them) -------------------

_TODAY = NOW.date()
_CURRENT: dict[str, Any] = {
    "id": "3b1d9e46-1c47-4ce8-89f9-15658f77d784",
    "first_name": "Петро",
    "last_name": "Іванов",
    "birth_date": "1991-08-19",
    "gender": "MALE",
    "documents": [{"type": "PASSPORT", "number": "АА120518"}],
    "addresses": [
        {
            "type": "RESIDENCE",
            "country": "UA",
            "area": "М.КИЇВ",
            "settlement": "Київ",
            "settlement_type": "CITY",
            "building": "15",
        }
    ],
}


def _update(field: str, value: Any) -> Any | None:
    """The value the sandbox stores for `field` when a person signs a change to it; None when it refuses."""
    checked = check_person_update({**_CURRENT, field: value}, _CURRENT, _TODAY)
    return checked.changes.get(field) if checked.ok else None


def _format_observed(stored: str | None) -> Observed:
    observed: Observed = {"accepted_as_sent": stored is not None}
    if stored is not None:
        observed["ehealth_form"] = stored
    return observed


def phone(case: Input) -> Observed:
    stored = _update("phones", [{"type": "MOBILE", "number": case["value"]}])
    return _format_observed(stored[0]["number"] if stored else None)


def document(case: Input) -> Observed:
    sent = {"type": case["type"], "number": case["number"]}
    if "expiration_date" in case:
        sent["expiration_date"] = case["expiration_date"].isoformat()
    stored = _update("documents", [sent])
    return _format_observed(stored[0]["number"] if stored else None)


def masked_phone(case: Input) -> Observed:
    person = _person(authentication_methods=[{"type": "OTP", "phone_number": case["value"]}])
    return {"masked": person_to_be_signed(person)["authentication_methods"][0]["phone_number"]}


def prescription_status(case: Input) -> Observed:
    """A prescription's status after its dispenses (PROCESSED quantities), judged `days_after_valid_to` days after
    the last day of its dispense window."""
    valid_to = NOW.date()
    status = case["status"]
    if status == medication_rules.ACTIVE:
        dispensed = medication_rules.dispensed_quantity(
            (medication_rules.DISPENSE_PROCESSED, qty) for qty in case.get("dispensed", [])
        )
        status = medication_rules.status_after_dispense(case["prescribed"], dispensed)
    today = valid_to + timedelta(days=case["days_after_valid_to"])
    return {"status_after": medication_rules.status_on(status, valid_to, today)}


def prescription_number(case: Input) -> Observed:
    return {"valid": numbers.is_medication_request_number(case["value"])}


ADAPTERS: dict[str, Callable[[Input], Observed | Awaitable[Observed]]] = {
    "access": access,
    "speciality_age": speciality_age,
    "default_limit": default_limit,
    "free_places": free_places,
    "request_signable": request_signable,
    "tax_id": tax_id,
    "unzr": unzr,
    "declaration_number": declaration_number,
    "replacement": replacement,
    "request_replacement": request_replacement,
    "request_expiry": request_expiry,
    "pending_activation": pending_activation,
    "verification": verification,
    "end_date": end_date,
    "phone": phone,
    "document": document,
    "masked_phone": masked_phone,
    "prescription_status": prescription_status,
    "prescription_number": prescription_number,
}
