"""`GET /api/pis/person` and the signed update `PATCH /api/cabinet/persons/{id}` over HTTP."""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.models import Person, SandboxKey
from sandbox.registry.core.scopes import APP_READ, PERSON_WRITE, SIGN_IN
from sandbox.registry.persons.view import person_json
from sandbox.registry.rules import person_data
from sandbox.registry.rules.numbers import PHONE_PATTERN
from sandbox.signer import SignerIdentity, canonical_json, sign
from tests.registry.conftest import SignedIn, sign_in, token_issued_directly
from tests.registry.conftest import test_person as person_of

ADULT = "adult_with_declaration"
CHILD = "child_12"
Json = dict[str, Any]

VALID_RESIDENCE: Json = {
    "type": "RESIDENCE",
    "country": "UA",
    "area": "Київська",
    "settlement": "Бровари",
    "settlement_type": "CITY",
    "street_type": "STREET",
    "street": "вул. Героїв Небесної Сотні",
    "building": "15а",
    "apartment": "3",
    "zip": "07400",
}
VALID_CONTACT: Json = {
    "first_name": "Олена",
    "last_name": "Петренко",
    "phones": [{"type": "MOBILE", "number": "+380501234567"}],
}


async def _signed_in(registry: httpx.AsyncClient, settings: RegistrySettings, slug: str = ADULT) -> SignedIn:
    return await sign_in(registry, person_of(slug), settings=settings)


async def _child_token(registry: httpx.AsyncClient, settings: RegistrySettings) -> SignedIn:
    """The auth host refuses a child under 14; the token is written into the registry instead."""
    return await token_issued_directly(registry, person_of(CHILD), settings=settings)


async def _person(registry: httpx.AsyncClient, signed_in: SignedIn) -> Json:
    response = await registry.get("/api/pis/person", headers=signed_in.headers)
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def _sign_as(registry: httpx.AsyncClient, slug: str, data: bytes) -> str:
    """A real sandbox signature of `data` with the test person's own key."""
    person = person_of(slug)
    async with registry.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        key = await session.get(SandboxKey, person.key_id)
        holder = await session.get(Person, person.person_id)
    assert key is not None and holder is not None
    signer = SignerIdentity(key.id, holder.tax_id, holder.first_name, holder.last_name)
    return sign(data, signer, key.encrypted_private_key, person.password)


async def _patch(
    registry: httpx.AsyncClient, signed_in: SignedIn, payload: object, *, signer_slug: str = ADULT
) -> httpx.Response:
    signed_content = await _sign_as(registry, signer_slug, canonical_json(payload))
    return await _patch_signed(registry, signed_in, signed_content)


async def _patch_signed(registry: httpx.AsyncClient, signed_in: SignedIn, signed_content: str) -> httpx.Response:
    return await registry.patch(
        f"/api/cabinet/persons/{signed_in.person_id}",
        headers=signed_in.headers,
        json={"signed_request": signed_content},
    )


def _invalid(response: httpx.Response) -> dict[str, Json]:
    """`invalid[]` of a 422 by entry: {"$.email": {"rule":…, "description":…}}."""
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["type"] == "validation_failed"
    return {item["entry"]: item["rules"][0] for item in error["invalid"]}


# --- reading -----------------------------------------------------------------------------------


async def test_person_comes_in_the_blueprint_shape(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    expected = person_of(ADULT)
    signed_in = await _signed_in(registry, registry_settings)

    response = await registry.get("/api/pis/person", headers=signed_in.headers)

    assert response.status_code == 200
    body = response.json()
    assert body["meta"]["type"] == "object"
    person = body["data"]
    assert person["id"] == expected.person_id
    assert (person["first_name"], person["last_name"]) == (expected.first_name, expected.last_name)
    for field in (
        "second_name", "birth_date", "birth_country", "birth_settlement", "gender", "email", "tax_id", "no_tax_id",
        "secret", "documents", "addresses", "phones", "preferred_way_communication", "unzr", "emergency_contact",
        "confidant_person", "authentication_methods",
    ):  # fmt: skip
        assert field in person, field
    assert person["gender"] in ("MALE", "FEMALE")
    assert person["verification"]["verification_status"] in (
        "VERIFIED", "NOT_VERIFIED", "VERIFICATION_NEEDED", "CHANGES_NEEDED",
    )  # fmt: skip
    assert person["verification"]["details"]["legal_capacity"]["verification_status"] == "VERIFICATION_NOT_NEEDED"


@pytest.mark.parametrize(
    ("slug", "capacity"),
    [("teen_16_read_only", "NOT_VERIFIED"), ("teen_17_capable", "VERIFIED")],
)
async def test_teen_shows_whether_full_civil_capacity_is_confirmed(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, slug: str, capacity: str
) -> None:
    person = await _person(registry, await _signed_in(registry, registry_settings, slug))

    assert person["verification"]["details"]["legal_capacity"]["verification_status"] == capacity


async def test_reading_needs_a_person_scope(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    sign_in_only = await sign_in(registry, person_of(ADULT), settings=registry_settings, scope=SIGN_IN)
    apps_only = await sign_in(registry, person_of(ADULT), settings=registry_settings, scope=APP_READ)

    assert (await registry.get("/api/pis/person", headers=sign_in_only.headers)).status_code == 200
    refused = await registry.get("/api/pis/person", headers=apps_only.headers)
    assert refused.status_code == 403
    assert refused.json()["error"]["type"] == "forbidden"


# --- updating ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "slug",
    [
        "adult_with_declaration",
        "adult_without_declaration",
        "unverified_adult",
        "adult_with_accesses",
        "teen_17_capable",
    ],
)
async def test_unchanged_person_signed_back_is_accepted(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, slug: str
) -> None:
    signed_in = await _signed_in(registry, registry_settings, slug)
    person = await _person(registry, signed_in)
    updated_at = await _updated_at(registry, slug)

    response = await _patch(registry, signed_in, person, signer_slug=slug)

    assert response.status_code == 200, response.text
    assert response.json()["data"] == person
    assert await _updated_at(registry, slug) == updated_at, "nothing changed, so the record is not touched"


async def _updated_at(registry: httpx.AsyncClient, slug: str) -> datetime:
    async with registry.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        person = await session.get(Person, person_of(slug).person_id)
    assert person is not None
    return person.updated_at


async def test_update_stores_the_changeable_fields_as_signed(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    signed_in = await _signed_in(registry, registry_settings)
    person = await _person(registry, signed_in)
    new_values = {
        "email": "Olena.Test@Ukr.Net",
        "phones": [{"type": "MOBILE", "number": "+380671234567"}],
        "addresses": [VALID_RESIDENCE],
        "emergency_contact": VALID_CONTACT,
        "secret": "Слово2024",
        "preferred_way_communication": "email",
        "authentication_methods": [{"type": "OTP", "phone_number": "+380671234567"}],
    }
    updated_at = await _updated_at(registry, ADULT)

    response = await _patch(registry, signed_in, {**person, **new_values})

    assert response.status_code == 200, response.text
    updated = response.json()["data"]
    assert {k: updated[k] for k in new_values} == new_values
    unchanged = {k: v for k, v in person.items() if k in person_data.FIXED_FIELDS or k == "documents"}
    assert {k: updated[k] for k in unchanged} == unchanged
    assert await _person(registry, signed_in) == updated
    assert await _updated_at(registry, ADULT) > updated_at


async def test_the_registry_refuses_a_phone_it_would_have_to_reformat(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    # DOMAIN §4: phones are `+380XXXXXXXXX`; the registry validates what it is sent, it does not reformat it.
    signed_in = await _signed_in(registry, registry_settings)
    person = await _person(registry, signed_in)

    invalid = _invalid(
        await _patch(registry, signed_in, {**person, "phones": [{"type": "MOBILE", "number": "067 123 45 67"}]})
    )

    assert invalid == {
        "$.phones[0].number": {
            "rule": "format",
            "description": f'string does not match pattern "{PHONE_PATTERN}"',
            "params": [PHONE_PATTERN],
        }
    }


async def test_absent_fields_stay_and_null_clears_an_optional_one(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    signed_in = await _signed_in(registry, registry_settings)
    person = await _person(registry, signed_in)
    with_email = {**person, "email": "someone@example.com", "preferred_way_communication": None}
    assert (await _patch(registry, signed_in, with_email)).status_code == 200

    without_phones = {k: v for k, v in with_email.items() if k != "phones"}
    without_phones["email"] = None
    response = await _patch(registry, signed_in, without_phones)

    assert response.status_code == 200, response.text
    assert response.json()["data"]["email"] is None
    assert response.json()["data"]["phones"] == person["phones"]


async def test_fields_a_patient_may_not_change_are_each_refused(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    signed_in = await _signed_in(registry, registry_settings)
    person = await _person(registry, signed_in)
    tampered = copy.deepcopy(person)
    tampered.update(
        first_name="Інше",
        tax_id="0000000000",
        birth_date="1950-01-01",
        gender="FEMALE" if person["gender"] == "MALE" else "MALE",
        email="new@example.com",
    )
    tampered["verification"]["details"]["legal_capacity"]["verification_status"] = "VERIFIED"

    invalid = _invalid(await _patch(registry, signed_in, tampered))

    assert set(invalid) == {"$.first_name", "$.tax_id", "$.birth_date", "$.gender", "$.verification"}
    assert all(rule["description"] == person_data.FIXED for rule in invalid.values())
    assert await _person(registry, signed_in) == person, "nothing is applied from a refused update"


async def test_the_whole_person_must_be_signed(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    signed_in = await _signed_in(registry, registry_settings)

    invalid = _invalid(await _patch(registry, signed_in, {"email": "a@example.com"}))

    assert set(person_data.REQUIRED_FIELDS) <= {entry.removeprefix("$.") for entry in invalid}
    assert invalid["$.id"]["rule"] == "required"


def _case(change: Callable[[Json], None], entry: str, rule: str) -> tuple[Callable[[Json], None], str, str]:
    return change, entry, rule


MOBILE = {"type": "MOBILE", "number": "+380671234567"}
INVALID_FIELD_CASES = {
    "email": _case(lambda p: p.update(email="not an email"), "$.email", "email"),
    "phone number": _case(
        lambda p: p.update(phones=[{"type": "MOBILE", "number": "12345"}]), "$.phones[0].number", "format"
    ),
    "phone type twice": _case(
        lambda p: p.update(phones=[MOBILE, {"type": "MOBILE", "number": "+380501234567"}]), "$.phones[1].type", "unique"
    ),
    "phone type": _case(lambda p: p.update(phones=[{**MOBILE, "type": "PAGER"}]), "$.phones[0].type", "inclusion"),
    "phones not a list": _case(lambda p: p.update(phones="+380671234567"), "$.phones", "cast"),
    "address without building": _case(
        lambda p: p.update(addresses=[{k: v for k, v in VALID_RESIDENCE.items() if k != "building"}]),
        "$.addresses[0].building",
        "required",
    ),
    "no residence": _case(
        lambda p: p.update(addresses=[{**VALID_RESIDENCE, "type": "REGISTRATION"}]), "$.addresses", "length"
    ),
    "address type twice": _case(
        lambda p: p.update(addresses=[VALID_RESIDENCE, VALID_RESIDENCE]), "$.addresses[1].type", "unique"
    ),
    "zip": _case(lambda p: p.update(addresses=[{**VALID_RESIDENCE, "zip": "1234"}]), "$.addresses[0].zip", "format"),
    "national id without expiration": _case(
        lambda p: p.update(documents=[{"type": "NATIONAL_ID", "number": "123456789"}]),
        "$.documents[0].expiration_date",
        "required",
    ),
    "passport number": _case(
        lambda p: p.update(documents=[{"type": "PASSPORT", "number": "12"}]), "$.documents[0].number", "format"
    ),
    "passport in latin letters": _case(
        lambda p: p.update(documents=[{"type": "PASSPORT", "number": "KA123456"}]), "$.documents[0].number", "format"
    ),
    "document type": _case(
        lambda p: p.update(documents=[{"type": "LIBRARY_CARD", "number": "12"}]), "$.documents[0].type", "inclusion"
    ),
    "document issued in the future": _case(
        lambda p: p.update(documents=[{"type": "PASSPORT", "number": "КА123456", "issued_at": "2999-01-01"}]),
        "$.documents[0].issued_at",
        "date",
    ),
    "no documents": _case(lambda p: p.update(documents=[]), "$.documents", "length"),
    "emergency contact name": _case(
        lambda p: p.update(emergency_contact={**VALID_CONTACT, "first_name": "R2-D2"}),
        "$.emergency_contact.first_name",
        "format",
    ),
    "emergency contact without phones": _case(
        lambda p: p.update(emergency_contact={**VALID_CONTACT, "phones": []}), "$.emergency_contact.phones", "length"
    ),
    "emergency contact phone": _case(
        lambda p: p.update(emergency_contact={**VALID_CONTACT, "phones": [{"type": "MOBILE", "number": "1"}]}),
        "$.emergency_contact.phones[0].number",
        "format",
    ),
    "secret": _case(lambda p: p.update(secret="abc"), "$.secret", "format"),
    "way of communication": _case(
        lambda p: p.update(preferred_way_communication="pigeon"), "$.preferred_way_communication", "inclusion"
    ),
    "email way without email": _case(
        lambda p: p.update(preferred_way_communication="email", email=None), "$.email", "required"
    ),
    "otp without phone": _case(
        lambda p: p.update(authentication_methods=[{"type": "OTP"}]),
        "$.authentication_methods[0].phone_number",
        "required",
    ),
    "authentication type": _case(
        lambda p: p.update(authentication_methods=[{"type": "SMS"}]), "$.authentication_methods[0].type", "inclusion"
    ),
    "two ways to confirm": _case(
        lambda p: p.update(
            authentication_methods=[{"type": "OTP", "phone_number": "+380671234567"}, {"type": "OFFLINE"}]
        ),
        "$.authentication_methods[1].type",
        "unique",
    ),
    "expired document": _case(
        lambda p: p.update(documents=[{"type": "NATIONAL_ID", "number": "123456789", "expiration_date": "2001-01-01"}]),
        "$.documents[0].expiration_date",
        "date",
    ),
    "unknown field": _case(lambda p: p.update(favourite_colour="blue"), "$.favourite_colour", "schema"),
}


@pytest.mark.parametrize("case", INVALID_FIELD_CASES.values(), ids=INVALID_FIELD_CASES.keys())
async def test_each_invalid_field_is_named_with_the_rule_it_broke(
    registry: httpx.AsyncClient,
    registry_settings: RegistrySettings,
    case: tuple[Callable[[Json], None], str, str],
) -> None:
    change, entry, rule = case
    signed_in = await _signed_in(registry, registry_settings)
    person = await _person(registry, signed_in)
    payload = copy.deepcopy(person)
    change(payload)

    response = await _patch(registry, signed_in, payload)

    invalid = _invalid(response)
    assert list(invalid) == [entry]
    assert invalid[entry]["rule"] == rule and invalid[entry]["description"]
    assert response.json()["error"]["invalid"][0]["entry_type"] == "json_data_property"
    assert await _person(registry, signed_in) == person


async def test_several_invalid_fields_are_reported_together(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    signed_in = await _signed_in(registry, registry_settings)
    payload = {**(await _person(registry, signed_in)), "email": "bad", "secret": "x", "first_name": "Інше"}

    invalid = _invalid(await _patch(registry, signed_in, payload))

    assert {"$.email", "$.secret", "$.first_name"} == set(invalid)


# --- the signature ---------------------------------------------------------------------------------


async def test_data_signed_with_another_persons_key_is_refused(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    signed_in = await _signed_in(registry, registry_settings)
    person = await _person(registry, signed_in)

    response = await _patch(
        registry, signed_in, {**person, "email": "x@example.com"}, signer_slug="adult_with_accesses"
    )

    invalid = _invalid(response)
    assert list(invalid) == ["$.signed_request"]
    assert "іншої особи" in invalid["$.signed_request"]["description"]
    assert (await _person(registry, signed_in))["email"] == person["email"]


async def test_data_changed_after_signing_is_refused(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    signed_in = await _signed_in(registry, registry_settings)
    person = await _person(registry, signed_in)
    signed = await _sign_as(registry, ADULT, canonical_json(person))
    envelope = json.loads(base64.b64decode(signed))
    envelope["data"] = base64.b64encode(canonical_json({**person, "email": "thief@example.com"})).decode()
    forged = base64.b64encode(json.dumps(envelope).encode()).decode()

    invalid = _invalid(await _patch_signed(registry, signed_in, forged))

    assert "не відповідає документу" in invalid["$.signed_request"]["description"]


@pytest.mark.parametrize(
    "body",
    [
        {"signed_request": "not base64 at all!"},
        {"signed_request": base64.b64encode(b'{"v": 1}').decode()},
        {"signed_request": ""},
        {"signed_content": "abc", "signed_content_encoding": "base64"},  # the PIS calls' field is not this one's
        {},
    ],
)
async def test_malformed_signed_request_is_a_validation_error(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, body: Json
) -> None:
    signed_in = await _signed_in(registry, registry_settings)

    response = await registry.patch(f"/api/cabinet/persons/{signed_in.person_id}", headers=signed_in.headers, json=body)

    assert response.status_code == 422
    assert response.json()["error"]["type"] == "validation_failed"


@pytest.mark.parametrize("data", [b"not json", b"[1, 2]", "\u00ff".encode("latin-1"), b"[" * 5000])
async def test_signed_data_must_be_a_person_object(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, data: bytes
) -> None:
    signed_in = await _signed_in(registry, registry_settings)

    response = await _patch_signed(registry, signed_in, await _sign_as(registry, ADULT, data))

    assert list(_invalid(response)) == ["$.signed_request"]


async def test_update_needs_the_write_scope(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    read_only = await sign_in(registry, person_of(ADULT), settings=registry_settings, scope=SIGN_IN)
    person = await _person(registry, read_only)

    response = await _patch(registry, read_only, person)

    assert response.status_code == 403


# --- age and capacity ------------------------------------------------------------------------------


async def test_a_read_only_teen_may_read_but_not_change_their_data(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    slug = "teen_16_read_only"
    signed_in = await _signed_in(registry, registry_settings, slug)
    person = await _person(registry, signed_in)

    response = await _patch(registry, signed_in, {**person, "email": "teen@example.com"}, signer_slug=slug)

    assert response.status_code == 403
    assert response.json()["error"]["type"] == "forbidden"
    assert (await _person(registry, signed_in))["email"] == person["email"]


async def test_a_child_under_14_may_neither_read_nor_change_their_data(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    # DOMAIN §1: under 14 there is no own access at all; a parent or confidant acts for the child.
    signed_in = await _child_token(registry, registry_settings)
    async with registry.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        child = await session.get(Person, signed_in.person_id)
    assert child is not None
    person = person_json(child, registry.app.state.clock.today())  # type: ignore[attr-defined]

    read = await registry.get("/api/pis/person", headers=signed_in.headers)
    change = await _patch(registry, signed_in, {**person, "email": "child@example.com"}, signer_slug=CHILD)

    assert read.status_code == 403 and read.json()["error"]["type"] == "forbidden", read.text
    assert "under 14" in read.json()["error"]["message"]
    assert "data" not in read.json()
    assert change.status_code == 403 and change.json()["error"]["type"] == "forbidden"


async def test_teen_with_confirmed_capacity_may_change_their_data(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    slug = "teen_17_capable"
    signed_in = await _signed_in(registry, registry_settings, slug)
    person = await _person(registry, signed_in)

    response = await _patch(registry, signed_in, {**person, "email": "teen@example.com"}, signer_slug=slug)

    assert response.status_code == 200, response.text
    assert response.json()["data"]["email"] == "teen@example.com"


# --- arbitrary input -------------------------------------------------------------------------------

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
# Structures that get past the first type checks, so the validators themselves meet odd strings.
phones_like = st.lists(
    st.fixed_dictionaries({"type": st.sampled_from(["MOBILE", "LAND_LINE"]) | st.text(), "number": st.text()}),
    max_size=3,
)
documents_like = st.lists(
    st.fixed_dictionaries(
        {"type": st.sampled_from(["PASSPORT", "NATIONAL_ID", "BIRTH_CERTIFICATE"]), "number": st.text()},
        optional={"issued_at": st.text(), "expiration_date": st.text(), "issued_by": st.text()},
    ),
    max_size=2,
)
addresses_like = st.lists(
    st.fixed_dictionaries(
        {"type": st.just("RESIDENCE"), "country": st.just("UA")},
        optional={key: st.text() for key in ("area", "settlement", "settlement_type", "building", "zip", "street")},
    ),
    max_size=2,
)
contact_like = st.fixed_dictionaries(
    {"first_name": st.text(), "last_name": st.text(), "phones": phones_like}, optional={"second_name": st.text()}
)
field_values = {
    "email": st.text() | json_values,
    "secret": st.text() | json_values,
    "phones": phones_like | json_values,
    "documents": documents_like | json_values,
    "addresses": addresses_like | json_values,
    "emergency_contact": contact_like | json_values,
    "preferred_way_communication": st.sampled_from(["email", "phone"]) | json_values,
    "authentication_methods": st.lists(
        st.fixed_dictionaries(
            {"type": st.sampled_from(["OTP", "OFFLINE", "THIRD_PERSON"])},
            optional={
                "phone_number": st.text(),
                "value": st.text(),
                "alias": st.text(),
            },
        ),
        max_size=2,
    )
    | json_values,
    "first_name": st.text(),
    "birth_date": st.text(),
}


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.fixed_dictionaries({}, optional=field_values))
async def test_arbitrary_field_values_never_break_the_registry(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, changes: Json
) -> None:
    signed_in = await _signed_in(registry, registry_settings)
    person = await _person(registry, signed_in)

    response = await _patch(registry, signed_in, {**person, **changes})

    assert response.status_code in (200, 422), response.text
    body = response.json()
    if response.status_code == 422:
        assert body["error"]["type"] == "validation_failed"
        assert all(item["entry"].startswith("$") for item in body["error"]["invalid"])
    else:
        assert body["data"]["id"] == person["id"]


async def test_read_and_write_scopes_are_enough_to_update(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    scope = f"{SIGN_IN} {PERSON_WRITE}"
    signed_in = await sign_in(registry, person_of(ADULT), settings=registry_settings, scope=scope)
    person = await _person(registry, signed_in)

    assert (await _patch(registry, signed_in, person)).status_code == 200


async def test_the_update_is_the_cabinets_documented_call_and_only_for_ones_own_record(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    # ehealth-cabinet-and-portal.apib, "Update MPI": PATCH /api/cabinet/persons/{id} with `signed_request`.
    signed_in = await _signed_in(registry, registry_settings)
    other = await sign_in(registry, person_of("adult_with_accesses"), settings=registry_settings)
    person = await _person(registry, signed_in)
    signed = await _sign_as(registry, ADULT, canonical_json({**person, "email": "new@example.com"}))

    undocumented = await registry.patch(
        "/api/pis/person",
        headers=signed_in.headers,
        json={"signed_content": signed, "signed_content_encoding": "base64"},
    )
    someone_else = await registry.patch(
        f"/api/cabinet/persons/{other.person_id}", headers=signed_in.headers, json={"signed_request": signed}
    )
    own = await _patch_signed(registry, signed_in, signed)

    assert undocumented.status_code == 405
    assert someone_else.status_code == 404
    assert own.status_code == 200 and own.json()["data"]["email"] == "new@example.com"
