from __future__ import annotations

from typing import Any

import pytest

from backend.domain.errors import InvalidValue
from backend.domain.validators import validate_address, validate_addresses, validate_phones

KYIV_ID = "b075f148-7f93-4fc2-b2ec-2d81b19a9b7b"


def full_address(**changes: Any) -> dict[str, Any]:
    address: dict[str, Any] = {
        "type": "RESIDENCE",
        "country": "UA",
        "area": "м. Київ",
        "region": "Дарницький",
        "settlement": "Київ",
        "settlement_type": "CITY",
        "settlement_id": KYIV_ID,
        "street_type": "STREET",
        "street": "вул. Ніжинська",
        "building": "15",
        "apartment": "23",
        "zip": "02090",
    }
    address.update(changes)
    return {key: value for key, value in address.items() if value is not ...}


def test_full_address_is_kept() -> None:
    assert validate_address(full_address()) == full_address()


def test_normalisation() -> None:
    address = validate_address(
        full_address(
            type=" registration ",
            country="ua",
            area="  Житомирська  ",
            settlement="Кам'янка",
            settlement_type="village",
            settlement_id=KYIV_ID.upper(),
            building="15а",
            apartment="23б",
            street="  вул.   Шевченка ",
        )
    )
    assert address["type"] == "REGISTRATION"
    assert address["country"] == "UA"
    assert address["area"] == "Житомирська"
    assert address["settlement"] == "Кам’янка"
    assert address["settlement_type"] == "VILLAGE"
    assert address["settlement_id"] == KYIV_ID
    assert address["building"] == "15А"
    assert address["apartment"] == "23Б"
    assert address["street"] == "вул. Шевченка"


def test_minimal_address_drops_empty_optionals() -> None:
    address = validate_address(
        full_address(region="", settlement_id=None, street_type=..., street=" ", apartment=None, zip=...)
    )
    assert address == {
        "type": "RESIDENCE",
        "country": "UA",
        "area": "м. Київ",
        "settlement": "Київ",
        "settlement_type": "CITY",
        "building": "15",
    }


@pytest.mark.parametrize("building", ["15", "15А", "15/2", "12-Б", "1 корп 2", "7a"])
def test_buildings(building: str) -> None:
    assert validate_address(full_address(building=building))["building"] == building.upper()


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"type": "WORK"}, "address.type", "type"),
        ({"type": None}, "address.type", "type"),
        ({"country": "PL"}, "address.country", "country"),
        ({"country": ...}, "address.country", "country"),
        ({"area": ...}, "address.area_required", "area"),
        ({"area": "  "}, "address.area_required", "area"),
        ({"area": "а" * 101}, "address.area_format", "area"),
        ({"area": 42}, "address.area_format", "area"),
        ({"area": "---"}, "address.area_format", "area"),
        ({"region": "р\x00н"}, "address.region_format", "region"),
        ({"settlement": ...}, "address.settlement_required", "settlement"),
        ({"settlement": "К\u202eиїв"}, "address.settlement_format", "settlement"),
        ({"settlement_type": "METROPOLIS"}, "address.settlement_type", "settlement_type"),
        ({"settlement_type": ...}, "address.settlement_type", "settlement_type"),
        ({"settlement_id": "kyiv"}, "address.settlement_id_format", "settlement_id"),
        ({"street_type": "вул"}, "address.street_type_format", "street_type"),
        ({"street": "в" * 151}, "address.street_format", "street"),
        ({"building": ...}, "address.building_required", "building"),
        ({"building": ""}, "address.building_required", "building"),
        ({"building": "А15"}, "address.building_format", "building"),
        ({"building": "1" * 21}, "address.building_format", "building"),
        ({"apartment": "23!"}, "address.apartment_format", "apartment"),
        ({"zip": "0209"}, "address.zip_format", "zip"),
        ({"zip": "02090-1"}, "address.zip_format", "zip"),
        ({"zip": 2090}, "address.zip_format", "zip"),
        ({"house": "15"}, "address.unknown_field", "house"),
    ],
)
def test_address_errors(changes: dict[str, Any], code: str, field: str) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_address(full_address(**changes))
    assert (error.value.code, error.value.field) == (code, field)


@pytest.mark.parametrize("value", [None, "вул. Шевченка, 1", ["UA"], 42])
def test_address_must_be_an_object(value: Any) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_address(value)
    assert error.value.code == "address.format"


def test_phones_are_normalised() -> None:
    phones = [{"type": "mobile", "number": "067 123 45 67"}, {"type": "LAND_LINE", "number": "(044) 234-56-78"}]
    assert validate_phones(phones) == [
        {"type": "MOBILE", "number": "+380671234567"},
        {"type": "LAND_LINE", "number": "+380442345678"},
    ]
    assert validate_phones([]) == []
    assert validate_phones(tuple(phones)) == validate_phones(phones)


@pytest.mark.parametrize(
    ("phones", "code", "field"),
    [
        (
            [{"type": "MOBILE", "number": "0671234567"}, {"type": "MOBILE", "number": "0501234567"}],
            "phones.duplicate_type",
            "phones[1].type",
        ),
        ([{"type": "FAX", "number": "0671234567"}], "phones.type", "phones[0].type"),
        ([{"number": "0671234567"}], "phones.type", "phones[0].type"),
        ([{"type": "MOBILE", "number": "12345"}], "phone.format", "phones[0].number"),
        ([{"type": "MOBILE", "number": 671234567}], "phone.format", "phones[0].number"),
        ([{"type": "MOBILE"}], "phone.format", "phones[0].number"),
        (["0671234567"], "phones.format", "phones[0]"),
        ({"type": "MOBILE", "number": "0671234567"}, "phones.format", "phones"),
        ("0671234567", "phones.format", "phones"),
    ],
)
def test_phone_list_errors(phones: Any, code: str, field: str) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_phones(phones)
    assert (error.value.code, error.value.field) == (code, field)


def test_address_list() -> None:
    registration = full_address(type="REGISTRATION", settlement="Житомир", area="Житомирська")
    result = validate_addresses([full_address(), registration])
    assert result == [validate_address(full_address()), validate_address(registration)]
    assert validate_addresses((full_address(),)) == [validate_address(full_address())]


@pytest.mark.parametrize(
    ("addresses", "code", "field"),
    [
        ([], "address.residence_required", "addresses"),
        ([full_address(type="REGISTRATION")], "address.residence_required", "addresses"),
        ([full_address(), full_address()], "addresses.duplicate_type", "addresses[1].type"),
        ([full_address(), full_address(type="REGISTRATION", zip="1")], "address.zip_format", "addresses[1].zip"),
        ([full_address(), "вул. Шевченка"], "address.format", "addresses[1]"),
        (full_address(), "addresses.format", "addresses"),
        (None, "addresses.format", "addresses"),
    ],
)
def test_address_list_errors(addresses: Any, code: str, field: str) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_addresses(addresses)
    assert (error.value.code, error.value.field) == (code, field)
