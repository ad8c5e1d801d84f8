"""The pure parts: the circuit breaker's states, backoff, Retry-After, error classification, readers."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.text import APOSTROPHES, NAME_APOSTROPHE, unify_apostrophes
from backend.registry.envelope import error_from, listing_decoder, unwrap
from backend.registry.errors import (
    KNOWN_REFUSALS,
    RegistryConflict,
    RegistryError,
    RegistryUnavailable,
    recognise_refusal,
)
from backend.registry.mapping import (
    JSON,
    EmployeeBulkItem,
    MalformedData,
    PortalDoctorItem,
    address_line,
    as_date,
    as_datetime,
    declaration_from,
    division_from,
    employee_record_from,
    legal_entity_from,
    person_from,
    person_update_document,
    portal_doctor_from,
    reading_once,
    settlement_from,
)
from backend.registry.port import DivisionRef, EmergencyContact, PersonChanges, PersonDocument, Phone, PortalDoctor
from backend.registry.resilience import CircuitBreaker, CircuitOpen, CircuitState, backoff_delay, parse_retry_after

from .fake_ehealth import ManualClock, example

# --- circuit breaker --------------------------------------------------------------------------


def test_breaker_walks_closed_open_half_open_closed() -> None:
    clock = ManualClock()
    breaker = CircuitBreaker(2, 10, clock=clock)

    breaker.before_call()
    breaker.record_failure()
    assert breaker.state is CircuitState.CLOSED
    breaker.before_call()
    breaker.record_failure()
    assert breaker.state is CircuitState.OPEN
    with pytest.raises(CircuitOpen):
        breaker.before_call()

    clock.advance(10)
    assert breaker.state is CircuitState.HALF_OPEN
    breaker.before_call()  # the trial
    with pytest.raises(CircuitOpen):
        breaker.before_call()  # nobody else meanwhile
    breaker.record_success()
    assert breaker.state is CircuitState.CLOSED
    breaker.before_call()


def test_a_released_trial_lets_the_next_call_probe() -> None:
    clock = ManualClock()
    breaker = CircuitBreaker(1, 5, clock=clock)
    breaker.record_failure()
    clock.advance(5)
    breaker.before_call()
    breaker.release_trial()

    breaker.before_call()  # does not raise

    assert breaker.state is CircuitState.HALF_OPEN


def test_a_success_resets_the_failure_count() -> None:
    breaker = CircuitBreaker(3, 5, clock=ManualClock())
    for _ in range(2):
        breaker.record_failure()
    breaker.record_success()
    for _ in range(2):
        breaker.record_failure()

    assert breaker.state is CircuitState.CLOSED


def test_breaker_needs_a_positive_threshold() -> None:
    with pytest.raises(ValueError, match="failure_threshold"):
        CircuitBreaker(0, 5)


@given(attempt=st.integers(1, 30), base=st.floats(0, 10), cap=st.floats(0, 60))
def test_backoff_stays_within_its_exponential_ceiling_and_cap(attempt: int, base: float, cap: float) -> None:
    delay = backoff_delay(attempt, base=base, cap=cap)
    assert 0 <= delay <= min(cap, base * 2 ** (attempt - 1))


@given(st.text(max_size=40))
def test_retry_after_never_raises_and_is_never_negative(value: str) -> None:
    parsed = parse_retry_after(value)
    assert parsed is None or parsed >= 0


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    now = datetime(2025, 11, 20, 12, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Thu, 20 Nov 2025 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Thu, 20 Nov 2025 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after(None) is None


# --- refusals and error classification ---------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("This doctor has 1800 declarations and could not sign more", "doctor_limit_reached"),
        ("Doctor speciality doesn't match patient's age", "speciality_age_mismatch"),
        ("Declaration request expired", "request_expired"),
        ("Incorrect status of declaration_request to modify it", "request_not_new"),
        ("Employee is not active", "doctor_not_available"),
        ("Legal entity is suspended", "clinic_not_available"),
        ("Signed content does not match the previously created content", "signature_invalid"),
    ],
)
def test_known_refusals_are_recognised(message: str, code: str) -> None:
    refusal = recognise_refusal(message)
    assert refusal is not None and refusal.code == code


def test_every_known_refusal_speaks_politely_to_the_patient() -> None:
    for refusal in KNOWN_REFUSALS:
        assert "будь ласка" in refusal.message_uk, refusal.code
        assert refusal.message_uk.endswith(".")


@given(status=st.integers(400, 599), body=st.binary(max_size=200))
def test_any_error_answer_becomes_a_registry_error(status: int, body: bytes) -> None:
    error = error_from(status, body, request_id="rid")
    assert isinstance(error, RegistryError)
    assert error.request_id == "rid"
    assert error.message_uk


@given(
    status=st.sampled_from([409, 422]),
    error=st.fixed_dictionaries(
        {},
        optional={
            "type": st.text(max_size=20),
            "message": st.one_of(st.none(), st.text(max_size=80)),
            "invalid": st.lists(
                st.one_of(
                    st.none(),
                    st.text(max_size=5),
                    st.fixed_dictionaries(
                        {},
                        optional={
                            "entry": st.text(max_size=20),
                            "rules": st.one_of(
                                st.none(),
                                st.lists(
                                    st.dictionaries(st.sampled_from(["rule", "description"]), st.text(max_size=20))
                                ),
                            ),
                        },
                    ),
                ),
                max_size=4,
            ),
        },
    ),
)
def test_odd_error_bodies_are_read_without_crashing(status: int, error: dict[str, object]) -> None:
    body = json.dumps({"meta": {"code": status, "request_id": "r-1"}, "error": error}).encode()
    result = error_from(status, body, request_id="ours")
    assert result.request_id == "r-1"
    assert result.status == status


def test_unwrap_refuses_bodies_without_data() -> None:
    with pytest.raises(RegistryUnavailable):
        unwrap(b'{"meta": {}, "error": {"type": "x"}}', request_id=None)
    assert unwrap(b'{"data": [], "paging": {"page_number": 1}}', request_id="r").paging == {"page_number": 1}


def test_a_conflict_without_a_known_message_is_still_a_conflict() -> None:
    body = json.dumps({"error": {"type": "request_conflict", "message": "Неочікувана ситуація"}}).encode()
    error = error_from(409, body, request_id=None)
    assert isinstance(error, RegistryConflict) and error.code == "conflict"


# --- readers ------------------------------------------------------------------------------------


def test_timestamps_become_aware_utc() -> None:
    assert as_datetime("2017-03-02T10:45:16.000Z") == datetime(2017, 3, 2, 10, 45, 16, tzinfo=UTC)
    assert as_datetime("2020-01-10 18:23:34.217335") == datetime(2020, 1, 10, 18, 23, 34, 217335, tzinfo=UTC)
    assert as_datetime("2024-06-01T12:00:00+03:00") == datetime(2024, 6, 1, 9, 0, tzinfo=UTC)
    assert as_datetime(0) == datetime(1970, 1, 1, tzinfo=UTC)
    assert as_datetime(None) is None
    with pytest.raises(MalformedData):
        as_datetime("вчора")
    with pytest.raises(MalformedData):
        as_datetime(True)


def test_dates_accept_dates_and_timestamps() -> None:
    assert as_date("2017-03-02T00:00:00.000Z") == date(2017, 3, 2)
    assert as_date("1991-08-19") == date(1991, 8, 19)
    with pytest.raises(MalformedData):
        as_date("19.08.1991")


@pytest.mark.parametrize(
    ("address", "line"),
    [
        (
            {"street_type": "STREET", "street": "Шевченка", "building": "12", "settlement": "Київ"},
            "вул. Шевченка, 12, Київ",
        ),
        (
            {"street_type": "STREET", "street": "вул. Ніжинська", "building": "15", "settlement": "Київ"},
            "вул. Ніжинська, 15, Київ",
        ),
        ({"street_type": "BOULEVARD", "street": "Лесі Українки", "building": "3А"}, "бульв. Лесі Українки, 3А"),
        ({"street": "Центральна", "building": "1", "settlement": "Іванівка"}, "Центральна, 1, Іванівка"),
        ({"settlement": "Ставки"}, "Ставки"),
        ({}, None),
    ],
)
def test_address_line(address: dict[str, str], line: str | None) -> None:
    assert address_line(address) == line


def test_a_person_without_a_name_is_malformed() -> None:
    data = example("pis_person.json")["data"]
    del data["last_name"]
    with pytest.raises(MalformedData, match="last_name"):
        person_from(data)


phones = st.lists(
    st.builds(
        Phone, type=st.sampled_from(["MOBILE", "LAND_LINE"]), number=st.from_regex(r"\+380[0-9]{9}", fullmatch=True)
    ),
    max_size=2,
)


@given(
    email=st.one_of(st.none(), st.emails()),
    secret=st.one_of(st.none(), st.text(min_size=1, max_size=20)),
    phones=st.one_of(st.none(), phones.map(tuple)),
    contact_phones=st.one_of(st.none(), phones.map(tuple)),
)
def test_a_person_update_changes_exactly_what_was_asked(
    email: str | None,
    secret: str | None,
    phones: tuple[Phone, ...] | None,
    contact_phones: tuple[Phone, ...] | None,
) -> None:
    current = example("pis_person.json")["data"]
    contact = EmergencyContact("Ганна", "Бондар", None, contact_phones) if contact_phones is not None else None
    changes = PersonChanges(email=email, secret=secret, phones=phones, emergency_contact=contact)

    document = person_update_document(current, changes)

    changed = {key for key in document if document[key] != current.get(key)}
    expected = set()
    if email is not None and email != current["email"]:
        expected.add("email")
    if secret is not None and secret != current["secret"]:
        expected.add("secret")
    if phones is not None and [{"type": p.type, "number": p.number} for p in phones] != current["phones"]:
        expected.add("phones")
    if contact is not None:
        expected.add("emergency_contact")
    assert changed == expected
    assert set(document) == set(current) - {"verification"}
    assert changes.is_empty() == (email is None and secret is None and phones is None and contact is None)


def test_a_document_change_replaces_only_documents_of_its_type() -> None:
    # The patient sees other documents' numbers masked only, so a change must not need them.
    current = dict(example("pis_person.json")["data"])
    current["documents"] = [
        {"type": "PASSPORT", "number": "КА123456", "issued_by": "Шевченківський РВ"},
        {"type": "NATIONAL_ID", "number": "000111222", "expiration_date": "2030-01-01"},
    ]
    new_id_card = PersonDocument("NATIONAL_ID", "123456789", expiration_date=date(2036, 5, 1))

    document = person_update_document(current, PersonChanges(documents=(new_id_card,)))

    by_type = {item["type"]: item for item in document["documents"]}
    assert set(by_type) == {"PASSPORT", "NATIONAL_ID"}
    assert by_type["PASSPORT"] == current["documents"][0]
    assert by_type["NATIONAL_ID"]["number"] == "123456789"
    assert by_type["NATIONAL_ID"]["expiration_date"] == "2036-05-01"


# --- what the patient reads: one apostrophe --------------------------------------------------------

UKRAINIAN = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ"
# A registry word with an apostrophe in whichever form it was typed: Лук'янівна, Зор’яна, Вʼячеслав…
spelt_any_way = st.builds(
    lambda head, apostrophe, tail: f"{head}{apostrophe}{tail}",
    st.text(alphabet=UKRAINIAN, min_size=1, max_size=8),
    st.sampled_from(APOSTROPHES),
    st.text(alphabet=UKRAINIAN, min_size=1, max_size=8),
)


def _only_the_name_apostrophe(value: str, source: str) -> None:
    assert value == unify_apostrophes(source)
    assert not set(value) & (set(APOSTROPHES) - {NAME_APOSTROPHE}), value


@given(first=spelt_any_way, last=spelt_any_way, second=spelt_any_way, place=spelt_any_way, street=spelt_any_way)
def test_registry_text_reaches_the_patient_with_one_apostrophe(
    first: str, last: str, second: str, place: str, street: str
) -> None:
    person_json = example("pis_person.json")["data"]
    person_json |= {"first_name": first, "last_name": last, "second_name": second}
    person_json["addresses"] = [
        {**address, "settlement": place, "street": street, "area": place} for address in person_json["addresses"]
    ]
    person_json["emergency_contact"] = {**person_json["emergency_contact"], "first_name": first, "last_name": last}
    person = person_from(person_json)
    for value, source in ((person.first_name, first), (person.last_name, last), (person.second_name, second)):
        _only_the_name_apostrophe(value or "", source)
    for address in person.addresses:
        _only_the_name_apostrophe(address.settlement, place)
        _only_the_name_apostrophe(address.street or "", street)
    assert person.emergency_contact is not None
    _only_the_name_apostrophe(person.emergency_contact.last_name, last)
    # What the patient signs back starts from the registry's own JSON, untouched.
    assert person_update_document(person_json, PersonChanges(email="a@ukr.net"))["first_name"] == first

    employee = example("stats_employees.json")["data"][0]
    employee["party"] = {**employee["party"], "first_name": first, "last_name": last, "second_name": second}
    division_address = {**employee["division"]["addresses"], "settlement": place, "street": street}
    employee["division"] = {**employee["division"], "name": f"Амбулаторія {place}", "addresses": division_address}
    employee["legal_entity"] = {**employee["legal_entity"], "name": f"КНП «{place}»"}
    doctor = listed(employee)
    for value, source in ((doctor.first_name, first), (doctor.last_name, last), (doctor.second_name, second)):
        _only_the_name_apostrophe(value or "", source)
    _only_the_name_apostrophe(doctor.division.name, f"Амбулаторія {place}")
    _only_the_name_apostrophe(doctor.division.settlement or "", place)
    _only_the_name_apostrophe(doctor.division.address or "", address_line(division_address) or "")
    _only_the_name_apostrophe(doctor.legal_entity.name, f"КНП «{place}»")

    declaration_json = example("pis_declaration.json")["data"]
    declaration_json["employee"] = {**declaration_json["employee"], "party": employee["party"]}
    declaration = declaration_from(declaration_json)
    _only_the_name_apostrophe(declaration.doctor.last_name, last)

    settlement = settlement_from({"id": "s1", "name": place, "region": place, "district": place})
    _only_the_name_apostrophe(settlement.name, place)
    _only_the_name_apostrophe(settlement.region or "", place)


# --- the declarations list names the doctor's position only ------------------------------------------------


@pytest.mark.parametrize(
    ("position", "speciality"),
    [("P7", "FAMILY_DOCTOR"), ("P8", "PEDIATRICIAN"), ("p10", "THERAPIST"), ("P6", None), (None, None)],
)
def test_a_listed_declaration_takes_its_speciality_from_the_position(
    position: str | None, speciality: str | None
) -> None:
    """`Employee_Minimal` (the list) has `position` and no speciality; DOMAIN §5: P7, P8, P10."""
    item = example("pis_declarations.json")["data"][0]
    item["employee"] = {**item["employee"], "position": position}
    assert declaration_from(item).doctor.speciality == speciality


# --- a walk of the doctor list reads each division and clinic once -------------------------------


def doctor_list_items(*employees: JSON) -> list[JSON]:
    """The items of a doctor list's page as the adapter decodes them (`PortalDoctorItem`)."""
    decode = listing_decoder(PortalDoctorItem)
    return list(unwrap(json.dumps({"data": list(employees)}).encode(), request_id=None, decode=decode).data)


def listed(employee: JSON) -> PortalDoctor:
    """A doctor list's item read alone, as a walk of one item reads it."""
    (item,) = doctor_list_items(employee)
    return portal_doctor_from(item, reading_once(division_from), reading_once(legal_entity_from))


def test_a_walk_reads_a_division_and_a_clinic_once_per_content() -> None:
    read_division, read_legal_entity = reading_once(division_from), reading_once(legal_entity_from)
    employee = example("stats_employees.json")["data"][0]
    same = copy.deepcopy(employee)
    moved = copy.deepcopy(employee)
    moved["division"]["addresses"] = {**moved["division"]["addresses"], "building": "99"}
    moved["legal_entity"] = {**moved["legal_entity"], "name": "Нова назва клініки"}

    first, again, after_the_move = (
        portal_doctor_from(item, read_division, read_legal_entity) for item in doctor_list_items(employee, same, moved)
    )

    assert again.division is first.division  # the same answer, read once
    assert again.legal_entity is first.legal_entity
    assert after_the_move.division is not first.division  # anything different is read again
    assert after_the_move.legal_entity is not first.legal_entity
    assert after_the_move.division == listed(moved).division
    assert after_the_move.legal_entity == listed(moved).legal_entity
    assert "99" in (after_the_move.division.address or "")
    assert after_the_move.legal_entity.name == "Нова назва клініки"
    assert first.division == listed(employee).division
    assert first.legal_entity == listed(employee).legal_entity


def test_a_walk_gives_a_division_the_caller_has_read_as_it_is() -> None:
    employee = example("stats_employees.json")["data"][0]
    other = copy.deepcopy(employee)
    other["division"] = {**other["division"], "id": "another-division"}
    searched = DivisionRef(id=employee["division"]["id"], name="Амбулаторія з пошуку підрозділів", latitude=50.45)
    read_division = reading_once(division_from, known={searched.id: searched})

    known, unknown = (
        portal_doctor_from(item, read_division, reading_once(legal_entity_from))
        for item in doctor_list_items(employee, other)
    )

    assert known.division is searched
    assert unknown.division == listed(other).division  # read from the list's own answer
    assert unknown.division.id == "another-division"


def test_a_listing_that_is_not_a_list_of_objects_is_malformed() -> None:
    decode = listing_decoder(PortalDoctorItem)
    for body in (b'{"data": [1]}', b'{"data": {"id": "e-1"}}', b"<html>", b"[]"):
        with pytest.raises(RegistryUnavailable) as caught:
            unwrap(body, request_id="r-1", decode=decode)
        assert caught.value.code == "malformed_response"


def test_an_export_record_without_additional_info_is_read() -> None:
    body = {
        "data": [
            {
                "id": "e-1",
                "party_id": "p-1",
                "legal_entity_id": "l-1",
                "status": "APPROVED",
                "employee_type": "DOCTOR",
                "additional_info": None,
                "speciality": {"speciality": "THERAPIST", "speciality_officio": True, "attestation_name": "Комісія"},
            }
        ]
    }
    (item,) = unwrap(json.dumps(body).encode(), request_id=None, decode=listing_decoder(EmployeeBulkItem)).data

    record = employee_record_from(item)

    assert (record.employee_id, record.speciality, record.works) == ("e-1", "THERAPIST", True)
