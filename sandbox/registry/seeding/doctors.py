"""Doctors: parties (the person, education, certificates) and their employee records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sandbox.registry.rules.access import birthday_in
from sandbox.registry.rules.declarations import DEFAULT_LIMIT_OF, POSITION_OF, Speciality
from sandbox.registry.seeding.clinics import Clinics, DivisionRef
from sandbox.registry.seeding.context import SeedContext

SPECIALITY_SHARES: tuple[tuple[Speciality, float], ...] = (
    (Speciality.FAMILY_DOCTOR, 0.55),
    (Speciality.THERAPIST, 0.25),
    (Speciality.PEDIATRICIAN, 0.20),
)
FEMALE_SHARE = 0.78  # most primary care doctors in Ukraine are women
SECOND_RECORD_SHARE = 0.05
DISMISSED_SHARE = 0.02
SECOND_RECORD_SAME_LEGAL_ENTITY_SHARE = 0.6
# How full doctors' lists are: some at the limit, some within NEAR_LIMIT_MARGIN of it, most with room.
AT_LIMIT_SHARE = 0.05
NEAR_LIMIT_SHARE = 0.10
NEAR_LIMIT_MARGIN = 20
UPDATED_WITHIN_DAYS = 60
EHEALTH_DECLARATIONS_START = date(2018, 4, 2)

SPECIALITY_TITLES: dict[Speciality, str] = {
    Speciality.FAMILY_DOCTOR: "Загальна практика – сімейна медицина",
    Speciality.THERAPIST: "Терапія",
    Speciality.PEDIATRICIAN: "Педіатрія",
}
_UNIVERSITIES = (
    ("Київ", "Національний медичний університет імені О. О. Богомольця"),
    ("Львів", "Львівський національний медичний університет імені Данила Галицького"),
    ("Харків", "Харківський національний медичний університет"),
    ("Одеса", "Одеський національний медичний університет"),
    ("Вінниця", "Вінницький національний медичний університет імені М. І. Пирогова"),
    ("Тернопіль", "Тернопільський національний медичний університет імені І. Я. Горбачевського"),
    ("Дніпро", "Дніпровський державний медичний університет"),
    ("Запоріжжя", "Запорізький державний медико-фармацевтичний університет"),
    ("Полтава", "Полтавський державний медичний університет"),
    ("Чернівці", "Буковинський державний медичний університет"),
    ("Івано-Франківськ", "Івано-Франківський національний медичний університет"),
    ("Ужгород", "Ужгородський національний університет"),
    ("Суми", "Сумський державний університет"),
)
_POSTGRADUATE = "Національний університет охорони здоров’я України імені П. Л. Шупика"
_ATTESTATION_BODIES = (
    "Атестаційна комісія Міністерства охорони здоров’я України",
    "Атестаційна комісія при Національному університеті охорони здоров’я України імені П. Л. Шупика",
)
_DIPLOMA_SERIES = ("КВ", "ХА", "ЛВ", "ТЕ", "ДН", "ОД", "ВН", "ЗП", "ПЛ", "ЧЦ")
# Qualification categories in the order a career earns them, roughly one per 5–7 years of practice.
_LEVELS = ("BASIC", "SECOND", "FIRST", "HIGHEST")
_YEARS_PER_LEVEL = 6
_ABOUT: dict[Speciality, tuple[str, ...]] = {
    Speciality.FAMILY_DOCTOR: (
        "Сімейний лікар. Приймаю дорослих і дітей, допомагаю всій родині.",
        "Працюю сімейним лікарем {years}. Профілактичні огляди, щеплення, ведення хронічних хвороб.",
        "Лікар загальної практики. Уважно вислуховую і пояснюю лікування простими словами.",
    ),
    Speciality.THERAPIST: (
        "Лікар-терапевт. Приймаю пацієнтів від 18 років.",
        "Терапевт, досвід {years}. Гіпертонія, діабет, профілактика серцево-судинних хвороб.",
    ),
    Speciality.PEDIATRICIAN: (
        "Лікар-педіатр. Спостерігаю дітей від народження до 18 років.",
        "Педіатр, досвід {years}. Огляди новонароджених, щеплення за календарем.",
    ),
}
_ABOUT_SHARE = 0.8


def years_phrase(years: int) -> str:
    """`1 рік`, `3 роки`, `11 років`: Ukrainian plural of «рік»."""
    if years % 10 == 1 and years % 100 != 11:
        return f"{years} рік"
    if years % 10 in (2, 3, 4) and years % 100 not in (12, 13, 14):
        return f"{years} роки"
    return f"{years} років"


@dataclass(frozen=True, slots=True)
class DoctorRef:
    """A doctor a test person's declaration can be signed with."""

    employee_id: str
    party_id: str
    division: DivisionRef
    speciality: Speciality
    free_places: int


@dataclass
class DoctorCandidates:
    """Approved doctors with plenty of room, single record, active clinic: safe for fixed declarations."""

    by_speciality: dict[Speciality, list[DoctorRef]] = field(default_factory=lambda: defaultdict(list))

    def pick(self, ctx: SeedContext, speciality: Speciality, region_admin1: str) -> DoctorRef:
        candidates = self.by_speciality[speciality]
        if not candidates:
            raise LookupError(f"no {speciality} with free places; seed more doctors")
        nearby = [d for d in candidates if d.division.settlement.region_admin1 == region_admin1]
        return ctx.rng.choice(nearby or candidates)


def speciality_plan(ctx: SeedContext, count: int) -> list[Speciality]:
    """Exactly the shares of SPECIALITY_SHARES (rounded), shuffled, so small seeds get every speciality."""
    plan: list[Speciality] = []
    for speciality, share in SPECIALITY_SHARES[1:]:
        plan.extend([speciality] * max(1, round(count * share)))
    plan.extend([SPECIALITY_SHARES[0][0]] * (count - len(plan)))
    ctx.rng.shuffle(plan)
    return plan


class DoctorFactory:
    def __init__(self, ctx: SeedContext, clinics: Clinics) -> None:
        self.ctx = ctx
        self.primary_divisions = [ref for ref in clinics.refs if ref.type != "FAP"]
        self.by_legal_entity: dict[str, list[DivisionRef]] = defaultdict(list)
        self.by_region: dict[str, list[DivisionRef]] = defaultdict(list)
        for ref in clinics.refs:
            self.by_legal_entity[ref.legal_entity_id].append(ref)
            self.by_region[ref.settlement.region_admin1].append(ref)
        self.candidates = DoctorCandidates()
        # Each speciality at each test person's home, until an approved doctor of it works there.
        self.home_needs: list[tuple[DivisionRef, Speciality]] = [
            (division, speciality) for division in clinics.home_divisions for speciality in Speciality
        ]

    def batches(self, count: int, batch_size: int) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
        """(parties, employees) in batches, so 100,000 doctors never sit in memory at once."""
        plan = speciality_plan(self.ctx, count)
        for start in range(0, count, batch_size):
            parties: list[dict[str, Any]] = []
            employees: list[dict[str, Any]] = []
            for speciality in plan[start : start + batch_size]:
                party, records = self._doctor(speciality)
                parties.append(party)
                employees.extend(records)
            yield parties, employees

    def _doctor(self, speciality: Speciality) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        ctx, rng = self.ctx, self.ctx.rng
        gender = "FEMALE" if rng.random() < FEMALE_SHARE else "MALE"
        name = ctx.names.full_name(gender)
        graduated = ctx.today.year - rng.randint(3, 42)
        party_id = ctx.new_id()
        experience = max(1, ctx.today.year - graduated - 2)
        party = {
            "id": party_id,
            "first_name": name.first_name,
            "last_name": name.last_name,
            "second_name": name.second_name,
            "gender": gender,
            "about_myself": self._about(speciality, experience),
            "working_experience": experience,
            "educations": [self._education(speciality, graduated)],
            "qualifications": self._qualifications(speciality, graduated),
            "specialities": [self._speciality(speciality, experience)],
            "science_degree": self._science_degree(speciality, graduated) if rng.random() < 0.03 else None,
        }
        home_need = next((need for need in self.home_needs if need[1] is speciality), None)
        primary = home_need[0] if home_need is not None else rng.choice(self.primary_divisions)
        divisions = [primary]
        if rng.random() < SECOND_RECORD_SHARE:
            second = self._second_division(primary)
            if second is not None:
                divisions.append(second)
        limit = DEFAULT_LIMIT_OF[speciality]
        total = self._declared(limit)
        # The limit is the party's: a second record holds a smaller part of the same total.
        shares = [total]
        if len(divisions) == 2:
            second_share = rng.randint(0, total // 4)
            shares = [total - second_share, second_share]
        career_start = max(EHEALTH_DECLARATIONS_START, date(graduated + 2, 8, 1))
        records = [
            self._employee(party_id, division, speciality, limit, declared, career_start)
            for division, declared in zip(divisions, shares, strict=True)
        ]
        if home_need is not None and records[0]["status"] == "APPROVED" and total < limit:
            self.home_needs.remove(home_need)
        if (
            len(records) == 1
            and records[0]["status"] == "APPROVED"
            and primary.legal_entity_active
            and limit - total >= 100
        ):
            self.candidates.by_speciality[speciality].append(
                DoctorRef(records[0]["id"], party_id, primary, speciality, limit - total)
            )
        return party, records

    def _declared(self, limit: int) -> int:
        rng = self.ctx.rng
        roll = rng.random()
        if roll < AT_LIMIT_SHARE:
            return limit
        if roll < AT_LIMIT_SHARE + NEAR_LIMIT_SHARE:
            return limit - rng.randint(1, NEAR_LIMIT_MARGIN)
        return rng.randint(limit // 7, limit * 9 // 10)

    def _second_division(self, primary: DivisionRef) -> DivisionRef | None:
        rng = self.ctx.rng
        same_entity = [d for d in self.by_legal_entity[primary.legal_entity_id] if d.id != primary.id]
        if same_entity and rng.random() < SECOND_RECORD_SAME_LEGAL_ENTITY_SHARE:
            return rng.choice(same_entity)
        # Another clinic of the region: a few random tries instead of filtering thousands of divisions.
        region = self.by_region[primary.settlement.region_admin1]
        for _ in range(8):
            other = rng.choice(region)
            if other.legal_entity_id != primary.legal_entity_id:
                return other
        return rng.choice(same_entity) if same_entity else None

    def _employee(
        self,
        party_id: str,
        division: DivisionRef,
        speciality: Speciality,
        limit: int,
        declared: int,
        career_start: date,
    ) -> dict[str, Any]:
        ctx, rng = self.ctx, self.ctx.rng
        start = ctx.date_between(career_start, ctx.today - timedelta(days=UPDATED_WITHIN_DAYS))
        dismissed = rng.random() < DISMISSED_SHARE
        return {
            "id": ctx.new_id(),
            "party_id": party_id,
            "legal_entity_id": division.legal_entity_id,
            "division_id": division.id,
            "position": POSITION_OF[speciality],
            "employee_type": "DOCTOR",
            "status": "DISMISSED" if dismissed else "APPROVED",
            "speciality_officio": speciality.value,
            "declaration_limit": limit,
            # A dismissed doctor's declarations were terminated with the dismissal.
            "unmodelled_declarations": 0 if dismissed else declared,
            "start_date": start,
            "end_date": ctx.date_between(start, ctx.today - timedelta(days=1)) if dismissed else None,
            "updated_at": ctx.moment_within(UPDATED_WITHIN_DAYS),
        }

    def _about(self, speciality: Speciality, experience: int) -> str | None:
        rng = self.ctx.rng
        if rng.random() >= _ABOUT_SHARE:
            return None
        return rng.choice(_ABOUT[speciality]).format(years=years_phrase(experience))

    def _education(self, speciality: Speciality, graduated: int) -> dict[str, Any]:
        rng = self.ctx.rng
        city, university = rng.choice(_UNIVERSITIES)
        return {
            "country": "UA",
            "city": city,
            "institution_name": university,
            "issued_date": date(graduated, 6, rng.randint(20, 30)).isoformat(),
            "diploma_number": f"{rng.choice(_DIPLOMA_SERIES)} {rng.randrange(10**8):08d}",
            "degree": "MASTER" if graduated >= 2017 else "EXPERT",
            "speciality": "Педіатрія" if speciality is Speciality.PEDIATRICIAN else "Лікувальна справа",
        }

    def _qualifications(self, speciality: Speciality, graduated: int) -> list[dict[str, Any]]:
        rng = self.ctx.rng
        internship = {
            "type": "INTERNSHIP",
            "institution_name": rng.choice(_UNIVERSITIES)[1],
            "speciality": SPECIALITY_TITLES[speciality],
            "issued_date": date(graduated + 2, 6, 30).isoformat(),
            "certificate_number": f"{rng.randrange(10**5):05d}",
        }
        result = [internship]
        # Many family doctors retrained from therapy or paediatrics.
        if speciality is Speciality.FAMILY_DOCTOR and graduated + 8 < self.ctx.today.year and rng.random() < 0.5:
            internship["speciality"] = SPECIALITY_TITLES[Speciality.THERAPIST]
            retrained = rng.randint(graduated + 5, self.ctx.today.year - 1)
            result.append(
                {
                    "type": "SPECIALIZATION",
                    "institution_name": _POSTGRADUATE,
                    "speciality": SPECIALITY_TITLES[speciality],
                    "issued_date": date(retrained, rng.randint(1, 12), 15).isoformat(),
                    "certificate_number": f"{rng.randrange(10**5):05d}",
                }
            )
        return result

    def _speciality(self, speciality: Speciality, experience: int) -> dict[str, Any]:
        ctx, rng = self.ctx, self.ctx.rng
        attested = ctx.date_between(ctx.today - timedelta(days=5 * 365), ctx.today - timedelta(days=30))
        return {
            "speciality": speciality.value,
            "speciality_officio": True,
            "level": _LEVELS[min(len(_LEVELS) - 1, rng.randint(0, experience // _YEARS_PER_LEVEL))],
            "qualification_type": rng.choice(("AWARDING", "CONFIRMATION")),
            "attestation_name": rng.choice(_ATTESTATION_BODIES),
            "attestation_date": attested.isoformat(),
            "valid_to_date": birthday_in(attested, attested.year + 5).isoformat(),
            "certificate_number": f"{rng.randrange(10**6):06d}",
        }

    def _science_degree(self, speciality: Speciality, graduated: int) -> dict[str, Any]:
        rng = self.ctx.rng
        city, university = rng.choice(_UNIVERSITIES)
        return {
            "country": "UA",
            "city": city,
            "degree": "PHD",
            "institution_name": university,
            "diploma_number": f"ДК {rng.randrange(10**6):06d}",
            "speciality": SPECIALITY_TITLES[speciality],
            "issued_date": date(min(graduated + rng.randint(5, 12), self.ctx.today.year - 1), 5, 20).isoformat(),
        }
