"""The fixed test persons: the same people, ids, keys and passwords for every seed.

Their ages follow the seeding date (a 17-year-old is always 20 days from 18), so tax IDs and
УНЗР of the minors change with the date; the adults' never do. docs/test-persons.md lists them.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sandbox.registry.core.scopes import PIS_SCOPES
from sandbox.registry.rules.access import birthday_in
from sandbox.registry.rules.declarations import Speciality, declaration_end
from sandbox.registry.rules.numbers import new_declaration_number, new_tax_id, new_unzr
from sandbox.registry.rules.text import with_apostrophe
from sandbox.registry.seeding.clients import HEALTH24, HELSI, CabinetClient
from sandbox.registry.seeding.context import SeedContext
from sandbox.registry.seeding.doctors import DoctorCandidates
from sandbox.registry.seeding.geography import OBLAST_BY_ADMIN1, SettlementData
from sandbox.registry.seeding.medical_records import MedicalRecordSeeder
from sandbox.registry.seeding.prescriptions import (
    MAKSYM_PLANS,
    OLENA_PLANS,
    VIACHESLAV_PLANS,
    Prescriber,
    PrescriptionSeeder,
)
from sandbox.registry.summary.shapes import Clinician
from sandbox.signer import generate_key_from_seed

_NAMESPACE = uuid.UUID("3c1f7d2e-8a4b-4e6f-b0d9-2a5c8e1f4b37")


@dataclass(frozen=True)
class TestPerson:
    __test__ = False  # keep pytest from collecting it

    slug: str
    person_id: str
    key_id: str
    first_name: str
    last_name: str
    second_name: str
    password: str
    description: str


def _person(
    slug: str, first_name: str, last_name: str, second_name: str, password: str, description: str
) -> TestPerson:
    return TestPerson(
        slug=slug,
        person_id=str(uuid.uuid5(_NAMESPACE, f"person:{slug}")),
        key_id=str(uuid.uuid5(_NAMESPACE, f"key:{slug}")),
        first_name=first_name,
        last_name=last_name,
        second_name=second_name,
        password=password,
        description=description,
    )


ADULT_WITH_DECLARATION = _person(
    "adult_with_declaration", "Олена", "Коваленко", "Петрівна", "olena-2026",
    "Доросла, дані підтверджено, є активна декларація з сімейним лікарем.",
)  # fmt: skip
ADULT_WITHOUT_DECLARATION = _person(
    "adult_without_declaration", "Андрій", "Шевчук", "Іванович", "andrii-2026",
    "Дорослий, дані підтверджено, декларації немає — можна обрати лікаря.",
)  # fmt: skip
UNVERIFIED_ADULT = _person(
    "unverified_adult", "Ярослава", "Дем’яненко", "Миколаївна", "yaroslava-2026",
    "Доросла, дані не підтверджено: нова декларація чекатиме перевірки.",
)  # fmt: skip
TEEN_16_READ_ONLY = _person(
    "teen_16_read_only", "Максим", "Бондаренко", "Олегович", "maksym-2026",
    "16 років, повну дієздатність не підтверджено — лише перегляд.",
)  # fmt: skip
TEEN_17_CAPABLE = _person(
    "teen_17_capable", "Софія", "Мельник", "Андріївна", "sofiia-2026",
    "17 років, повна дієздатність підтверджена; декларація з педіатром спливає напередодні 18-річчя.",
)  # fmt: skip
CHILD_12 = _person(
    "child_12", "Тарас", "Шевчук", "Андрійович", "taras-2026",
    "12 років: власного доступу немає, за дитину діє батько (Андрій Шевчук).",
)  # fmt: skip
ADULT_WITH_ACCESSES = _person(
    "adult_with_accesses", "В’ячеслав", "Ткаченко", "Олександрович", "viacheslav-2026",
    "Дорослий, надав доступ Helsi і Health24, має розірвану декларацію в минулому.",
)  # fmt: skip

TEST_PERSONS: tuple[TestPerson, ...] = (
    ADULT_WITH_DECLARATION,
    ADULT_WITHOUT_DECLARATION,
    UNVERIFIED_ADULT,
    TEEN_16_READ_ONLY,
    TEEN_17_CAPABLE,
    CHILD_12,
    ADULT_WITH_ACCESSES,
)

DAYS_TO_18TH_BIRTHDAY = 20  # of the 17-year-old: the "declaration ends at 18" reminder is due


def years_before(day: date, years: int) -> date:
    return birthday_in(day, day.year - years)


def eighteenth_birthday(today: date) -> date:
    """The 17-year-old's 18th birthday: DAYS_TO_18TH_BIRTHDAY ahead, or a day sooner when that is 29 February
    (18 years earlier was not a leap year, so nobody turns 18 on that day)."""
    day = today + timedelta(days=DAYS_TO_18TH_BIRTHDAY)
    return day - timedelta(days=1) if (day.month, day.day) == (2, 29) else day


@dataclass(frozen=True)
class _Home:
    settlement: str
    street_type: str
    street: str
    building: str
    apartment: str | None
    zip: str


@dataclass(frozen=True)
class _Profile:
    person: TestPerson
    gender: str
    birth_settlement: str
    tax_serial: int
    unzr_serial: int
    phone: str
    email: str
    secret: str
    preferred_way_communication: str
    home: _Home
    document_type: str
    document_number: str
    document_issued_by: str
    verification_status: str = "VERIFIED"
    legal_capacity_status: str | None = None


_KYIV_HOME = _Home("Київ", "STREET", "Антоновича", "42", "17", "03150")
_LVIV_HOME = _Home("Львів", "STREET", "Городоцька", "118", "5", "79022")

_PROFILES: dict[str, _Profile] = {
    p.person.slug: p
    for p in (
        _Profile(
            ADULT_WITH_DECLARATION, "FEMALE", "Біла Церква", 1207, 318, "+380671234501",
            "olena.kovalenko@example.com", "калина", "email", _KYIV_HOME,
            "NATIONAL_ID", "004518273", "8032",
        ),
        _Profile(
            ADULT_WITHOUT_DECLARATION, "MALE", "Львів", 2311, 1042, "+380501234502",
            "andrii.shevchuk@example.com", "смерека", "phone", _LVIV_HOME,
            "PASSPORT", "КС482913", "Франківським РВ ЛМУ ГУ МВС України у Львівській області",
        ),
        _Profile(
            UNVERIFIED_ADULT, "FEMALE", "Коростень", 604, 77, "+380931234503",
            "yaroslava.demianenko@example.com", "ластівка", "email",
            _Home("Житомир", "STREET", "Велика Бердичівська", "25", "8", "10014"),
            "NATIONAL_ID", "001936457", "1810", verification_status="NOT_VERIFIED",
        ),
        _Profile(
            TEEN_16_READ_ONLY, "MALE", "Вінниця", 88, 2214, "+380961234504",
            "maksym.bondarenko@example.com", "барвінок", "phone",
            _Home("Вінниця", "STREET", "Соборна", "61", "12", "21050"),
            "NATIONAL_ID", "012745390", "0510", legal_capacity_status="NOT_VERIFIED",
        ),
        _Profile(
            TEEN_17_CAPABLE, "FEMALE", "Дніпро", 131, 540, "+380661234505",
            "sofiia.melnyk@example.com", "веселка", "email",
            _Home("Дніпро", "STREET", "Дмитра Яворницького", "88", "40", "49044"),
            "NATIONAL_ID", "010384625", "1218", legal_capacity_status="VERIFIED",
        ),
        _Profile(
            CHILD_12, "MALE", "Львів", 45, 1187, "+380681234506",
            "taras.shevchuk@example.com", "вишиванка", "phone", _LVIV_HOME,
            "BIRTH_CERTIFICATE", "І-ЛВ 538214",
            "Відділ державної реєстрації актів цивільного стану Львівського міського управління юстиції",
        ),
        _Profile(
            ADULT_WITH_ACCESSES, "MALE", "Кам’янець-Подільський", 3150, 906, "+380971234507",
            "viacheslav.tkachenko@example.com", "соняшник", "phone",
            _Home("Кам’янець-Подільський", "STREET", "Князів Коріатовичів", "9", None, "32300"),
            "PASSPORT", "НК731205", "Кам’янець-Подільським МВ УМВС України в Хмельницькій області",
        ),
    )
}  # fmt: skip

# Where the test persons live: each gets an active clinic with doctors of every speciality.
HOME_SETTLEMENTS: tuple[str, ...] = tuple(dict.fromkeys(profile.home.settlement for profile in _PROFILES.values()))

_ADULT_BIRTH_DATES = {
    ADULT_WITH_DECLARATION.slug: date(1987, 3, 14),
    ADULT_WITHOUT_DECLARATION.slug: date(1979, 11, 2),
    UNVERIFIED_ADULT.slug: date(1995, 6, 21),
    ADULT_WITH_ACCESSES.slug: date(1968, 9, 5),
}


def birth_date(slug: str, today: date) -> date:
    """Adults have fixed birth dates; the minors' follow `today` so their age class never changes."""
    if slug in _ADULT_BIRTH_DATES:
        return _ADULT_BIRTH_DATES[slug]
    if slug == TEEN_16_READ_ONLY.slug:
        return years_before(today, 16) - timedelta(days=95)
    if slug == TEEN_17_CAPABLE.slug:
        return years_before(eighteenth_birthday(today), 18)
    if slug == CHILD_12.slug:
        return years_before(today, 12) - timedelta(days=140)
    raise KeyError(slug)


def tax_id(slug: str, today: date) -> str:
    profile = _PROFILES[slug]
    return new_tax_id(birth_date(slug, today), profile.tax_serial, profile.gender)


def _document(profile: _Profile, born: date) -> dict[str, Any]:
    if profile.document_type == "BIRTH_CERTIFICATE":
        return {
            "type": "BIRTH_CERTIFICATE",
            "number": profile.document_number,
            "issued_by": profile.document_issued_by,
            "issued_at": (born + timedelta(days=9)).isoformat(),
        }
    if profile.document_type == "PASSPORT":
        issued = birthday_in(born, born.year + 25) + timedelta(days=21)
        return {
            "type": "PASSPORT",
            "number": profile.document_number,
            "issued_by": profile.document_issued_by,
            "issued_at": issued.isoformat(),
        }
    # An ID card of a 14–17-year-old is valid for 4 years, an adult's for 10.
    minor_card = profile.legal_capacity_status is not None
    issued = birthday_in(born, born.year + 14) + timedelta(days=30) if minor_card else date(2019, 8, 12)
    valid_years = 4 if minor_card else 10
    return {
        "type": "NATIONAL_ID",
        "number": profile.document_number,
        "issued_by": profile.document_issued_by,
        "issued_at": issued.isoformat(),
        "expiration_date": (birthday_in(issued, issued.year + valid_years) - timedelta(days=1)).isoformat(),
    }


def _address(home: _Home, settlement: SettlementData) -> dict[str, Any]:
    result = {
        "type": "RESIDENCE",
        "country": "UA",
        "area": OBLAST_BY_ADMIN1[settlement.region_admin1].name,
        "settlement": settlement.name,
        "settlement_type": settlement.type,
        "settlement_id": settlement.id,
        "street_type": home.street_type,
        "street": home.street,
        "building": home.building,
        "zip": home.zip,
    }
    if home.apartment is not None:
        result["apartment"] = home.apartment
    return result


def _mobile(number: str) -> list[dict[str, str]]:
    return [{"type": "MOBILE", "number": number}]


def mpi_spelling(name: str) -> str:
    """A person's name as eHealth's MPI holds it: its name pattern allows the apostrophe ' (U+0027) only.

    The constants above are written as a Ukrainian reads them (’); the registry rows get this spelling.
    """
    return with_apostrophe(name, "'")


def _emergency_contact(slug: str) -> dict[str, Any]:
    contacts = {
        ADULT_WITH_DECLARATION.slug: ("Ігор", "Коваленко", "Васильович", "+380671234511"),
        ADULT_WITHOUT_DECLARATION.slug: ("Оксана", "Шевчук", "Романівна", "+380501234512"),
        UNVERIFIED_ADULT.slug: ("Микола", "Дем’яненко", "Степанович", "+380931234513"),
        TEEN_16_READ_ONLY.slug: ("Олег", "Бондаренко", "Вікторович", "+380961234514"),
        TEEN_17_CAPABLE.slug: ("Андрій", "Мельник", "Сергійович", "+380661234515"),
        CHILD_12.slug: ("Андрій", "Шевчук", "Іванович", "+380501234502"),
        ADULT_WITH_ACCESSES.slug: ("Галина", "Ткаченко", "Петрівна", "+380971234517"),
    }
    first, last, second, phone = contacts[slug]
    # Spelt as this sandbox stores a contact the patient changes (its validator writes ’), so signing the
    # person back unchanged changes nothing.
    return {"first_name": first, "last_name": last, "second_name": second, "phones": _mobile(phone)}


class TestPersonSeeder:
    """Builds the rows of the test persons, their keys, declarations and accesses."""

    __test__ = False

    def __init__(self, ctx: SeedContext, settlements: list[SettlementData]) -> None:
        self.ctx = ctx
        self.settlement_by_name = {s.name: s for s in settlements if s.type == "CITY"}

    def persons(self) -> list[dict[str, Any]]:
        rows = [self._person_row(_PROFILES[p.slug]) for p in TEST_PERSONS]
        by_id = {row["id"]: row for row in rows}
        child = by_id[CHILD_12.person_id]
        child["confidant_person"] = [self._confidant(by_id[ADULT_WITHOUT_DECLARATION.person_id], child)]
        return rows

    def _person_row(self, profile: _Profile) -> dict[str, Any]:
        person = profile.person
        born = birth_date(person.slug, self.ctx.today)
        return {
            "id": person.person_id,
            "first_name": mpi_spelling(person.first_name),
            "last_name": mpi_spelling(person.last_name),
            "second_name": mpi_spelling(person.second_name),
            "birth_date": born,
            "birth_country": "Україна",
            "birth_settlement": profile.birth_settlement,
            "gender": profile.gender,
            "email": profile.email,
            "tax_id": new_tax_id(born, profile.tax_serial, profile.gender),
            "no_tax_id": False,
            "unzr": new_unzr(born, profile.unzr_serial),
            "secret": profile.secret,
            "documents": [_document(profile, born)],
            "phones": _mobile(profile.phone),
            "addresses": [_address(profile.home, self.settlement_by_name[profile.home.settlement])],
            "emergency_contact": _emergency_contact(person.slug),
            "confidant_person": [],
            "authentication_methods": [{"type": "OTP", "phone_number": profile.phone}],
            "preferred_way_communication": profile.preferred_way_communication,
            "verification_status": profile.verification_status,
            "legal_capacity_status": profile.legal_capacity_status,
            "created_at": self.ctx.moment - timedelta(days=730),
            "updated_at": self.ctx.moment - timedelta(days=30),
        }

    def _confidant(self, parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
        """The parent as the child's PRIMARY confidant, with the birth certificate as the proof."""
        fields = (
            "first_name", "last_name", "second_name", "birth_country", "birth_settlement", "gender",
            "tax_id", "unzr", "secret", "email", "preferred_way_communication", "phones",
        )  # fmt: skip
        certificate = child["documents"][0]
        return {
            "person_id": parent["id"],
            "relation_type": "PRIMARY",
            **{key: parent[key] for key in fields},
            "birth_date": parent["birth_date"].isoformat(),
            "documents_person": parent["documents"],
            "documents_relationship": [
                {
                    "type": "BIRTH_CERTIFICATE",
                    "number": certificate["number"],
                    "issued_by": certificate["issued_by"],
                    "issued_at": certificate["issued_at"],
                }
            ],
        }

    def keys(self) -> list[dict[str, Any]]:
        rows = []
        for person in TEST_PERSONS:
            # The key follows from the slug alone, so it is the same for every seed.
            seed_bytes = hashlib.sha256(f"sandbox-key:{person.slug}".encode()).digest()
            pair = generate_key_from_seed(person.password, seed_bytes, person.key_id)
            rows.append(
                {
                    "id": pair.key_id,
                    "person_id": person.person_id,
                    "label": f"{person.first_name} {person.last_name} — ключ sandbox",
                    "public_key": pair.public_key,
                    "encrypted_private_key": pair.encrypted_private_key,
                }
            )
        return rows

    def declarations(self, doctors: DoctorCandidates) -> list[dict[str, Any]]:
        today = self.ctx.today
        adult = ADULT_WITH_DECLARATION
        teen = TEEN_17_CAPABLE
        teen_born = birth_date(teen.slug, today)
        teen_start = today - timedelta(days=700)
        terminated_on = today - timedelta(days=240)
        return [
            self._declaration(adult, doctors, Speciality.FAMILY_DOCTOR, today - timedelta(days=372), None, "active"),
            self._declaration(
                teen,
                doctors,
                Speciality.PEDIATRICIAN,
                teen_start,
                declaration_end(Speciality.PEDIATRICIAN, teen_born, teen_start),
                "active",
            ),
            self._declaration(
                ADULT_WITH_ACCESSES,
                doctors,
                Speciality.THERAPIST,
                today - timedelta(days=1100),
                terminated_on,
                "terminated",
                reason="manual_person",
                reason_description="Декларацію розірвано за бажанням пацієнта",
            ),
        ]

    def _declaration(
        self,
        person: TestPerson,
        doctors: DoctorCandidates,
        speciality: Speciality,
        start: date,
        end: date | None,
        status: str,
        *,
        reason: str | None = None,
        reason_description: str | None = None,
    ) -> dict[str, Any]:
        region = self.settlement_by_name[_PROFILES[person.slug].home.settlement].region_admin1
        doctor = doctors.pick(self.ctx, speciality, region)
        signed_at = datetime.combine(start, datetime.min.time()) + timedelta(hours=10, minutes=17)
        ended = datetime.combine(end, datetime.min.time()) + timedelta(hours=9) if status != "active" and end else None
        return {
            "id": self.ctx.new_id(),
            "declaration_number": new_declaration_number(self.ctx.rng),
            "declaration_request_id": None,
            "person_id": person.person_id,
            "employee_id": doctor.employee_id,
            "division_id": doctor.division.id,
            "legal_entity_id": doctor.division.legal_entity_id,
            "status": status,
            "reason": reason,
            "reason_description": reason_description,
            "signed_at": signed_at,
            "start_date": start,
            "end_date": end,
            "created_at": signed_at,
            "updated_at": ended or signed_at,
        }

    def prescriptions(self, declarations: list[dict[str, Any]], doctors: DoctorCandidates) -> PrescriptionSeeder:
        """The e-prescriptions: by the declaration doctor where there is one (a pediatrician near Максим's home)."""
        seeder = PrescriptionSeeder(self.ctx)

        def by_declaration(person: TestPerson) -> Prescriber:
            row = next(d for d in declarations if d["person_id"] == person.person_id)
            return Prescriber(row["employee_id"], row["division_id"], row["legal_entity_id"])

        teen_home = _PROFILES[TEEN_16_READ_ONLY.slug].home.settlement
        pediatrician = doctors.pick(self.ctx, Speciality.PEDIATRICIAN, self.settlement_by_name[teen_home].region_admin1)
        plans = (
            (ADULT_WITH_DECLARATION, by_declaration(ADULT_WITH_DECLARATION), OLENA_PLANS),
            (
                TEEN_16_READ_ONLY,
                Prescriber(pediatrician.employee_id, pediatrician.division.id, pediatrician.division.legal_entity_id),
                MAKSYM_PLANS,
            ),
            (ADULT_WITH_ACCESSES, by_declaration(ADULT_WITH_ACCESSES), VIACHESLAV_PLANS),
        )
        for person, prescriber, person_plans in plans:
            seeder.add(person.person_id, prescriber, _PROFILES[person.slug].home.settlement, person_plans)
        return seeder

    def record_doctors(
        self, declarations: list[dict[str, Any]], prescriptions: PrescriptionSeeder, doctors: DoctorCandidates
    ) -> dict[str, str]:
        """Who keeps each test person's medical record (employee id by person id): the declaration doctor where
        there is one (В’ячеслав's former therapist), Максим's pediatrician, a therapist near Андрій's home."""
        chosen = {d["person_id"]: d["employee_id"] for d in declarations}
        maksym = TEEN_16_READ_ONLY.person_id
        chosen[maksym] = next(r["employee_id"] for r in prescriptions.requests if r["person_id"] == maksym)
        home = _PROFILES[ADULT_WITHOUT_DECLARATION.slug].home.settlement
        therapist = doctors.pick(self.ctx, Speciality.THERAPIST, self.settlement_by_name[home].region_admin1)
        chosen[ADULT_WITHOUT_DECLARATION.person_id] = therapist.employee_id
        return chosen

    def medical_records(self, persons: list[dict[str, Any]], doctors: dict[str, Clinician]) -> list[dict[str, Any]]:
        """The medical records (seeding/medical_records.py); Ярослава (unverified) and Тарас (12) have none."""
        seeder = MedicalRecordSeeder(self.ctx.rng, self.ctx.new_id, self.ctx.today)
        born = {row["id"]: row["birth_date"] for row in persons}
        seeder.olena(ADULT_WITH_DECLARATION.person_id, doctors[ADULT_WITH_DECLARATION.person_id])
        for teen, story in ((TEEN_16_READ_ONLY, seeder.maksym), (TEEN_17_CAPABLE, seeder.sofiia)):
            story(teen.person_id, born[teen.person_id], doctors[teen.person_id])
        seeder.viacheslav(ADULT_WITH_ACCESSES.person_id, doctors[ADULT_WITH_ACCESSES.person_id])
        seeder.andrii(ADULT_WITHOUT_DECLARATION.person_id, doctors[ADULT_WITHOUT_DECLARATION.person_id])
        return seeder.rows

    def approvals(self) -> list[dict[str, Any]]:
        scope = " ".join(PIS_SCOPES)

        def approval(client: CabinetClient, days_ago: int) -> dict[str, Any]:
            created = self.ctx.moment - timedelta(days=days_ago, hours=3)
            return {
                "id": self.ctx.new_id(),
                "person_id": ADULT_WITH_ACCESSES.person_id,
                "client_id": client.id,
                "client_name": client.name,
                "scope": scope,
                "created_at": created,
                "updated_at": created,
            }

        return [approval(HELSI, 213), approval(HEALTH24, 121)]
