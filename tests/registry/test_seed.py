"""The registry sandbox's seed: determinism, realistic data and the fixed test persons."""

from __future__ import annotations

import asyncio
import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

# The product's validators: whatever the registry holds, our cabinet must be able to take in.
from backend.domain.validators import validate_address, validate_document, validate_phones
from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.db import make_engine
from sandbox.registry.core.models import Base
from sandbox.registry.rules import person_data
from sandbox.registry.rules.access import OwnAccess, birthday_in, full_years, own_access
from sandbox.registry.rules.declarations import (
    DEFAULT_LIMIT_OF,
    POSITION_OF,
    Speciality,
    declaration_end,
)
from sandbox.registry.rules.numbers import (
    is_declaration_number,
    is_medication_request_number,
    is_phone,
    is_tax_id,
    is_unzr,
    tax_id_birth_date,
    tax_id_gender,
)
from sandbox.registry.seed import (
    MIN_DOCTORS,
    OTHER_CABINET_CLIENTS,
    TEST_PERSONS,
    SeedSummary,
    run_seed_command,
    seed_database,
)
from sandbox.registry.seeding.clinics import edrpou
from sandbox.registry.seeding.doctors import years_phrase
from sandbox.registry.seeding.geography import ukrainian_name
from sandbox.registry.seeding.names import NameGenerator
from sandbox.registry.seeding.test_persons import birth_date, eighteenth_birthday, mpi_spelling
from sandbox.signer import SignerIdentity, WrongPassword, sign, verify

TODAY = date(2026, 3, 10)
DOCTORS = 200
DOCS = Path(__file__).resolve().parents[2] / "docs" / "test-persons.md"

OBLASTS_AND_KYIV = {
    "Вінницька", "Волинська", "Дніпропетровська", "Донецька", "Житомирська", "Закарпатська",
    "Запорізька", "Івано-Франківська", "Київська", "Кіровоградська", "Луганська", "Львівська",
    "Миколаївська", "Одеська", "Полтавська", "Рівненська", "Сумська", "Тернопільська", "Харківська",
    "Херсонська", "Хмельницька", "Черкаська", "Чернівецька", "Чернігівська", "м. Київ",
}  # fmt: skip
REGION_CENTRES = {
    "Вінниця", "Луцьк", "Дніпро", "Донецьк", "Житомир", "Ужгород", "Запоріжжя", "Івано-Франківськ",
    "Київ", "Кропивницький", "Луганськ", "Львів", "Миколаїв", "Одеса", "Полтава", "Рівне", "Суми",
    "Тернопіль", "Харків", "Херсон", "Хмельницький", "Черкаси", "Чернівці", "Чернігів",
}  # fmt: skip
UKRAINE_BBOX = (44.0, 52.5, 22.0, 40.3)  # south, north, west, east
APOSTROPHES = {"'", "’", "ʼ"}
# eHealth's patterns for names: a doctor's (party) take ' or ’; a person's (MPI) take ' only.
EHEALTH_PARTY_APOSTROPHES = {"'", "’"}
EHEALTH_PARTY_NAME = re.compile(r"(?!.*[ЫЪЭЁыъэё@%&$^#])[А-ЯҐЇІЄа-яґїіє’'\- ]+")
EHEALTH_PERSON_NAME = re.compile(r"(?!.*[ЫЪЭЁыъэё@%&$^#])[А-ЯҐЇІЄа-яґїіє'\-]+(\s[А-ЯҐЇІЄа-яґїіє'\-]+)*")


@dataclass(frozen=True)
class Snapshot:
    summary: SeedSummary
    tables: dict[str, list[dict[str, Any]]]

    def by_id(self, table: str) -> dict[str, dict[str, Any]]:
        return {row["id"]: row for row in self.tables[table]}


def _seed(path: Path, seed: int, doctors: int = DOCTORS) -> Snapshot:
    async def run() -> Snapshot:
        engine = make_engine(f"sqlite+aiosqlite:///{path}")
        try:
            summary = await seed_database(engine, seed=seed, doctors=doctors, settings=RegistrySettings(), today=TODAY)
            async with engine.connect() as conn:
                tables = {
                    name: [dict(row) for row in (await conn.execute(select(table))).mappings()]
                    for name, table in Base.metadata.tables.items()
                }
        finally:
            await engine.dispose()
        return Snapshot(summary, tables)

    return asyncio.run(run())


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    return _seed(tmp_path_factory.mktemp("seed") / "registry.sqlite3", seed=11)


def _person(snapshot: Snapshot, slug: str) -> dict[str, Any]:
    person_id = next(p.person_id for p in TEST_PERSONS if p.slug == slug)
    return snapshot.by_id("persons")[person_id]


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


# --- determinism -------------------------------------------------------------------------------


def test_same_seed_gives_the_same_data_and_another_seed_other_doctors(tmp_path: Path, seeded: Snapshot) -> None:
    again = _seed(tmp_path / "again.sqlite3", seed=11)
    other = _seed(tmp_path / "other.sqlite3", seed=12)

    def doctors(snapshot: Snapshot) -> list[tuple[str, str, str, str]]:
        return [(p["id"], p["last_name"], p["first_name"], p["second_name"]) for p in snapshot.tables["parties"]]

    assert doctors(again) == doctors(seeded)
    for table in (
        "employees", "divisions", "legal_entities", "declarations", "settlements",
        "medication_requests", "medication_dispenses", "medication_dispense_details", "medical_records",
    ):  # fmt: skip
        assert again.tables[table] == seeded.tables[table], table
    numbers = {r["request_number"] for r in seeded.tables["medication_requests"]}
    assert numbers.isdisjoint(r["request_number"] for r in other.tables["medication_requests"])
    assert set(doctors(other)).isdisjoint(doctors(seeded))
    assert [d[1:] for d in doctors(other)] != [d[1:] for d in doctors(seeded)]
    # The test persons and their keys do not depend on the seed.
    assert other.by_id("persons").keys() == seeded.by_id("persons").keys()
    public_keys = {k["id"]: k["public_key"] for k in seeded.tables["sandbox_keys"]}
    assert {k["id"]: k["public_key"] for k in other.tables["sandbox_keys"]} == public_keys


def test_the_medical_records_do_not_depend_on_the_doctor_count(tmp_path: Path, seeded: Snapshot) -> None:
    fewer = _seed(tmp_path / "fewer.sqlite3", seed=11, doctors=MIN_DOCTORS)

    def story(snapshot: Snapshot) -> Counter[tuple[str, str, str | None, str | None]]:
        return Counter((r["person_id"], r["kind"], r["code"], r["status"]) for r in snapshot.tables["medical_records"])

    assert story(fewer) == story(seeded)
    # Kept by the declaration doctor where there is one.
    olena = next(p.person_id for p in TEST_PERSONS if p.slug == "adult_with_declaration")
    (declaration,) = (d for d in seeded.tables["declarations"] if d["person_id"] == olena)
    referrals = [r["body"] for r in seeded.tables["medical_records"] if r["kind"] == "service_request"]
    olenas = [r for r in referrals if r["subject"]["identifier"]["value"] == olena]
    assert {r["requester_employee"]["identifier"]["value"] for r in olenas} == {declaration["employee_id"]}


# --- counts and geography ----------------------------------------------------------------------


def test_counts(seeded: Snapshot) -> None:
    summary, tables = seeded.summary, seeded.tables
    assert summary.doctors == len(tables["parties"]) == DOCTORS
    assert summary.employees == len(tables["employees"])
    assert DOCTORS < summary.employees < DOCTORS * 1.15
    assert summary.divisions == len(tables["divisions"]) == DOCTORS // 4
    assert summary.legal_entities == len(tables["legal_entities"]) >= 10
    assert summary.persons == len(tables["persons"]) == len(TEST_PERSONS)
    assert len(tables["sandbox_keys"]) == len(TEST_PERSONS)
    assert summary.declarations == len(tables["declarations"]) == 3
    assert summary.approvals == len(tables["approvals"]) == 2
    assert summary.medical_records == len(tables["medical_records"]) == 222
    assert tables["sandbox_clock"] == [{"id": 1, "offset_seconds": 0.0}]
    assert summary.elapsed_seconds > 0


def test_every_oblast_and_kyiv_are_regions_with_koatuu_codes(seeded: Snapshot) -> None:
    regions = seeded.tables["regions"]
    names = {r["name"] for r in regions}
    assert names >= OBLASTS_AND_KYIV
    assert names - OBLASTS_AND_KYIV == {"Автономна Республіка Крим", "м. Севастополь"}
    codes = [r["koatuu"] for r in regions]
    assert all(re.fullmatch(r"\d{10}", code) for code in codes)
    assert len(set(codes)) == len(codes)


def test_settlements_are_real_places_inside_ukraine(seeded: Snapshot) -> None:
    settlements = seeded.tables["settlements"]
    assert len(settlements) >= 150
    south, north, west, east = UKRAINE_BBOX
    for s in settlements:
        assert south < s["latitude"] < north and west < s["longitude"] < east, s["name"]
        assert re.fullmatch(r"[А-ЩЬЮЯЄІЇҐа-щьюяєіїґ’ -]+", s["name"]), s["name"]
        assert re.fullmatch(r"\d{10}", s["koatuu"])
    names = {s["name"] for s in settlements}
    assert names >= REGION_CENTRES
    assert {"CITY", "TOWNSHIP", "VILLAGE"} <= {s["type"] for s in settlements}
    per_region = Counter(s["region_id"] for s in settlements)
    assert len(per_region) == len(seeded.tables["regions"])
    # Ukrainian names, not Russian ones: Київ and Харків, not Киев and Харьков.
    assert {"Київ", "Харків", "Кам’янець-Подільський"} <= names
    assert not any(re.search(r"[ыэёъ]", name) for name in names)
    kyiv, lviv = (next(s for s in settlements if s["name"] == n) for n in ("Київ", "Львів"))
    assert _distance_km(kyiv["latitude"], kyiv["longitude"], 50.45, 30.52) < 5
    assert _distance_km(lviv["latitude"], lviv["longitude"], 49.84, 24.03) < 5


# Temporarily occupied places among the directory's settlements: eHealth's primary care does not work there.
OCCUPIED = {
    "Донецьк", "Горлівка", "Маріуполь", "Бахмут", "Єнакієве", "Луганськ", "Алчевськ", "Сіверськодонецьк",
    "Лисичанськ", "Хрустальний", "Довжанськ", "Рубіжне", "Мелітополь", "Бердянськ", "Енергодар", "Токмак",
    "Олешки", "Генічеськ", "Скадовськ", "Гола Пристань", "Сімферополь", "Севастополь",
}  # fmt: skip


def _clinic_places(snapshot: Snapshot) -> set[tuple[str, str]]:
    """(region, settlement) of every division and of every legal entity's registration address."""
    regions = {r["id"]: r["name"] for r in snapshot.tables["regions"]}
    settlements = snapshot.by_id("settlements")
    ids = {d["settlement_id"] for d in snapshot.tables["divisions"]}
    ids |= {e["addresses"][0]["settlement_id"] for e in snapshot.tables["legal_entities"]}
    return {(regions[settlements[i]["region_id"]], settlements[i]["name"]) for i in ids}


@pytest.mark.parametrize("seed", [11, 5])
def test_no_clinics_in_occupied_territory(seeded: Snapshot, tmp_path: Path, seed: int) -> None:
    snapshot = seeded if seed == 11 else _seed(tmp_path / "other.sqlite3", seed=seed, doctors=400)
    places = _clinic_places(snapshot)
    assert not {region for region, _ in places} & {"Автономна Республіка Крим", "м. Севастополь", "Луганська"}
    assert not {name for _, name in places} & OCCUPIED
    assert {name for region, name in places if region == "Донецька"} <= {"Краматорськ", "Слов’янськ"}
    assert {name for region, name in places if region == "Запорізька"} <= {"Запоріжжя"}
    # The occupied places stay in the address directory: people are registered there.
    assert {s["name"] for s in snapshot.tables["settlements"]} >= OCCUPIED


@pytest.mark.parametrize("seed", [11, 3])
def test_every_test_person_finds_doctors_of_every_speciality_at_home(
    seeded: Snapshot, tmp_path: Path, seed: int
) -> None:
    snapshot = seeded if seed == 11 else _seed(tmp_path / "other.sqlite3", seed=seed, doctors=MIN_DOCTORS * 2)
    settlements = snapshot.by_id("settlements")
    divisions = snapshot.by_id("divisions")
    legal_entities = snapshot.by_id("legal_entities")
    found: defaultdict[str, set[str]] = defaultdict(set)
    for employee in snapshot.tables["employees"]:
        division = divisions[employee["division_id"]]
        if (
            employee["status"] == "APPROVED"
            and division["status"] == "ACTIVE"
            and legal_entities[division["legal_entity_id"]]["status"] == "ACTIVE"
        ):
            found[settlements[division["settlement_id"]]["name"]].add(employee["speciality_officio"])
    homes = {p["addresses"][0]["settlement"] for p in snapshot.tables["persons"]}
    assert "Кам’янець-Подільський" in homes
    for home in homes:
        assert found[home] == {"FAMILY_DOCTOR", "THERAPIST", "PEDIATRICIAN"}, home


# --- clinics -----------------------------------------------------------------------------------


def test_divisions_are_near_their_settlement_in_ehealth_shape(seeded: Snapshot) -> None:
    settlements = seeded.by_id("settlements")
    legal_entities = seeded.by_id("legal_entities")
    updated_from = datetime.combine(TODAY, datetime.min.time()) - timedelta(days=60)
    for division in seeded.tables["divisions"]:
        settlement = settlements[division["settlement_id"]]
        distance = _distance_km(
            division["latitude"], division["longitude"], settlement["latitude"], settlement["longitude"]
        )
        assert distance <= 3.01
        assert division["legal_entity_id"] in legal_entities
        assert division["type"] in {"CLINIC", "AMBULANT_CLINIC", "FAP"}
        [address] = division["addresses"]
        assert validate_address(address) == address
        assert address["settlement_id"] == settlement["id"]
        assert validate_phones(division["phones"]) == division["phones"]
        assert {p["type"] for p in division["phones"]} == {"LAND_LINE", "MOBILE"}
        hours = division["working_hours"]
        assert {"mon", "tue", "wed", "thu", "fri"} <= hours.keys() <= {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
        for spans in hours.values():
            for opens, closes in spans:
                assert re.fullmatch(r"\d\d\.\d\d", opens) and re.fullmatch(r"\d\d\.\d\d", closes)
                assert opens < closes
        assert updated_from <= division["updated_at"] <= updated_from + timedelta(days=61)
    assert {"CLINIC", "AMBULANT_CLINIC"} <= {d["type"] for d in seeded.tables["divisions"]}


def test_legal_entities(seeded: Snapshot) -> None:
    entities = seeded.tables["legal_entities"]
    assert all(re.fullmatch(r"\d{8}", e["edrpou"]) and edrpou(int(e["edrpou"][:7])) == e["edrpou"] for e in entities)
    assert len({e["edrpou"] for e in entities}) == len(entities)
    statuses = Counter(e["status"] for e in entities)
    assert statuses["SUSPENDED"] >= 1 and statuses["CLOSED"] >= 1
    assert statuses["ACTIVE"] >= len(entities) - 4
    assert Counter(e["type"] for e in entities)["PRIMARY_CARE"] > len(entities) / 2
    assert any("Центр первинної медико-санітарної допомоги" in e["name"] for e in entities)
    for entity in entities:
        assert validate_address(entity["addresses"][0]) == entity["addresses"][0]
    closed = {e["id"] for e in entities if e["status"] == "CLOSED"}
    assert all(d["status"] == "INACTIVE" for d in seeded.tables["divisions"] if d["legal_entity_id"] in closed)


@pytest.mark.parametrize(("code", "expected"), [(1436057, "14360570"), (1562, "00015622")])
def test_edrpou_control_digit_matches_real_codes(code: int, expected: str) -> None:
    assert edrpou(code) == expected


# --- doctors -----------------------------------------------------------------------------------


def test_doctor_names_match_gender_and_spell_the_apostrophe_both_ways_ehealth_takes(seeded: Snapshot) -> None:
    parties = seeded.tables["parties"]
    for party in parties:
        patronymic = party["second_name"]
        if party["gender"] == "MALE":
            assert patronymic.endswith(("ович", "евич", "йович", "іч")), patronymic
        else:
            assert patronymic.endswith(("івна", "ївна", "овна")), patronymic
    with_apostrophe = [p for p in parties if APOSTROPHES & set(p["first_name"] + p["last_name"] + p["second_name"])]
    assert len(with_apostrophe) >= DOCTORS // 20
    forms = {
        c for p in with_apostrophe for c in p["first_name"] + p["last_name"] + p["second_name"] if c in APOSTROPHES
    }
    assert forms == EHEALTH_PARTY_APOSTROPHES
    for party in parties:
        for name in (party["first_name"], party["last_name"], party["second_name"]):
            assert EHEALTH_PARTY_NAME.fullmatch(name), name
    # One record spells its apostrophes one way.
    for party in with_apostrophe:
        assert len(APOSTROPHES & set(party["first_name"] + party["last_name"] + party["second_name"])) == 1
    genders = Counter(p["gender"] for p in parties)
    assert genders["FEMALE"] > genders["MALE"] > 0


@given(seed=st.integers(min_value=0, max_value=2**32), gender=st.sampled_from(["MALE", "FEMALE"]))
def test_generated_doctor_names_are_what_ehealth_would_hold(seed: int, gender: str) -> None:
    name = NameGenerator(random.Random(seed)).full_name(gender)
    parts = (name.first_name, name.last_name, name.second_name)
    assert all(EHEALTH_PARTY_NAME.fullmatch(part) for part in parts), parts
    assert len(APOSTROPHES & set("".join(parts))) <= 1


def test_persons_names_are_spelt_as_the_mpi_holds_them(seeded: Snapshot) -> None:
    persons = seeded.tables["persons"]
    names = [p[key] for p in persons for key in ("first_name", "last_name", "second_name")]
    names += [c[key] for p in persons for c in p["confidant_person"] for key in ("first_name", "last_name")]
    assert all(EHEALTH_PERSON_NAME.fullmatch(name) for name in names), names
    # Дем'яненко and В'ячеслав among them: the product's ’ comes from reading, not from the registry.
    assert {"Дем'яненко", "В'ячеслав"} <= set(names)


def test_specialities_positions_and_limits(seeded: Snapshot) -> None:
    employees = seeded.tables["employees"]
    parties = seeded.by_id("parties")
    for employee in employees:
        speciality = Speciality(employee["speciality_officio"])
        assert employee["position"] == POSITION_OF[speciality]
        assert employee["declaration_limit"] == DEFAULT_LIMIT_OF[speciality]
        [party_speciality] = parties[employee["party_id"]]["specialities"]
        assert party_speciality["speciality"] == speciality.value and party_speciality["speciality_officio"] is True
        assert party_speciality["valid_to_date"] > party_speciality["attestation_date"]
    per_party = {e["party_id"]: e["speciality_officio"] for e in employees}
    shares = Counter(per_party.values())
    assert shares == {"FAMILY_DOCTOR": 110, "THERAPIST": 50, "PEDIATRICIAN": 40}
    party = next(iter(parties.values()))
    assert party["educations"][0]["institution_name"] and party["qualifications"][0]["type"] == "INTERNSHIP"


def test_declaration_counts_spread_from_free_to_full(seeded: Snapshot) -> None:
    records: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for employee in seeded.tables["employees"]:
        records[employee["party_id"]].append(employee)
    free: list[int] = []
    for party_records in records.values():
        approved = [e for e in party_records if e["status"] == "APPROVED"]
        if approved:
            limit = min(e["declaration_limit"] for e in party_records)
            free.append(limit - sum(e["unmodelled_declarations"] for e in approved))
    assert min(free) >= 0
    assert sum(1 for f in free if f == 0) >= 3
    assert sum(1 for f in free if 0 < f <= 20) >= 5
    assert sum(1 for f in free if f > 20) > len(free) * 0.7
    assert sum(1 for r in records.values() if len(r) == 2) >= 3
    two_records = [r for r in records.values() if len(r) == 2]
    assert all(r[0]["division_id"] != r[1]["division_id"] for r in two_records)
    dismissed = [e for e in seeded.tables["employees"] if e["status"] == "DISMISSED"]
    assert all(e["end_date"] is not None and e["unmodelled_declarations"] == 0 for e in dismissed)
    updated_from = datetime.combine(TODAY, datetime.min.time()) - timedelta(days=60)
    assert all(updated_from <= e["updated_at"] <= updated_from + timedelta(days=61) for e in seeded.tables["employees"])


# --- test persons ------------------------------------------------------------------------------


def test_every_test_person_is_present_in_their_age_class(seeded: Snapshot) -> None:
    expected = {
        "adult_with_declaration": OwnAccess.FULL,
        "adult_without_declaration": OwnAccess.FULL,
        "unverified_adult": OwnAccess.FULL,
        "teen_16_read_only": OwnAccess.VIEW,
        "teen_17_capable": OwnAccess.FULL,
        "child_12": OwnAccess.NONE,
        "adult_with_accesses": OwnAccess.FULL,
    }
    assert {p.slug for p in TEST_PERSONS} == expected.keys()
    for test_person in TEST_PERSONS:
        person = _person(seeded, test_person.slug)
        assert (person["first_name"], person["last_name"], person["second_name"]) == (
            mpi_spelling(test_person.first_name),
            mpi_spelling(test_person.last_name),
            mpi_spelling(test_person.second_name),
        )
        access = own_access(person["birth_date"], person["legal_capacity_status"], TODAY)
        assert access == expected[test_person.slug], test_person.slug
    ages = {p.slug: full_years(_person(seeded, p.slug)["birth_date"], TODAY) for p in TEST_PERSONS}
    assert (ages["teen_16_read_only"], ages["teen_17_capable"], ages["child_12"]) == (16, 17, 12)
    teen_born = _person(seeded, "teen_17_capable")["birth_date"]
    assert birthday_in(teen_born, teen_born.year + 18) == eighteenth_birthday(TODAY)
    assert _person(seeded, "unverified_adult")["verification_status"] == "NOT_VERIFIED"
    assert _person(seeded, "teen_16_read_only")["legal_capacity_status"] == "NOT_VERIFIED"


def test_test_persons_hold_valid_identity_data(seeded: Snapshot) -> None:
    for test_person in TEST_PERSONS:
        person = _person(seeded, test_person.slug)
        assert is_tax_id(person["tax_id"])
        assert tax_id_birth_date(person["tax_id"]) == person["birth_date"]
        assert tax_id_gender(person["tax_id"]) == person["gender"]
        assert is_unzr(person["unzr"], person["birth_date"])
        assert person_data.check_documents(person["documents"], TODAY) == []
        assert person_data.check_phones("$.phones", person["phones"]) == []
        assert person_data.check_addresses(person["addresses"]) == []
        assert all(is_phone(phone["number"]) for phone in person["phones"])
        for document in person["documents"]:
            assert validate_document(document["type"], document["number"]) == document["number"]
            if document["type"] == "NATIONAL_ID":
                assert document["expiration_date"] > TODAY.isoformat()
        assert validate_phones(person["phones"]) == person["phones"]
        assert person["phones"][0]["number"].startswith("+380")
        [address] = person["addresses"]
        assert address["type"] == "RESIDENCE" and validate_address(address) == address
        assert address["settlement_id"] in seeded.by_id("settlements")
        assert person["authentication_methods"] == [{"type": "OTP", "phone_number": person["phones"][0]["number"]}]
        assert person["emergency_contact"]["phones"] and person["secret"] and person["email"].endswith("@example.com")
    child = _person(seeded, "child_12")
    assert [d["type"] for d in child["documents"]] == ["BIRTH_CERTIFICATE"]


def test_child_has_the_parent_as_primary_confidant(seeded: Snapshot) -> None:
    child, parent = _person(seeded, "child_12"), _person(seeded, "adult_without_declaration")
    [confidant] = child["confidant_person"]
    assert confidant["relation_type"] == "PRIMARY"
    assert confidant["person_id"] == parent["id"] and confidant["tax_id"] == parent["tax_id"]
    [relationship] = confidant["documents_relationship"]
    assert relationship["type"] == "BIRTH_CERTIFICATE"
    assert relationship["number"] == child["documents"][0]["number"]
    assert child["second_name"].startswith(parent["first_name"])


def _documented_passwords() -> dict[str, str]:
    """Full name → password, read from the table in docs/test-persons.md."""
    rows = re.findall(r"^\| ([^|]+?) \| [^|]+ \| [^|]+ \| `([^`]+)` \|", DOCS.read_text(encoding="utf-8"), re.M)
    return dict(rows)


def test_keys_open_with_the_documented_passwords_and_sign(seeded: Snapshot) -> None:
    documented = _documented_passwords()
    keys = {k["person_id"]: k for k in seeded.tables["sandbox_keys"]}
    assert len(documented) == len(TEST_PERSONS)
    for test_person in TEST_PERSONS:
        password = documented[f"{test_person.first_name} {test_person.second_name} {test_person.last_name}"]
        assert password == test_person.password
        key = keys[test_person.person_id]
        assert key["id"] == test_person.key_id
        assert key["label"] == f"{test_person.first_name} {test_person.last_name} — ключ sandbox"
        person = _person(seeded, test_person.slug)
        signer = SignerIdentity(key["id"], person["tax_id"], person["first_name"], person["last_name"])
        signed = sign(b'{"declaration": 1}', signer, key["encrypted_private_key"], password)
        assert verify(signed, key["public_key"]).data == b'{"declaration": 1}'
        with pytest.raises(WrongPassword):
            sign(b"x", signer, key["encrypted_private_key"], password + "!")


def test_test_persons_declarations(seeded: Snapshot) -> None:
    employees, entities = seeded.by_id("employees"), seeded.by_id("legal_entities")
    declarations = {d["person_id"]: d for d in seeded.tables["declarations"]}
    assert all(is_declaration_number(d["declaration_number"]) for d in declarations.values())

    def doctor(declaration: dict[str, Any]) -> dict[str, Any]:
        employee = employees[declaration["employee_id"]]
        assert employee["status"] == "APPROVED"
        assert entities[declaration["legal_entity_id"]]["status"] == "ACTIVE"
        assert employee["division_id"] == declaration["division_id"]
        assert employee["unmodelled_declarations"] < employee["declaration_limit"] - 1
        return employee

    adult = declarations[_person(seeded, "adult_with_declaration")["id"]]
    assert adult["status"] == "active" and adult["end_date"] is None
    assert 350 <= (TODAY - adult["start_date"]).days <= 380
    assert doctor(adult)["speciality_officio"] == "FAMILY_DOCTOR"

    teen = _person(seeded, "teen_17_capable")
    pediatric = declarations[teen["id"]]
    assert pediatric["status"] == "active" and doctor(pediatric)["speciality_officio"] == "PEDIATRICIAN"
    assert pediatric["end_date"] == birthday_in(teen["birth_date"], teen["birth_date"].year + 18) - timedelta(days=1)
    assert pediatric["end_date"] == declaration_end(Speciality.PEDIATRICIAN, teen["birth_date"], TODAY)
    assert pediatric["end_date"] == eighteenth_birthday(TODAY) - timedelta(days=1)

    past = declarations[_person(seeded, "adult_with_accesses")["id"]]
    assert past["status"] == "terminated" and past["end_date"] < TODAY and past["reason"] == "manual_person"
    for slug in ("adult_without_declaration", "unverified_adult", "teen_16_read_only", "child_12"):
        assert _person(seeded, slug)["id"] not in declarations


def test_test_persons_prescriptions(seeded: Snapshot) -> None:
    requests = seeded.tables["medication_requests"]
    by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for request in requests:
        by_person[request["person_id"]].append(request)
    assert {r["status"] for r in requests} == {"ACTIVE", "COMPLETED", "EXPIRED", "REJECTED"}
    assert all(is_medication_request_number(r["request_number"]) for r in requests)
    dispensed: dict[str, float] = defaultdict(float)
    dispenses = seeded.by_id("medication_dispenses")
    counts: Counter[str] = Counter(d["medication_request_id"] for d in dispenses.values())
    for line in seeded.tables["medication_dispense_details"]:
        dispensed[dispenses[line["dispense_id"]]["medication_request_id"]] += line["medication_qty"]

    olena = by_person[_person(seeded, "adult_with_declaration")["id"]]
    statuses = Counter(r["status"] for r in olena)
    assert statuses == {"ACTIVE": 4, "COMPLETED": 2, "REJECTED": 1, "EXPIRED": 1}
    active = [r for r in olena if r["status"] == "ACTIVE"]
    assert min((r["dispense_valid_to"] - TODAY).days for r in active) == 2  # the "expires soon" reminder
    partly = [r for r in active if dispensed[r["id"]]]
    assert len(partly) == 1 and 0 < dispensed[partly[0]["id"]] < partly[0]["medication_qty"]
    completed = [r for r in olena if r["status"] == "COMPLETED"]
    assert all(dispensed[r["id"]] == r["medication_qty"] for r in completed)
    assert sorted(counts[r["id"]] for r in completed) == [1, 2]
    rejected = next(r for r in olena if r["status"] == "REJECTED")
    assert rejected["reject_reason_code"] and rejected["reject_reason"] and rejected["rejected_at"]
    expired = next(r for r in olena if r["status"] == "EXPIRED")
    assert expired["dispense_valid_to"] < TODAY and not dispensed[expired["id"]]
    # Her prescriptions are by her declaration doctor.
    declaration = next(d for d in seeded.tables["declarations"] if d["person_id"] == olena[0]["person_id"])
    assert {r["employee_id"] for r in olena} == {declaration["employee_id"]}

    maksym = by_person[_person(seeded, "teen_16_read_only")["id"]]
    assert [(r["status"], r["innm_dosage_id"]) for r in maksym] == [("ACTIVE", seeded_innm(seeded, "salbutamol-100"))]
    viacheslav = by_person[_person(seeded, "adult_with_accesses")["id"]]
    assert sorted(r["status"] for r in viacheslav) == ["COMPLETED", "EXPIRED"]
    assert all(r["created_at"] < TODAY - timedelta(days=200) for r in viacheslav)
    for slug in ("adult_without_declaration", "unverified_adult", "teen_17_capable", "child_12"):
        assert _person(seeded, slug)["id"] not in by_person
    for request in requests:
        assert request["dispense_valid_to"] == request["dispense_valid_from"] + timedelta(days=29)
        assert request["created_at"] <= request["started_at"] <= request["ended_at"]


def seeded_innm(snapshot: Snapshot, key: str) -> str:
    return next(i["id"] for i in snapshot.tables["innm_dosages"] if i["key"] == key)


def test_accesses_and_clients(seeded: Snapshot) -> None:
    settings = RegistrySettings()
    clients = seeded.by_id("clients")
    ours = clients[settings.pis_client_id]
    assert ours["secret"] == settings.pis_client_secret and ours["redirect_uris"] == settings.pis_redirect_uris
    assert "person:sign_in" in ours["scope"].split()
    assert {c.name for c in OTHER_CABINET_CLIENTS} == {"еКабінет ЕСОЗ", "Helsi", "Health24"}
    for client in OTHER_CABINET_CLIENTS:
        assert clients[client.id]["name"] == client.name and clients[client.id]["secret"] == client.secret
    holder = _person(seeded, "adult_with_accesses")
    approvals = seeded.tables["approvals"]
    assert {a["client_name"] for a in approvals} == {"Helsi", "Health24"}
    by_name = {c.name: c.id for c in OTHER_CABINET_CLIENTS}
    for approval in approvals:
        assert approval["person_id"] == holder["id"] and approval["client_id"] == by_name[approval["client_name"]]
        assert (TODAY - approval["created_at"].date()).days >= 90


# --- the command and pure helpers --------------------------------------------------------------


async def test_seed_command_prints_a_summary_and_the_test_persons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'command.sqlite3'}"
    assert await run_seed_command(seed=3, doctors=MIN_DOCTORS, database_url=url) == 0
    out = capsys.readouterr().out
    assert f"{MIN_DOCTORS} doctors" in out
    for person in TEST_PERSONS:
        assert person.password in out and person.last_name in out
    assert await run_seed_command(seed=3, doctors=MIN_DOCTORS - 1, database_url=url) == 2


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2090, 12, 31)))
def test_minors_keep_their_age_class_on_any_seeding_date(today: date) -> None:
    assert full_years(birth_date("teen_16_read_only", today), today) == 16
    assert full_years(birth_date("teen_17_capable", today), today) == 17
    teen_born = birth_date("teen_17_capable", today)
    assert birthday_in(teen_born, teen_born.year + 18) == eighteenth_birthday(today)
    assert 19 <= (eighteenth_birthday(today) - today).days <= 20
    assert full_years(birth_date("child_12", today), today) == 12


@given(st.lists(st.text(max_size=12)), st.text(max_size=12))
def test_ukrainian_name_is_one_of_the_candidates_and_never_russian(alternates: list[str], latin: str) -> None:
    name = ukrainian_name(latin, alternates)
    if name is not None:
        assert name in {a.replace("'", "’").replace("ʼ", "’") for a in alternates}
        assert not re.search(r"[ыэёъЫЭЁЪ]", name)


@pytest.mark.parametrize(
    ("alternates", "latin", "expected"),
    [
        (["Киев", "Київ", "Kiev"], "Kyiv", "Київ"),
        (["Днепр", "Дніпро", "Днїпро", "Дніпропетровськ"], "Dnipro", "Дніпро"),
        (["Севастопол", "Севастополь"], "Sevastopol", "Севастополь"),
        (["Керчь", "Керч"], "Kerch", "Керч"),
        (["Кам'янське", "Каменское"], "Kamyanske", "Кам’янське"),
    ],
)
def test_ukrainian_name_examples(alternates: list[str], latin: str, expected: str) -> None:
    assert ukrainian_name(latin, alternates) == expected


@pytest.mark.parametrize(
    ("years", "phrase"), [(1, "1 рік"), (3, "3 роки"), (11, "11 років"), (21, "21 рік"), (14, "14 років")]
)
def test_years_phrase(years: int, phrase: str) -> None:
    assert years_phrase(years) == phrase
