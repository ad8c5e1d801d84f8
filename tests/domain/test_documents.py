from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.errors import InvalidValue
from backend.domain.validators import DOCUMENT_TYPES, UKRAINIAN_CAPITALS, validate_document

OTHER_TYPES = [t for t in DOCUMENT_TYPES if t not in {"PASSPORT", "NATIONAL_ID", "BIRTH_CERTIFICATE"}]


def test_the_seven_ehealth_types() -> None:
    assert set(DOCUMENT_TYPES) == {
        "PASSPORT",
        "NATIONAL_ID",
        "BIRTH_CERTIFICATE",
        "TEMPORARY_CERTIFICATE",
        "PERMANENT_RESIDENCE_PERMIT",
        "REFUGEE_CERTIFICATE",
        "COMPLEMENTARY_PROTECTION_CERTIFICATE",
    }


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("КА123456", "КА123456"),
        ("ка123456", "КА123456"),
        ("KA123456", "КА123456"),  # Latin look-alikes typed on an English layout
        ("ka 123456", "КА123456"),
        ("ЄІ 123-456", "ЄІ123456"),
        ("Ґї000001", "ҐЇ000001"),
    ],
)
def test_passport(number: str, expected: str) -> None:
    assert validate_document("PASSPORT", number) == expected
    assert all(char in UKRAINIAN_CAPITALS or char.isdigit() for char in expected)


@pytest.mark.parametrize(
    "number", ["", "К123456", "КА12345", "КА1234567", "ЫЭ123456", "QW123456", "123456КА", "КАБ12345", "КА12З456"]
)
def test_passport_errors(number: str) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_document("PASSPORT", number)
    assert error.value.code == "document.passport_format"
    assert error.value.field == "number"


@pytest.mark.parametrize(("number", "expected"), [("123456789", "123456789"), (" 123 456 789 ", "123456789")])
def test_national_id(number: str, expected: str) -> None:
    assert validate_document("NATIONAL_ID", number) == expected


@pytest.mark.parametrize("number", ["", "12345678", "1234567890", "12345678A", "КА1234567"])
def test_national_id_errors(number: str) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_document("NATIONAL_ID", number)
    assert error.value.code == "document.national_id_format"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("І-БК 123456", "І-БК 123456"),
        ("I-БК 123456", "І-БК 123456"),  # Latin I
        ("і-бк123456", "І-БК 123456"),
        ("І - БК   123456", "І-БК 123456"),
        ("ІІ–ЖС № 654321", "ІІ-ЖС 654321"),
        ("iv-ka 000001", "ІV-КА 000001"),
        ("XIV-ЖС 123456", "XІV-ЖС 123456"),
        ("ХІ-ЖС 123456", "XІ-ЖС 123456"),  # Cyrillic Х as the numeral ten
    ],
)
def test_birth_certificate(number: str, expected: str) -> None:
    assert validate_document("BIRTH_CERTIFICATE", number) == expected


@pytest.mark.parametrize(
    "number",
    ["", "БК 123456", "І-Б 123456", "І-БКК 123456", "І-БК 12345", "IIII-БК 123456", "VV-БК 123456", "А-БК 123456",
     "І-ЫЭ 123456", "І/БК 123456", "123456"],
)  # fmt: skip
def test_birth_certificate_errors(number: str) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_document("BIRTH_CERTIFICATE", number)
    assert error.value.code == "document.birth_certificate_format"


@pytest.mark.parametrize("doc_type", OTHER_TYPES)
def test_other_documents(doc_type: str) -> None:
    assert validate_document(doc_type, " ab  123-45 ") == "AB 123-45"
    assert validate_document(doc_type, "тп000123") == "ТП000123"
    assert validate_document(doc_type, "1" * 20) == "1" * 20


@pytest.mark.parametrize("doc_type", OTHER_TYPES)
@pytest.mark.parametrize("number", ["", "   ", "1" * 21, "AB_123", "AB/123", "AB#1", "<b>1</b>"])
def test_other_document_errors(doc_type: str, number: str) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_document(doc_type, number)
    assert error.value.code == "document.number_format"


@pytest.mark.parametrize("doc_type", ["", "DRIVING_LICENSE", "PASSPORTS", "COURT_DECISION"])
def test_unknown_type(doc_type: str) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_document(doc_type, "КА123456")
    assert error.value.code == "document.type"
    assert error.value.field == "type"


def test_type_is_case_insensitive() -> None:
    assert validate_document(" passport ", "КА123456") == "КА123456"


@given(
    series=st.text(alphabet=UKRAINIAN_CAPITALS, min_size=2, max_size=2),
    digits=st.from_regex(r"[0-9]{6}", fullmatch=True),
)
def test_any_ukrainian_series_passes(series: str, digits: str) -> None:
    assert validate_document("PASSPORT", series.lower() + " " + digits) == series + digits


@given(numeral=st.integers(1, 399), letters=st.text(alphabet=UKRAINIAN_CAPITALS, min_size=2, max_size=2))
def test_every_roman_series_passes(numeral: int, letters: str) -> None:
    roman = ""
    for value, symbol in (
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while numeral >= value:
            roman += symbol
            numeral -= value
    normalised = validate_document("BIRTH_CERTIFICATE", f"{roman}-{letters} 123456")
    assert normalised == f"{roman.replace('I', 'І')}-{letters} 123456"
    assert validate_document("BIRTH_CERTIFICATE", normalised) == normalised
