"""Checking a patient's signed change of their own data (`PATCH /api/cabinet/persons/{id}`).

The patient signs the whole person JSON. Fields a patient may not change (names, birth data,
gender, tax ID, УНЗР, verification…) must come back exactly as the registry holds them; the fields
a patient may change are validated with the domain's validators and returned normalised. Every
problem is reported at once, each with the JSON path of its field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from backend.domain.errors import InvalidValue
from backend.domain.messages import message_for
from backend.domain.validators import (
    validate_addresses,
    validate_authentication_method,
    validate_document,
    validate_document_expiration,
    validate_email,
    validate_free_text,
    validate_person_name,
    validate_phones,
    validate_secret,
)
from sandbox.registry.envelope import RegistryError, invalid_entry

# A patient cannot change these in the cabinet: they come from documents checked by registries.
IMMUTABLE_FIELDS: tuple[str, ...] = (
    "id",
    "first_name",
    "last_name",
    "second_name",
    "birth_date",
    "birth_country",
    "birth_settlement",
    "gender",
    "tax_id",
    "no_tax_id",
    "unzr",
    "confidant_person",
    "verification",
)
# The signed document is the whole person: it must at least say whose data it is.
REQUIRED_FIELDS: tuple[str, ...] = ("id", "first_name", "last_name", "birth_date", "gender", "documents", "addresses")
UPDATABLE_FIELDS: tuple[str, ...] = (
    "email",
    "phones",
    "addresses",
    "documents",
    "emergency_contact",
    "secret",
    "preferred_way_communication",
    "authentication_methods",
)
# Sent by eHealth clients along with the person; accepted and not stored.
IGNORED_FIELDS: frozenset[str] = frozenset({"process_disclosure_data_consent", "patient_signed"})
KNOWN_FIELDS: frozenset[str] = frozenset({*IMMUTABLE_FIELDS, *UPDATABLE_FIELDS, *IGNORED_FIELDS})

COMMUNICATION_WAYS: tuple[str, ...] = ("email", "phone")
PRIMARY_AUTHENTICATION: frozenset[str] = frozenset({"OTP", "OFFLINE"})
DOCUMENT_FIELDS = frozenset({"type", "number", "issued_by", "issued_at", "expiration_date"})
EMERGENCY_CONTACT_FIELDS = frozenset({"first_name", "last_name", "second_name", "phones"})
ISSUED_BY_MAX = 200

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# Texts for the structural rules the domain has no code for (the domain's own come from `message_for`).
IMMUTABLE = "Це поле не можна змінити в кабінеті: його змінюють за документами в закладі охорони здоров’я."
REQUIRED = "Це поле обов’язкове."
UNKNOWN_FIELD = "Такого поля немає в даних особи."
NOT_A_LIST = "Тут має бути список."
NOT_AN_OBJECT = "Тут має бути об’єкт із полями."
NOT_A_DATE = "Дата має бути у форматі РРРР-ММ-ДД."
ISSUED_IN_FUTURE = "Дата видачі не може бути в майбутньому."
DOCUMENT_EXPIRED = "Строк дії документа вже минув."
DUPLICATE_DOCUMENT = "Документ кожного типу можна вказати лише один раз."
NO_DOCUMENTS = "Вкажіть хоча б один документ, що посвідчує особу."
NO_PHONES = "Вкажіть хоча б один номер телефону."
COMMUNICATION_WAY = "Оберіть спосіб зв’язку: email або phone."
EMAIL_NEEDED = "Щоб отримувати повідомлення електронною поштою, вкажіть адресу пошти."
PHONE_NEEDED = "Щоб отримувати повідомлення телефоном, вкажіть номер телефону."
NO_AUTHENTICATION = "Вкажіть хоча б один спосіб автентифікації."
DUPLICATE_AUTHENTICATION = "Спосіб автентифікації OTP чи OFFLINE може бути лише один."


def _rule_of(error: InvalidValue) -> str:
    """The eHealth rule name closest to a domain error code."""
    tail = error.code.rsplit(".", 1)[-1]
    if tail.endswith("required"):
        return "required"
    if tail.endswith("format"):
        return "format"
    if tail.startswith("duplicate"):
        return "unique"
    if "allowed" in error.params:
        return "inclusion"
    return "invalid"


class Problems:
    """The `invalid[]` entries of one request, collected so the client learns everything at once."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []

    def add(self, entry: str, rule: str, description: str, params: Any = None) -> None:
        self.entries.append(invalid_entry(entry, rule, description, params=params))

    def add_domain(self, entry: str, error: InvalidValue) -> None:
        self.add(entry, _rule_of(error), message_for(error), params=error.params or None)

    def check(self, entry: str, validator: Callable[[], Any]) -> Any:
        """Run a domain validator; its error is recorded at `entry`, and None is returned."""
        try:
            return validator()
        except InvalidValue as error:
            self.add_domain(entry, error)
            return None

    def raise_if_any(self) -> None:
        if self.entries:
            raise RegistryError("validation_failed", "Validation failed", invalid=self.entries)


def _subpath(base: str, field: str | None) -> str:
    """`$.phones` + `phones[0].number` → `$.phones[0].number` (the domain names list items itself)."""
    parent, _, leaf = base.rpartition(".")
    if not field or field == leaf:
        return base
    if field.startswith(leaf + "["):
        return f"{parent}.{field}"
    return f"{base}.{field}"


def _date(problems: Problems, entry: str, value: object) -> date | None:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        problems.add(entry, "date", NOT_A_DATE)
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.add(entry, "date", NOT_A_DATE)
        return None


def _unknown_keys(problems: Problems, base: str, value: Mapping[str, Any], allowed: frozenset[str]) -> None:
    for key in value:
        if key not in allowed:
            problems.add(f"{base}.{str(key)[:64]}", "schema", UNKNOWN_FIELD)


def _phones(problems: Problems, entry: str, value: object, *, required: bool) -> list[dict[str, str]] | None:
    if value is None:
        value = []
    if not isinstance(value, list):
        problems.add(entry, "cast", NOT_A_LIST)
        return None
    try:
        phones = validate_phones(value)
    except InvalidValue as error:
        problems.add_domain(_subpath(entry, error.field), error)
        return None
    if required and not phones:
        problems.add(entry, "length", NO_PHONES, params={"min": 1})
        return None
    return phones


def _documents(problems: Problems, value: object, today: date) -> list[dict[str, str]] | None:
    if not isinstance(value, list):
        problems.add("$.documents", "cast", NOT_A_LIST)
        return None
    if not value:
        problems.add("$.documents", "length", NO_DOCUMENTS, params={"min": 1})
        return None
    result: list[dict[str, str]] = []
    seen: set[str] = set()
    before = len(problems.entries)
    for index, item in enumerate(value):
        base = f"$.documents[{index}]"
        if not isinstance(item, Mapping):
            problems.add(base, "cast", NOT_AN_OBJECT)
            continue
        _unknown_keys(problems, base, item, DOCUMENT_FIELDS)
        doc_type, number = item.get("type"), item.get("number")
        try:
            normalised_number = validate_document(doc_type, number)  # type: ignore[arg-type]
        except InvalidValue as error:
            problems.add_domain(f"{base}.{error.field or 'number'}", error)
            continue
        kind = str(doc_type).strip().upper()
        if kind in seen:
            problems.add(f"{base}.type", "unique", DUPLICATE_DOCUMENT)
        seen.add(kind)
        document: dict[str, str] = {"type": kind, "number": normalised_number}
        if item.get("issued_by") not in (None, ""):
            issued_by = problems.check(
                f"{base}.issued_by", lambda item=item: validate_free_text(item["issued_by"], ISSUED_BY_MAX, "issued_by")
            )
            if issued_by is not None:
                document["issued_by"] = issued_by
        if item.get("issued_at") is not None:
            issued_at = _date(problems, f"{base}.issued_at", item["issued_at"])
            if issued_at is not None and issued_at > today:
                problems.add(f"{base}.issued_at", "date", ISSUED_IN_FUTURE, params={"before_or_at": today.isoformat()})
            elif issued_at is not None:
                document["issued_at"] = issued_at.isoformat()
        expires = None
        if item.get("expiration_date") is not None:
            expires = _date(problems, f"{base}.expiration_date", item["expiration_date"])
            if expires is None:
                continue
            if expires < today:
                problems.add(
                    f"{base}.expiration_date", "date", DOCUMENT_EXPIRED, params={"after_or_at": today.isoformat()}
                )
                continue
            document["expiration_date"] = expires.isoformat()
        problems.check(
            f"{base}.expiration_date", lambda kind=kind, expires=expires: validate_document_expiration(kind, expires)
        )
        result.append(document)
    return result if len(problems.entries) == before else None


def _addresses(problems: Problems, value: object) -> list[dict[str, str]] | None:
    if not isinstance(value, list):
        problems.add("$.addresses", "cast", NOT_A_LIST)
        return None
    try:
        return validate_addresses(value)
    except InvalidValue as error:
        problems.add_domain(_subpath("$.addresses", error.field), error)
        return None


def _emergency_contact(problems: Problems, value: object) -> dict[str, Any] | None:
    base = "$.emergency_contact"
    if not isinstance(value, Mapping):
        problems.add(base, "cast", NOT_AN_OBJECT)
        return None
    before = len(problems.entries)
    _unknown_keys(problems, base, value, EMERGENCY_CONTACT_FIELDS)
    contact: dict[str, Any] = {}
    for name in ("first_name", "last_name", "second_name"):
        raw = value.get(name)
        if raw is None and name == "second_name":
            continue
        if raw is None:
            problems.add(f"{base}.{name}", "required", REQUIRED)
            continue
        contact[name] = problems.check(f"{base}.{name}", lambda raw=raw: validate_person_name(raw))
    contact["phones"] = _phones(problems, f"{base}.phones", value.get("phones"), required=True)
    return contact if len(problems.entries) == before else None


def _authentication_methods(problems: Problems, value: object) -> list[dict[str, str]] | None:
    if not isinstance(value, list):
        problems.add("$.authentication_methods", "cast", NOT_A_LIST)
        return None
    if not value:
        problems.add("$.authentication_methods", "length", NO_AUTHENTICATION, params={"min": 1})
        return None
    before = len(problems.entries)
    result: list[dict[str, str]] = []
    for index, item in enumerate(value):
        base = f"$.authentication_methods[{index}]"
        try:
            method = validate_authentication_method(item)
        except InvalidValue as error:
            problems.add_domain(base if error.field == "authentication_method" else f"{base}.{error.field}", error)
            continue
        # A person confirms their actions one way: by SMS code or in person, not both.
        if method["type"] in PRIMARY_AUTHENTICATION and any(m["type"] in PRIMARY_AUTHENTICATION for m in result):
            problems.add(f"{base}.type", "unique", DUPLICATE_AUTHENTICATION)
        result.append(method)
    return result if len(problems.entries) == before else None


def _keep_or_clear(problems: Problems, entry: str, current: object) -> None:
    """A null may stand for a field the person never had; an existing required value cannot be erased."""
    if current is not None:
        problems.add(entry, "required", REQUIRED)


def validated_changes(signed: object, current: Mapping[str, Any], today: date) -> dict[str, Any]:
    """The normalised values of the updatable fields in `signed`; 422 listing every problem otherwise.

    `current` is the person as `GET /api/pis/person` shows them. A field absent from `signed`
    stays as it is; `null` clears an optional one (email, phones, preferred way of communication).
    """
    if not isinstance(signed, Mapping):
        raise RegistryError.validation(
            "$.signed_request", "json", "Підписаний документ має містити дані особи (JSON-об’єкт)."
        )
    problems = Problems()
    _unknown_keys(problems, "$", signed, KNOWN_FIELDS)
    for name in REQUIRED_FIELDS:
        if name not in signed:
            problems.add(f"$.{name}", "required", REQUIRED)
    for name in IMMUTABLE_FIELDS:
        if name in signed and signed[name] != current.get(name):
            problems.add(f"$.{name}", "invalid", IMMUTABLE)

    changes: dict[str, Any] = {}
    if "email" in signed:
        email = signed["email"]
        changes["email"] = None if email in (None, "") else problems.check("$.email", lambda: validate_email(email))
    if "phones" in signed:
        changes["phones"] = _phones(problems, "$.phones", signed["phones"], required=False)
    if "documents" in signed:
        changes["documents"] = _documents(problems, signed["documents"], today)
    if "addresses" in signed:
        changes["addresses"] = _addresses(problems, signed["addresses"])
    if "emergency_contact" in signed:
        if signed["emergency_contact"] is None:
            _keep_or_clear(problems, "$.emergency_contact", current.get("emergency_contact"))
            changes["emergency_contact"] = None
        else:
            changes["emergency_contact"] = _emergency_contact(problems, signed["emergency_contact"])
    if "secret" in signed:
        if signed["secret"] is None:
            _keep_or_clear(problems, "$.secret", current.get("secret"))
            changes["secret"] = None
        else:
            changes["secret"] = problems.check("$.secret", lambda: validate_secret(signed["secret"]))
    if "authentication_methods" in signed:
        changes["authentication_methods"] = _authentication_methods(problems, signed["authentication_methods"])
    if "preferred_way_communication" in signed:
        way = signed["preferred_way_communication"]
        if way is not None and way not in COMMUNICATION_WAYS:
            problems.add(
                "$.preferred_way_communication", "inclusion", COMMUNICATION_WAY, params=list(COMMUNICATION_WAYS)
            )
        changes["preferred_way_communication"] = way

    problems.raise_if_any()
    _check_reachable(problems, {**current, **changes})
    problems.raise_if_any()
    return changes


def _check_reachable(problems: Problems, person: Mapping[str, Any]) -> None:
    """The preferred way of communication must lead somewhere."""
    way = person.get("preferred_way_communication")
    if way == "email" and not person.get("email"):
        problems.add("$.email", "required", EMAIL_NEEDED)
    if way == "phone" and not person.get("phones"):
        problems.add("$.phones", "required", PHONE_NEEDED)
