from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.age import age_on
from backend.domain.declarations import (
    DECLARATION_NUMBER_ALPHABET,
    DEFAULT_DECLARATION_LIMITS,
    POSITION_BY_SPECIALITY,
    PRECHECK_WARNINGS,
    DeclarationStatus,
    PrecheckProblem,
    PrecheckResult,
    RequestStatus,
    Speciality,
    allowed_specialities,
    declaration_end_date,
    declaration_ended_on,
    free_places,
    generate_declaration_number,
    is_declaration_number,
    precheck_declaration,
    speciality_allowed_for_age,
)


def test_reference_tables() -> None:
    assert POSITION_BY_SPECIALITY == {
        Speciality.FAMILY_DOCTOR: "P7",
        Speciality.PEDIATRICIAN: "P8",
        Speciality.THERAPIST: "P10",
    }
    assert DEFAULT_DECLARATION_LIMITS == {
        Speciality.PEDIATRICIAN: 900,
        Speciality.THERAPIST: 2000,
        Speciality.FAMILY_DOCTOR: 1800,
    }
    assert [status.value for status in DeclarationStatus] == [
        "active",
        "pending_verification",
        "terminated",
        "closed",
        "rejected",
    ]
    assert [status.value for status in RequestStatus] == [
        "NEW",
        "APPROVED",
        "SIGNED",
        "REJECTED",
        "CANCELLED",
        "EXPIRED",
    ]


@pytest.mark.parametrize(
    ("speciality", "age", "allowed"),
    [
        (Speciality.PEDIATRICIAN, 0, True),
        (Speciality.PEDIATRICIAN, 17, True),
        (Speciality.PEDIATRICIAN, 18, False),
        (Speciality.THERAPIST, 17, False),
        (Speciality.THERAPIST, 18, True),
        (Speciality.THERAPIST, 90, True),
        (Speciality.FAMILY_DOCTOR, 0, True),
        (Speciality.FAMILY_DOCTOR, 90, True),
        ("PEDIATRICIAN", 5, True),
        ("THERAPIST", 5, False),
        ("SURGEON", 40, False),
        ("", 40, False),
    ],
)
def test_speciality_and_age(speciality: str, age: int, allowed: bool) -> None:
    assert speciality_allowed_for_age(speciality, age) is allowed


def test_allowed_specialities() -> None:
    assert allowed_specialities(17) == [Speciality.FAMILY_DOCTOR, Speciality.PEDIATRICIAN]
    assert allowed_specialities(18) == [Speciality.FAMILY_DOCTOR, Speciality.THERAPIST]


@given(st.integers(0, 130))
def test_family_doctor_is_always_allowed_and_exactly_one_other(age: int) -> None:
    allowed = allowed_specialities(age)
    assert Speciality.FAMILY_DOCTOR in allowed
    assert len(allowed) == 2


@given(limit=st.integers(0, 5000), count=st.integers(0, 5000))
def test_free_places(limit: int, count: int) -> None:
    places = free_places(limit, count)
    assert places >= 0
    assert places == (limit - count if count <= limit else 0)


@pytest.mark.parametrize(
    ("birth_date", "expected"),
    [
        (date(2010, 5, 20), date(2028, 5, 19)),
        (date(2008, 2, 29), date(2026, 2, 28)),  # 18 on 1 March 2026
        (date(2012, 3, 1), date(2030, 2, 28)),
        (date(2011, 3, 1), date(2029, 2, 28)),
        (date(2010, 3, 1), date(2028, 2, 29)),  # a leap year's 29 February
    ],
)
def test_pediatrician_declaration_ends_the_day_before_18(birth_date: date, expected: date) -> None:
    assert declaration_end_date(Speciality.PEDIATRICIAN, birth_date, date(2026, 1, 1)) == expected
    assert declaration_end_date("PEDIATRICIAN", birth_date, date(2026, 1, 1)) == expected


def test_other_declarations_have_no_end() -> None:
    for speciality in (Speciality.THERAPIST, Speciality.FAMILY_DOCTOR, "FAMILY_DOCTOR"):
        assert declaration_end_date(speciality, date(2010, 5, 20), date(2026, 1, 1)) is None


def test_pediatrician_cannot_start_after_the_end() -> None:
    assert declaration_end_date(Speciality.PEDIATRICIAN, date(2008, 5, 20), date(2026, 5, 19)) == date(2026, 5, 19)
    with pytest.raises(ValueError, match="adult"):
        declaration_end_date(Speciality.PEDIATRICIAN, date(2008, 5, 20), date(2026, 5, 20))


@given(seed=st.integers())
def test_generated_numbers_have_the_registry_format(seed: int) -> None:
    number = generate_declaration_number(random.Random(seed))
    assert is_declaration_number(number)
    groups = number.split("-")
    assert [len(group) for group in groups] == [4, 4, 4]
    assert set("".join(groups)) <= set(DECLARATION_NUMBER_ALPHABET)


def test_numbers_are_reproducible_from_the_seed_and_vary() -> None:
    assert generate_declaration_number(random.Random(7)) == generate_declaration_number(random.Random(7))
    rng = random.Random(7)
    assert len({generate_declaration_number(rng) for _ in range(1000)}) == 1000


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0000-12H4-245X", True),
        ("AEHK-MPTX-0123", True),
        ("0000-12H4-245D", False),  # D is not in the alphabet (the Blueprint's example has it)
        ("0000-12h4-245X", False),
        ("000012H4245X", False),
        ("0000-12H4-245", False),
        ("0000-12H4-245XX", False),
        (" 0000-12H4-245X", False),
        ("0000-12H4-245X\n", False),
        ("", False),
    ],
)
def test_is_declaration_number(value: str, expected: bool) -> None:
    assert is_declaration_number(value) is expected


TODAY = date(2026, 3, 10)
ADULT = date(1990, 1, 1)
TEEN = date(2010, 1, 1)  # 16
CHILD = date(2016, 1, 1)  # 10


def check(
    *,
    birth: date = ADULT,
    capacity: bool = False,
    speciality: str = "THERAPIST",
    available: bool = True,
    places: int = 10,
    current: str | None = None,
    verification: str | None = None,
) -> PrecheckResult:
    return precheck_declaration(
        patient_birth_date=birth,
        legal_capacity_confirmed=capacity,
        today=TODAY,
        doctor_speciality=speciality,
        doctor_employee_id="doctor-1",
        doctor_available=available,
        free_places=places,
        current_declaration_employee_id=current,
        person_verification_status=verification,
    )


P = PrecheckProblem


@pytest.mark.parametrize(
    ("kwargs", "blockers", "warnings"),
    [
        ({}, (), ()),
        ({"current": "doctor-2"}, (), (P.WILL_REPLACE_CURRENT,)),
        ({"current": "doctor-1"}, (P.ALREADY_YOUR_DOCTOR,), ()),
        ({"current": "doctor-1", "places": 0}, (P.ALREADY_YOUR_DOCTOR,), ()),
        ({"places": 0}, (P.NO_FREE_PLACES,), ()),
        ({"places": -3}, (P.NO_FREE_PLACES,), ()),
        ({"available": False}, (P.DOCTOR_NOT_AVAILABLE,), ()),
        ({"speciality": "PEDIATRICIAN"}, (P.SPECIALITY_AGE_MISMATCH,), ()),
        ({"speciality": "FAMILY_DOCTOR"}, (), ()),
        ({"speciality": "SURGEON"}, (P.SPECIALITY_AGE_MISMATCH,), ()),
        ({"birth": TEEN, "speciality": "PEDIATRICIAN"}, (P.READ_ONLY,), ()),
        ({"birth": TEEN, "speciality": "PEDIATRICIAN", "capacity": True}, (), ()),
        ({"birth": TEEN, "capacity": True}, (P.SPECIALITY_AGE_MISMATCH,), ()),
        ({"birth": CHILD, "speciality": "PEDIATRICIAN"}, (P.NO_ACCESS,), ()),
        ({"birth": CHILD, "speciality": "PEDIATRICIAN", "capacity": True}, (P.NO_ACCESS,), ()),
        (
            {"birth": TEEN, "available": False, "places": 0, "current": "doctor-2"},
            (P.READ_ONLY, P.SPECIALITY_AGE_MISMATCH, P.DOCTOR_NOT_AVAILABLE, P.NO_FREE_PLACES),
            (P.WILL_REPLACE_CURRENT,),
        ),
        ({"verification": "VERIFIED"}, (), ()),
        ({"verification": "NOT_VERIFIED"}, (), (P.DATA_NOT_VERIFIED,)),
        ({"verification": "CHANGES_NEEDED"}, (), (P.DATA_NOT_VERIFIED,)),
        ({"verification": "NOT_VERIFIED", "current": "doctor-2"}, (), (P.WILL_REPLACE_CURRENT, P.DATA_NOT_VERIFIED)),
    ],
)
def test_precheck_combinations(kwargs: dict[str, object], blockers: tuple[P, ...], warnings: tuple[P, ...]) -> None:
    result = check(**kwargs)  # type: ignore[arg-type]
    assert result.blockers == blockers
    assert result.warnings == warnings
    assert result.ok is (not blockers)


@given(
    birth=st.dates(min_value=date(1920, 1, 1), max_value=TODAY),
    capacity=st.booleans(),
    speciality=st.sampled_from([*Speciality, "SURGEON"]),
    available=st.booleans(),
    places=st.integers(-5, 5),
    current=st.sampled_from([None, "doctor-1", "doctor-2"]),
    verification=st.sampled_from([None, "VERIFIED", "NOT_VERIFIED", "VERIFICATION_NEEDED", "IN_REVIEW"]),
)
def test_precheck_properties(
    birth: date,
    capacity: bool,
    speciality: str,
    available: bool,
    places: int,
    current: str | None,
    verification: str | None,
) -> None:
    result = check(
        birth=birth,
        capacity=capacity,
        speciality=speciality,
        available=available,
        places=places,
        current=current,
        verification=verification,
    )
    age = age_on(birth, TODAY)
    blockers = set(result.blockers)
    assert result.ok == (not result.blockers)
    assert (P.NO_ACCESS in blockers) == (age < 14)
    assert (P.READ_ONLY in blockers) == (14 <= age < 18 and not capacity)
    assert (P.SPECIALITY_AGE_MISMATCH in blockers) == (not speciality_allowed_for_age(speciality, age))
    assert (P.DOCTOR_NOT_AVAILABLE in blockers) == (not available)
    assert (P.ALREADY_YOUR_DOCTOR in blockers) == (current == "doctor-1")
    assert (P.NO_FREE_PLACES in blockers) == (places <= 0 and current != "doctor-1")
    assert (P.WILL_REPLACE_CURRENT in result.warnings) == (current == "doctor-2")
    assert P.WILL_REPLACE_CURRENT not in blockers
    assert (P.DATA_NOT_VERIFIED in result.warnings) == (verification not in (None, "VERIFIED"))
    assert not PRECHECK_WARNINGS & blockers
    assert set(result.warnings) <= PRECHECK_WARNINGS
    assert len(result.blockers) == len(blockers)


def test_an_ended_declaration_ended_the_day_the_registry_changed_it() -> None:
    term, changed = date(2031, 5, 1), date(2026, 3, 12)
    # Terminated early (ended by the patient, replaced by a new one) or rejected: the day its status changed.
    assert declaration_ended_on("terminated", term, changed) == changed
    assert declaration_ended_on("rejected", None, changed) == changed
    assert declaration_ended_on("terminated", None, None) is None
    assert declaration_ended_on("terminated", date(2025, 1, 1), changed) == date(2025, 1, 1)  # never past its term
    # Closed: it ran its term.
    assert declaration_ended_on("closed", term, date(2031, 5, 2)) == term
    # Holding declarations have not ended, whatever their term.
    for status in ("active", "pending_verification"):
        assert declaration_ended_on(status, term, changed) is None
