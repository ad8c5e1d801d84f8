"""The sandbox's own reading of eHealth's rules (`sandbox.registry.rules`), each against its DOMAIN/Blueprint line."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sandbox.registry.rules import access, declarations, masking, numbers, text
from sandbox.registry.rules.access import OwnAccess

TODAY = date(2026, 6, 15)


def born(years: int, days: int = 0) -> date:
    return access.birthday_in(TODAY, TODAY.year - years) - timedelta(days=days)


@pytest.mark.parametrize(
    ("birth_date", "capacity", "expected"),
    [
        (born(14, -1), None, OwnAccess.NONE),  # a day before the 14th birthday
        (born(14), None, OwnAccess.VIEW),  # DOMAIN §1: 14–17 sign in and view
        (born(14), "VERIFIED", OwnAccess.FULL),  # DOMAIN §3: confirmed capacity
        (born(17, 364), "NOT_VERIFIED", OwnAccess.VIEW),
        (born(18), None, OwnAccess.FULL),
        (born(12), "VERIFIED", OwnAccess.NONE),  # capacity does not give a child own access
        (TODAY + timedelta(days=1), None, OwnAccess.NONE),  # a broken record gives nothing
    ],
)
def test_own_access_by_age_and_capacity(birth_date: date, capacity: str | None, expected: OwnAccess) -> None:
    assert access.own_access(birth_date, capacity, TODAY) is expected


def test_who_signs_in_views_and_acts() -> None:
    assert [access.may_sign_in(a) for a in OwnAccess] == [False, True, True]
    assert [access.may_view(a) for a in OwnAccess] == [False, True, True]
    assert [access.may_act(a) for a in OwnAccess] == [False, False, True]
    assert access.refusal(OwnAccess.VIEW, acting=False) is None
    assert "under 14" in (access.refusal(OwnAccess.NONE, acting=False) or "")
    assert "capacity" in (access.refusal(OwnAccess.VIEW, acting=True) or "")


def test_a_29_february_birthday_falls_on_1_march_in_a_common_year() -> None:
    leapling = date(2008, 2, 29)
    assert access.full_years(leapling, date(2026, 2, 28)) == 17
    assert access.full_years(leapling, date(2026, 3, 1)) == 18


@pytest.mark.parametrize(
    ("speciality", "age", "fits"),
    [
        ("PEDIATRICIAN", 17, True),
        ("PEDIATRICIAN", 18, False),
        ("THERAPIST", 17, False),
        ("THERAPIST", 18, True),
        ("FAMILY_DOCTOR", 0, True),
        ("FAMILY_DOCTOR", 90, True),
        ("SURGEON", 40, False),
    ],
)
def test_speciality_fits_age(speciality: str, age: int, fits: bool) -> None:
    assert declarations.speciality_fits_age(speciality, age) is fits


def test_limits_count_and_free_places() -> None:
    assert declarations.DEFAULT_LIMIT_OF == {"PEDIATRICIAN": 900, "THERAPIST": 2000, "FAMILY_DOCTOR": 1800}
    assert declarations.party_limit([1800, 1500], [1800, 1500, 900]) == 1500
    assert declarations.party_limit([], [1800, 900]) == 900
    assert declarations.party_count(10, 2) == 12
    assert declarations.has_free_place(1800, 1799) and not declarations.has_free_place(1800, 1800)
    assert declarations.places_left(10, 12) == 0
    assert declarations.over_limit_message(900) == "This doctor has 900 declarations and could not sign more"


def test_replacement_and_request_transitions() -> None:
    assert [s for s in declarations.DECLARATION_STATUSES if declarations.ended_by_new_declaration(s)] == [
        "active",
        "pending_verification",
    ]
    assert declarations.cancelled_by_new_request("APPROVED", same_employee=True)
    assert not declarations.cancelled_by_new_request("NEW", same_employee=False)
    assert [s for s in declarations.REQUEST_STATUSES if declarations.may_sign_request(s)] == ["NEW"]
    now = datetime(2026, 6, 15, 12)
    expires = declarations.request_expires_at(now, 24)
    assert expires == now + timedelta(hours=24)
    assert declarations.request_expired("NEW", expires, expires)
    assert not declarations.request_expired("SIGNED", expires, expires + timedelta(days=1))


def test_verification_decides_how_a_declaration_starts() -> None:
    assert declarations.new_declaration_state("VERIFIED", no_tax_id=False) == ("active", None)
    assert declarations.new_declaration_state("NOT_VERIFIED", no_tax_id=True) == ("pending_verification", "no_tax_id")
    signed = datetime(2026, 1, 1)
    assert not declarations.pending_turns_active(signed, signed + timedelta(days=29), 30)
    assert declarations.pending_turns_active(signed, signed + timedelta(days=30), 30)


def test_a_pediatricians_declaration_ends_the_day_before_the_18th_birthday() -> None:
    birth = date(2009, 7, 5)
    assert declarations.declaration_end("PEDIATRICIAN", birth, date(2026, 1, 1)) == date(2027, 7, 4)
    assert declarations.declaration_end("FAMILY_DOCTOR", birth, date(2026, 1, 1)) is None


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 4999))
def test_a_made_tax_id_encodes_birth_date_and_gender(birth_date: date, serial: int) -> None:
    for gender in ("MALE", "FEMALE"):
        tax_id = numbers.new_tax_id(birth_date, serial, gender)
        assert numbers.is_tax_id(tax_id)
        assert numbers.tax_id_birth_date(tax_id) == birth_date
        assert numbers.tax_id_gender(tax_id) == gender


def test_number_formats() -> None:
    # The Blueprint's confidant example passes DOMAIN §4's check digit; its person example (3126509816) does not.
    assert numbers.is_tax_id("2659719350") and not numbers.is_tax_id("2659719351")
    assert not numbers.is_tax_id("3126509816")
    assert not numbers.is_tax_id("312650981") and not numbers.is_tax_id("31265 09816")
    assert numbers.is_unzr("19910819-00022", date(1991, 8, 19))  # Blueprint example
    assert not numbers.is_unzr("19910819-00022", date(1991, 8, 20))
    assert not numbers.is_unzr("19911319-00022") and not numbers.is_unzr("1991081900022")
    assert numbers.is_phone("+380503410870") and not numbers.is_phone("0503410870")
    # DOMAIN §3's alphabet has no D, though the docs' own example (0000-12H4-245D) has one.
    assert numbers.is_declaration_number("0000-12H4-245D") is False
    assert numbers.is_declaration_number("0000-12H4-245X")
    made = numbers.new_declaration_number(random.Random(1))
    assert numbers.is_declaration_number(made)


def test_masks_follow_the_blueprint_examples() -> None:
    assert masking.mask_phone("+380931234585") == "+38093*****85"
    assert masking.mask_all_but_last_two("2659719350") == "********50"
    assert masking.mask_phone("123") == "***"


def test_names_compare_across_apostrophes_and_case() -> None:
    assert text.fold("Дем’яненко") == text.fold("ДЕМ'ЯНЕНКО") == text.fold("демʼяненко")
    assert text.with_apostrophe("В'ячеслав") == "В’ячеслав"
