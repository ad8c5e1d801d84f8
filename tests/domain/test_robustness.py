"""Validators accept anything a person or a client can send and fail only with InvalidValue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.domain import validators
from backend.domain.errors import InvalidValue
from backend.domain.messages import UK_MESSAGES
from tests.domain.strategies import any_text, huge_text

STRING_VALIDATORS: dict[str, Callable[[str], str]] = {
    "tax_id": validators.validate_tax_id,
    "unzr": validators.validate_unzr,
    "unzr_with_birth_date": lambda value: validators.validate_unzr(value, birth_date=date(1991, 8, 19)),
    "phone": validators.validate_phone,
    "email": validators.validate_email,
    "name": validators.validate_person_name,
    "secret": validators.validate_secret,
    "free_text": lambda value: validators.validate_free_text(value, 500, "note"),
    "settlement_query": validators.validate_settlement_query,
    **{
        f"document_{doc_type.lower()}": partial(validators.validate_document, doc_type)
        for doc_type in validators.DOCUMENT_TYPES
    },
    "document_type": lambda value: validators.validate_document(value, "КА123456"),
}

# Validators whose result is a canonical form: validating it again must give it back unchanged.
IDEMPOTENT = set(STRING_VALIDATORS) - {"document_type"}


def check(name: str, value: str) -> None:
    validator = STRING_VALIDATORS[name]
    try:
        result = validator(value)
    except InvalidValue as error:
        assert error.code in UK_MESSAGES
        return
    assert isinstance(result, str)
    if name in IDEMPOTENT:
        assert validator(result) == result


@pytest.mark.parametrize("name", sorted(STRING_VALIDATORS))
@given(value=any_text)
def test_any_text(name: str, value: str) -> None:
    check(name, value)


@pytest.mark.parametrize("name", sorted(STRING_VALIDATORS))
@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(value=huge_text)
def test_huge_text(name: str, value: str) -> None:
    check(name, value)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | any_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(any_text, children, max_size=3),
    max_leaves=8,
)
address_like = st.fixed_dictionaries(
    {},
    optional={
        key: json_values | any_text
        for key in ("type", "country", "area", "region", "settlement", "settlement_type", "settlement_id",
                    "street_type", "street", "building", "apartment", "zip")
    },
)  # fmt: skip


@given(address=address_like | json_values)
def test_address_from_anything(address: Any) -> None:
    try:
        result = validators.validate_address(address)
    except InvalidValue as error:
        assert error.code in UK_MESSAGES
        return
    assert validators.validate_address(result) == result


@given(
    phones=st.lists(
        st.fixed_dictionaries({}, optional={"type": json_values | st.sampled_from(["MOBILE", "LAND_LINE"]),
                                            "number": json_values | any_text})
        | json_values,
        max_size=3,
    )
    | json_values
)  # fmt: skip
def test_phones_from_anything(phones: Any) -> None:
    try:
        result = validators.validate_phones(phones)
    except InvalidValue as error:
        assert error.code in UK_MESSAGES
        return
    assert validators.validate_phones(result) == result


@pytest.mark.parametrize("value", [None, 42, b"3012345678", ["КА123456"], {"number": "1"}])
def test_non_strings_are_refused_politely(value: Any) -> None:
    for validator in STRING_VALIDATORS.values():
        with pytest.raises(InvalidValue):
            validator(value)


@given(addresses=st.lists(address_like | json_values, max_size=3) | json_values)
def test_address_lists_from_anything(addresses: Any) -> None:
    try:
        result = validators.validate_addresses(addresses)
    except InvalidValue as error:
        assert error.code in UK_MESSAGES
        return
    assert validators.validate_addresses(result) == result


@given(
    method=st.fixed_dictionaries(
        {},
        optional={
            "type": st.sampled_from(validators.AUTHENTICATION_METHOD_TYPES) | json_values,
            "phone_number": st.sampled_from(["0671234567", ""]) | json_values,
            "value": st.uuids().map(str) | json_values,
            "alias": json_values,
        },
    )
    | json_values
)
def test_authentication_methods_from_anything(method: Any) -> None:
    try:
        result = validators.validate_authentication_method(method)
    except InvalidValue as error:
        assert error.code in UK_MESSAGES
        return
    assert validators.validate_authentication_method(result) == result
