"""The declaration rules applied to the sandbox's tables: doctors' loads, eligibility, who may act,
and the transitions time makes by itself."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.clock import KYIV, Clock, ukrainian_date
from sandbox.registry.core.envelope import RegistryError
from sandbox.registry.core.models import Declaration, DeclarationRequest, Division, Employee, LegalEntity, Party, Person
from sandbox.registry.declarations import lifecycle
from tests.registry.conftest import test_person as person_of
from tests.registry.test_declaration_requests import (
    ADULT,
    ADULT_FREE,
    TEEN_CAPABLE,
    db,
    person_declarations,
    pick_doctor,
    signed_in,
)

_numbers = iter(range(1, 10_000))


def _number() -> str:
    return f"TEST-0000-{next(_numbers):04d}"


def _declaration(person_id: str, employee: Employee, status: str, moment: datetime, **fields: object) -> Declaration:
    return Declaration(
        id=str(uuid.uuid4()),
        declaration_number=_number(),
        person_id=person_id,
        employee_id=employee.id,
        division_id=employee.division_id,
        legal_entity_id=employee.legal_entity_id,
        status=status,
        signed_at=moment,
        start_date=moment.date(),
        created_at=moment,
        updated_at=moment,
        **fields,
    )


def _request(
    person_id: str, employee: Employee, status: str, moment: datetime, expires_at: datetime
) -> DeclarationRequest:
    return DeclarationRequest(
        id=str(uuid.uuid4()),
        person_id=person_id,
        employee_id=employee.id,
        division_id=employee.division_id,
        legal_entity_id=employee.legal_entity_id,
        status=status,
        declaration_number=_number(),
        data_to_be_signed={"person": {"last_name": "Секрет"}},
        start_date=moment.date(),
        created_at=moment,
        updated_at=moment,
        expires_at=expires_at,
    )


def _record(template: Employee, party_id: str, *, status: str, limit: int, unmodelled: int) -> Employee:
    return Employee(
        id=str(uuid.uuid4()),
        party_id=party_id,
        legal_entity_id=template.legal_entity_id,
        division_id=template.division_id,
        position=template.position,
        employee_type="DOCTOR",
        status=status,
        speciality_officio=template.speciality_officio,
        declaration_limit=limit,
        unmodelled_declarations=unmodelled,
        start_date=template.start_date,
        updated_at=template.updated_at,
    )


# --- how full a doctor is ------------------------------------------------------------------------


async def test_doctor_load_counts_every_record_against_the_smallest_working_limit(
    registry: httpx.AsyncClient,
) -> None:
    doctor = await pick_doctor(registry, "FAMILY_DOCTOR")
    now = Clock().now()
    patients = [person_of(slug).person_id for slug in (ADULT, ADULT_FREE, TEEN_CAPABLE)]
    async with db(registry) as session:
        template = await session.get(Employee, doctor.employee_id)
        assert template is not None
        party = Party(id=str(uuid.uuid4()), first_name="Ірина", last_name="Тестова", gender="FEMALE")
        first = _record(template, party.id, status="APPROVED", limit=100, unmodelled=10)
        second = _record(template, party.id, status="APPROVED", limit=50, unmodelled=5)
        dismissed = _record(template, party.id, status="DISMISSED", limit=20, unmodelled=0)
        session.add(party)
        await session.flush()  # the tables declare no relationships, so rows go in parent first
        session.add_all([first, second, dismissed])
        await session.flush()
        session.add_all(
            [
                _declaration(patients[0], first, "active", now),
                _declaration(patients[1], first, "active", now),
                _declaration(patients[2], first, "pending_verification", now),
                _declaration(patients[0], second, "terminated", now),  # does not count
                _declaration(patients[1], dismissed, "closed", now),  # does not count
                _request(patients[0], second, "APPROVED", now, now + timedelta(hours=1)),
                _request(patients[1], first, "NEW", now, now + timedelta(hours=1)),  # does not count yet
            ]
        )
        await session.commit()

        load = await lifecycle.doctor_load(session, party.id)
        assert (load.limit, load.count, load.free) == (50, 10 + 5 + 3 + 1, 50 - 19)

        # A doctor with no working record keeps the smallest limit of all their records.
        for record in (first, second):
            record.status = "DISMISSED"
        await session.commit()
        assert (await lifecycle.doctor_load(session, party.id)).limit == 20

        loads = await lifecycle.doctor_loads(session, [party.id, doctor.party_id, str(uuid.uuid4())])
        assert set(loads) == {party.id, doctor.party_id}
        assert await lifecycle.doctor_loads(session, []) == {}


async def test_require_free_place_names_the_count() -> None:
    lifecycle.require_free_place(lifecycle.DoctorLoad("p", limit=10, count=9))
    with pytest.raises(RegistryError) as refused:
        lifecycle.require_free_place(lifecycle.DoctorLoad("p", limit=10, count=12))
    assert (refused.value.status, refused.value.error_type) == (422, "request_malformed")
    assert refused.value.message == "This doctor has 12 declarations and could not sign more"
    assert lifecycle.DoctorLoad("p", limit=10, count=12).free == 0


# --- may this person sign with this doctor ------------------------------------------------------


async def test_eligibility_refuses_what_the_http_tests_cannot_reach(registry: httpx.AsyncClient) -> None:
    doctor = await pick_doctor(registry, "FAMILY_DOCTOR")
    today = Clock().today()
    async with db(registry) as session:
        person = await session.get(Person, person_of(ADULT_FREE).person_id)
        employee = await session.get(Employee, doctor.employee_id)
        assert person is not None and employee is not None
        allowed = await lifecycle.check_declaration_allowed(session, person, employee.id, doctor.division_id, today)
        assert allowed.placement.employee.id == employee.id and allowed.load.free > 0
        entity_id = employee.legal_entity_id

    cases: list[tuple[type[Employee | Division | LegalEntity], str, str, str, int, str]] = [
        (Division, doctor.division_id, "status", "INACTIVE", 409, "Division is not active"),
        (LegalEntity, entity_id, "type", "PHARMACY", 409, "Legal entity does not provide primary care"),
        (Employee, doctor.employee_id, "speciality_officio", "SURGEON", 422, "does not allow declarations"),
        (Employee, doctor.employee_id, "employee_type", "OWNER", 422, "Employee must be a DOCTOR"),
    ]
    for model, row_id, attribute, value, status, text in cases:
        async with db(registry) as session:
            row = await session.get(model, row_id)
            person = await session.get(Person, person_of(ADULT_FREE).person_id)
            assert row is not None and person is not None
            setattr(row, attribute, value)
            await session.flush()
            with pytest.raises(RegistryError) as refused:
                await lifecycle.check_declaration_allowed(
                    session, person, doctor.employee_id, doctor.division_id, today
                )
            await session.rollback()
        error = refused.value
        described = error.message + "".join(rule["description"] for item in error.invalid for rule in item["rules"])
        assert error.status == status and text in described, (attribute, described)


def test_pending_state_follows_verification() -> None:
    verified = Person(verification_status="VERIFIED", no_tax_id=False)
    unverified = Person(verification_status="NOT_VERIFIED", no_tax_id=False)
    without_tax_id = Person(verification_status="VERIFICATION_NEEDED", no_tax_id=True)
    assert lifecycle.pending_state(verified) == ("active", None)
    assert lifecycle.pending_state(unverified) == ("pending_verification", "person_not_verified")
    assert lifecycle.pending_state(without_tax_id) == ("pending_verification", "no_tax_id")


# --- who may act ---------------------------------------------------------------------------------

TODAY = date(2026, 6, 15)


def _age(years: int, days: int = 0) -> date:
    return TODAY.replace(year=TODAY.year - years) - timedelta(days=days)


@settings(derandomize=True)
@given(
    birth_date=st.dates(min_value=date(1920, 1, 1), max_value=date(2030, 1, 1)),
    capacity=st.sampled_from([None, "VERIFIED", "NOT_VERIFIED"]),
)
def test_who_may_view_and_who_may_act(birth_date: date, capacity: str | None) -> None:
    person = Person(birth_date=birth_date, legal_capacity_status=capacity)
    adult_from, own_access_from = _age(18), _age(14)
    may_view = birth_date <= own_access_from
    may_act = birth_date <= adult_from or (may_view and capacity == "VERIFIED")

    for check, allowed in ((lifecycle.require_view, may_view), (lifecycle.require_act, may_act)):
        if allowed:
            check(person, TODAY)
        else:
            with pytest.raises(RegistryError) as refused:
                check(person, TODAY)
            assert refused.value.status == 403


# --- what time does by itself --------------------------------------------------------------------


async def test_lazy_transitions(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    doctor = await pick_doctor(registry, "FAMILY_DOCTOR")
    clock = Clock()
    now = clock.now()
    person_id = person_of(ADULT_FREE).person_id
    pending_days = timedelta(days=registry_settings.pending_verification_days)
    async with db(registry) as session:
        employee = await session.get(Employee, doctor.employee_id)
        assert employee is not None
        expired = _request(person_id, employee, "NEW", now - timedelta(hours=25), now - timedelta(seconds=1))
        fresh = _request(person_id, employee, "NEW", now, now + timedelta(hours=1))
        signed = _request(person_id, employee, "SIGNED", now - timedelta(hours=25), now - timedelta(hours=1))
        long_pending = _declaration(
            person_id, employee, "pending_verification", now - pending_days - timedelta(seconds=5)
        )
        recent_pending = _declaration(
            person_id, employee, "pending_verification", now - pending_days + timedelta(hours=1)
        )
        ended = _declaration(person_id, employee, "active", now, end_date=ukrainian_date(now) - timedelta(days=1))
        ends_today = _declaration(person_id, employee, "active", now, end_date=ukrainian_date(now))
        session.add_all([expired, fresh, signed, long_pending, recent_pending, ended, ends_today])
        await session.commit()

        await lifecycle.apply_lazy_transitions(session, clock, registry_settings)
        await session.commit()

        def state(row: object) -> tuple[object, ...]:
            if isinstance(row, DeclarationRequest):
                return row.status, row.status_reason, row.data_to_be_signed
            assert isinstance(row, Declaration)
            return row.status, row.reason

        for row in (expired, fresh, signed, long_pending, recent_pending, ended, ends_today):
            await session.refresh(row)
        assert state(expired) == ("EXPIRED", "auto_expired", None)
        assert state(fresh)[0] == "NEW" and fresh.data_to_be_signed
        assert state(signed)[0] == "SIGNED" and signed.data_to_be_signed
        assert state(long_pending) == ("active", None)
        assert state(recent_pending) == ("pending_verification", None)
        assert state(ended) == ("closed", "auto_expired")
        assert state(ends_today) == ("active", None)
        stored = await session.scalar(
            select(DeclarationRequest.data_to_be_signed).where(DeclarationRequest.id == expired.id)
        )
        assert stored is None


async def test_a_pediatrician_declaration_closes_when_the_patient_turns_18(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    declaration = next(d for d in await person_declarations(registry, TEEN_CAPABLE) if d.status == "active")
    assert declaration.end_date is not None
    clock = registry.app.state.clock  # type: ignore[attr-defined]
    # Noon of the last day in Ukraine, whatever the hour the test runs at (an hour past "now + the days left"
    # is the next day when run after 23:00 in Kyiv).
    last_noon = datetime.combine(declaration.end_date, time(12), KYIV).astimezone(UTC).replace(tzinfo=None)
    async with db(registry) as session:
        await clock.advance(session, (last_noon - clock.now()).total_seconds())
        await session.commit()
    assert clock.today() == declaration.end_date
    session_ = await signed_in(registry, registry_settings, TEEN_CAPABLE)
    url = f"/api/pis/declarations/{declaration.id}"
    assert (await registry.get(url, headers=session_.headers)).json()["data"]["status"] == "active"

    async with db(registry) as session:
        await clock.advance(session, timedelta(days=1).total_seconds())
        await session.commit()
    session_ = await signed_in(registry, registry_settings, TEEN_CAPABLE)
    data = (await registry.get(url, headers=session_.headers)).json()["data"]
    assert (data["status"], data["reason"]) == ("closed", "auto_expired")
