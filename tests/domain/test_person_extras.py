"""Rules for the remaining parts of a person: document expiry and authentication methods."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from backend.domain.errors import InvalidValue
from backend.domain.validators import DOCUMENT_TYPES, validate_authentication_method, validate_document_expiration

THIRD_PERSON_ID = "c282f8a9-e709-40aa-94b4-dde1402bf4b6"


def test_id_card_needs_an_expiration_date() -> None:
    assert validate_document_expiration("NATIONAL_ID", date(2030, 1, 1)) == date(2030, 1, 1)
    assert validate_document_expiration(" national_id ", date(2030, 1, 1)) == date(2030, 1, 1)
    with pytest.raises(InvalidValue) as error:
        validate_document_expiration("NATIONAL_ID", None)
    assert (error.value.code, error.value.field) == ("document.expiration_date_required", "expiration_date")


@pytest.mark.parametrize("doc_type", [t for t in DOCUMENT_TYPES if t != "NATIONAL_ID"])
def test_other_documents_may_have_no_expiration_date(doc_type: str) -> None:
    assert validate_document_expiration(doc_type, None) is None
    assert validate_document_expiration(doc_type, date(2030, 1, 1)) == date(2030, 1, 1)


def test_expiration_date_must_be_a_date() -> None:
    with pytest.raises(InvalidValue) as error:
        validate_document_expiration("PASSPORT", "2030-01-01")  # type: ignore[arg-type]
    assert error.value.code == "document.expiration_date_format"


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ({"type": "OTP", "phone_number": "067 123 45 67"}, {"type": "OTP", "phone_number": "+380671234567"}),
        ({"type": "otp", "phone_number": "+380671234567", "alias": " моя  мама "},
         {"type": "OTP", "phone_number": "+380671234567", "alias": "моя мама"}),
        ({"type": "OFFLINE"}, {"type": "OFFLINE"}),
        ({"type": "OFFLINE", "phone_number": "", "alias": ""}, {"type": "OFFLINE"}),
        ({"type": "NA"}, {"type": "NA"}),
        ({"type": "THIRD_PERSON", "value": THIRD_PERSON_ID.upper(), "alias": "дружина"},
         {"type": "THIRD_PERSON", "value": THIRD_PERSON_ID, "alias": "дружина"}),
    ],
)  # fmt: skip
def test_authentication_methods(method: dict[str, Any], expected: dict[str, str]) -> None:
    assert validate_authentication_method(method) == expected
    assert validate_authentication_method(expected) == expected


@pytest.mark.parametrize(
    ("method", "code", "field"),
    [
        ({"type": "SMS"}, "auth_method.type", "type"),
        ({}, "auth_method.type", "type"),
        ({"type": "OTP"}, "otp.phone_required", "phone_number"),
        ({"type": "OTP", "phone_number": None}, "otp.phone_required", "phone_number"),
        ({"type": "OTP", "phone_number": "123"}, "phone.format", "phone_number"),
        ({"type": "OTP", "phone_number": 671234567}, "phone.format", "phone_number"),
        ({"type": "THIRD_PERSON", "alias": "мама"}, "auth_method.third_person_required", "value"),
        ({"type": "THIRD_PERSON", "value": "mama", "alias": "мама"}, "auth_method.third_person_required", "value"),
        ({"type": "THIRD_PERSON", "value": THIRD_PERSON_ID}, "auth_method.alias_required", "alias"),
        ({"type": "THIRD_PERSON", "value": THIRD_PERSON_ID, "alias": "   "}, "auth_method.alias_format", "alias"),
        ({"type": "OFFLINE", "alias": "я" * 51}, "auth_method.alias_format", "alias"),
        ({"type": "OFFLINE", "alias": 5}, "auth_method.alias_format", "alias"),
        ({"type": "OFFLINE", "id": "1"}, "auth_method.unknown_field", "id"),
    ],
)
def test_authentication_method_errors(method: dict[str, Any], code: str, field: str) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_authentication_method(method)
    assert (error.value.code, error.value.field) == (code, field)


@pytest.mark.parametrize("method", [None, "OTP", ["OTP"], 1])
def test_authentication_method_must_be_an_object(method: Any) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_authentication_method(method)
    assert error.value.code == "auth_method.format"
