"""A patient's signed change of their own data, checked as eHealth checks it (DOMAIN §4).

The patient signs the whole person JSON (Blueprint "Update MPI", `PATCH /api/cabinet/persons/{id}`).
Names, birth data, gender, tax id and УНЗР are not changeable there; email, phones, addresses,
documents, emergency contact, secret, preferred way of communication and authentication methods are.

The registry validates what it is sent and stores it as sent: it does not reformat a phone typed
with spaces, it refuses it. Every problem is reported at once, each as an `invalid[]` entry of
eHealth's error shape: `{entry_type: "json_data_property", entry: "$.path", rules: [{rule,
description, params}]}` with the rule names of the Blueprint's "Validation Rules" table.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sandbox.registry.rules.numbers import PHONE_PATTERN, PHONE_TYPES, is_phone

# --- which fields ----------------------------------------------------------------------------------

# DOMAIN §4: "the tax ID and the names are not changeable there"; birth data, gender, УНЗР, the
# confidant persons and the verification are the registry's, not the patient's, to change.
FIXED_FIELDS: tuple[str, ...] = (
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
# DOMAIN §4: "Updatable by the patient".
CHANGEABLE_FIELDS: tuple[str, ...] = (
    "email",
    "phones",
    "addresses",
    "documents",
    "emergency_contact",
    "secret",
    "preferred_way_communication",
    "authentication_methods",
)
# The signed document is the whole person (Blueprint `Person`'s required fields, with the id).
REQUIRED_FIELDS: tuple[str, ...] = ("id", "first_name", "last_name", "birth_date", "gender", "documents", "addresses")
# The Blueprint's example update carries this consent; `patient_signed` comes with signed documents. Not stored.
IGNORED_FIELDS: tuple[str, ...] = ("process_disclosure_data_consent", "patient_signed")
KNOWN_FIELDS = frozenset((*FIXED_FIELDS, *CHANGEABLE_FIELDS, *IGNORED_FIELDS))
# Fields that may be null (cleared) or left absent.
CLEARABLE_FIELDS = frozenset({"email", "phones", "preferred_way_communication"})

# --- dictionaries (DOMAIN §4) ----------------------------------------------------------------------

DOCUMENT_TYPES: tuple[str, ...] = (
    "PASSPORT",
    "NATIONAL_ID",
    "BIRTH_CERTIFICATE",
    "TEMPORARY_CERTIFICATE",
    "PERMANENT_RESIDENCE_PERMIT",
    "REFUGEE_CERTIFICATE",
    "COMPLEMENTARY_PROTECTION_CERTIFICATE",
)
DOCUMENTS_WITH_EXPIRATION = frozenset({"NATIONAL_ID"})
ADDRESS_TYPES: tuple[str, ...] = ("RESIDENCE", "REGISTRATION")
REQUIRED_ADDRESS_TYPE = "RESIDENCE"
SETTLEMENT_TYPES: tuple[str, ...] = ("CITY", "TOWNSHIP", "VILLAGE", "SETTLEMENT")
# DOMAIN §4 lists OTP, OFFLINE and THIRD_PERSON; the Blueprint's `Authentication_Method` adds NA.
AUTHENTICATION_TYPES: tuple[str, ...] = ("OTP", "OFFLINE", "NA", "THIRD_PERSON")
# A person confirms actions one way: by an SMS code or in person, not both.
EXCLUSIVE_AUTHENTICATION = frozenset({"OTP", "OFFLINE"})
COMMUNICATION_WAYS: tuple[str, ...] = ("email", "phone")

DOCUMENT_FIELDS = frozenset({"type", "number", "issued_by", "issued_at", "expiration_date"})
ADDRESS_FIELDS = frozenset(
    {
        "type", "country", "area", "region", "settlement", "settlement_type", "settlement_id",
        "street_type", "street", "building", "apartment", "zip",
    }
)  # fmt: skip
PHONE_FIELDS = frozenset({"type", "number"})
EMERGENCY_CONTACT_FIELDS = frozenset({"first_name", "last_name", "second_name", "phones"})
AUTHENTICATION_FIELDS = frozenset({"type", "phone_number", "value", "alias"})

# --- formats ---------------------------------------------------------------------------------------

_UK_CAPITALS = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ"
_UK_LETTERS = _UK_CAPITALS + _UK_CAPITALS.lower()
_APOSTROPHES = "'\u2019\u02bc"
# DOMAIN §4: passport = two Cyrillic letters and six digits; ID card = nine digits; birth certificate
# like `І-БК 123456` (a Roman-numeral series, two letters, six digits).
DOCUMENT_NUMBER_PATTERNS: dict[str, str] = {
    "PASSPORT": rf"^[{_UK_CAPITALS}]{{2}}[0-9]{{6}}$",
    "NATIONAL_ID": r"^[0-9]{9}$",
    "BIRTH_CERTIFICATE": rf"^[IVXLCІХС]{{1,6}}-[{_UK_CAPITALS}]{{2}} ?[0-9]{{6}}$",
}
# (ours) the other documents: up to 25 letters, digits, №, spaces and hyphens.
OTHER_DOCUMENT_NUMBER_PATTERN = rf"^[0-9A-Z{_UK_CAPITALS}№][0-9A-Z{_UK_CAPITALS}№ -]{{0,24}}$"
# DOMAIN §4: Ukrainian names with their apostrophe spellings; hyphen and space between parts.
NAME_PATTERN = rf"^[{_UK_LETTERS}]+([{_APOSTROPHES} -][{_UK_LETTERS}]+)*$"
NAME_MAX_LENGTH = 100
EMAIL_PATTERN = r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
EMAIL_MAX_LENGTH = 254
# (ours) the code word: 6–20 letters or digits.
SECRET_PATTERN = rf"^[0-9A-Za-z{_UK_LETTERS}]{{6,20}}$"
BUILDING_PATTERN = rf"^[0-9][0-9A-Za-z{_UK_LETTERS}/ -]{{0,19}}$"
APARTMENT_PATTERN = rf"^[0-9A-Za-z{_UK_LETTERS}][0-9A-Za-z{_UK_LETTERS}/ -]{{0,19}}$"
ZIP_PATTERN = r"^[0-9]{5}$"
STREET_TYPE_PATTERN = r"^[A-Z][A-Z_]{1,29}$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TEXT_MAX_LENGTH = 255
ALIAS_MAX_LENGTH = 50

# --- the error shape -------------------------------------------------------------------------------

ENTRY_TYPE = "json_data_property"
# Descriptions in the words of eHealth's JSON-schema validator (developer messages, not for patients).
FIXED = "field can not be changed by the person"
UNKNOWN = "schema does not allow additional properties"
NOT_IN_ENUM = "value is not allowed in enum"
NOT_UNIQUE = "each type may be used only once"
ISSUED_IN_FUTURE = "document cannot be issued in the future"
DOCUMENT_EXPIRED = "document has expired"
RESIDENCE_MISSING = "addresses must contain one with type RESIDENCE"
TWO_WAYS_TO_CONFIRM = "only one of OTP and OFFLINE authentication methods is allowed"
NO_EMAIL_FOR_WAY = "preferred way of communication is email, but no email is given"
NO_PHONE_FOR_WAY = "preferred way of communication is phone, but no phone is given"


@dataclass(frozen=True, slots=True)
class Invalid:
    """One `invalid[]` entry: where, which rule, eHealth's developer description, the rule's params."""

    entry: str
    rule: str
    description: str
    params: Any = None

    def as_json(self) -> dict[str, Any]:
        return {
            "entry_type": ENTRY_TYPE,
            "entry": self.entry,
            "rules": [{"rule": self.rule, "description": self.description, "params": self.params or []}],
        }


def required(entry: str) -> Invalid:
    return Invalid(entry, "required", f"required property {entry.rsplit('.', 1)[-1]} was not present")


def cast(entry: str, expected: str, value: object) -> Invalid:
    actual = "null" if value is None else type(value).__name__
    return Invalid(entry, "cast", f"type mismatch. Expected {expected} but got {actual}", [expected])


def mismatch(entry: str, pattern: str) -> Invalid:
    return Invalid(entry, "format", f'string does not match pattern "{pattern}"', [pattern])


def not_in(entry: str, allowed: tuple[str, ...]) -> Invalid:
    return Invalid(entry, "inclusion", NOT_IN_ENUM, list(allowed))


def length(entry: str, minimum: int | None = None, maximum: int | None = None) -> Invalid:
    params = {k: v for k, v in {"min": minimum, "max": maximum}.items() if v is not None}
    limits = " and ".join(f"{'a minimum' if k == 'min' else 'a maximum'} length of {v}" for k, v in params.items())
    return Invalid(entry, "length", f"expected value to have {limits}", params)


# --- checks of single values -----------------------------------------------------------------------


def _matches(value: object, pattern: str) -> bool:
    return isinstance(value, str) and re.fullmatch(pattern, value) is not None


def check_string(entry: str, value: object, pattern: str, *, max_length: int = TEXT_MAX_LENGTH) -> Invalid | None:
    """A string of at most `max_length` characters matching `pattern`."""
    if not isinstance(value, str):
        return cast(entry, "string", value)
    if len(value) > max_length:
        return length(entry, maximum=max_length)
    return None if _matches(value, pattern) else mismatch(entry, pattern)


def check_text(entry: str, value: object, *, max_length: int = TEXT_MAX_LENGTH) -> Invalid | None:
    """Free text (an authority, a settlement): a non-blank string without control characters."""
    if not isinstance(value, str):
        return cast(entry, "string", value)
    if not value.strip():
        return length(entry, minimum=1)
    if len(value) > max_length:
        return length(entry, maximum=max_length)
    if any(ord(char) < 32 or 0x7F <= ord(char) < 0xA0 for char in value):
        return mismatch(entry, r"^[^\x00-\x1f\x7f-\x9f]+$")
    return None


def check_email(entry: str, value: object) -> Invalid | None:
    if not isinstance(value, str):
        return cast(entry, "string", value)
    if len(value) > EMAIL_MAX_LENGTH or not _matches(value, EMAIL_PATTERN):
        return Invalid(entry, "email", "expected value to be an email address", [EMAIL_PATTERN])
    return None


def check_phone_number(entry: str, value: object) -> Invalid | None:
    """DOMAIN §4: `+380XXXXXXXXX`."""
    if not isinstance(value, str):
        return cast(entry, "string", value)
    return None if is_phone(value) else mismatch(entry, PHONE_PATTERN)


def check_name(entry: str, value: object) -> Invalid | None:
    return check_string(entry, value, NAME_PATTERN, max_length=NAME_MAX_LENGTH)


def check_secret(entry: str, value: object) -> Invalid | None:
    return check_string(entry, value, SECRET_PATTERN)


def check_uuid(entry: str, value: object) -> Invalid | None:
    if not isinstance(value, str):
        return cast(entry, "string", value)
    try:
        uuid.UUID(value)
    except ValueError:
        return Invalid(entry, "format", "expected value to be a UUID", ["uuid"])
    return None


def parse_date(entry: str, value: object) -> date | Invalid:
    """An ISO date `YYYY-MM-DD`."""
    if isinstance(value, str) and _matches(value, DATE_PATTERN):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return Invalid(entry, "date", "expected a valid ISO 8601 date (YYYY-MM-DD)")


def document_number_pattern(document_type: str) -> str:
    return DOCUMENT_NUMBER_PATTERNS.get(document_type, OTHER_DOCUMENT_NUMBER_PATTERN)


# --- checks of structures --------------------------------------------------------------------------


def _unknown_keys(base: str, value: Mapping[str, Any], allowed: frozenset[str]) -> list[Invalid]:
    return [Invalid(f"{base}.{str(key)[:64]}", "schema", UNKNOWN) for key in value if key not in allowed]


def _object(entry: str, value: object) -> Invalid | None:
    return None if isinstance(value, Mapping) else cast(entry, "object", value)


def _list(entry: str, value: object, *, minimum: int = 0) -> Invalid | None:
    if not isinstance(value, list):
        return cast(entry, "array", value)
    return length(entry, minimum=minimum) if len(value) < minimum else None


def _each_type_once(base: str, items: list[Any], key: str = "type") -> list[Invalid]:
    seen: set[object] = set()
    problems: list[Invalid] = []
    for index, item in enumerate(items):
        kind = item.get(key) if isinstance(item, Mapping) else None
        if kind is None:
            continue
        if kind in seen:
            problems.append(Invalid(f"{base}[{index}].{key}", "unique", NOT_UNIQUE))
        seen.add(kind)
    return problems


def _present(*problems: Invalid | None) -> list[Invalid]:
    return [problem for problem in problems if problem is not None]


def check_phones(base: str, value: object, *, minimum: int = 0) -> list[Invalid]:
    """DOMAIN §4: phones `{type MOBILE|LAND_LINE, number}`, each type at most once."""
    if problem := _list(base, value, minimum=minimum):
        return [problem]
    assert isinstance(value, list)
    problems: list[Invalid] = []
    for index, phone in enumerate(value):
        entry = f"{base}[{index}]"
        if problem := _object(entry, phone):
            problems.append(problem)
            continue
        problems += _unknown_keys(entry, phone, PHONE_FIELDS)
        if phone.get("type") not in PHONE_TYPES:
            problems.append(not_in(f"{entry}.type", PHONE_TYPES))
        if "number" not in phone:
            problems.append(required(f"{entry}.number"))
        else:
            problems += _present(check_phone_number(f"{entry}.number", phone["number"]))
    return problems + _each_type_once(base, value)


def check_documents(value: object, today: date) -> list[Invalid]:
    """DOMAIN §4 "Documents": at least one; known types, each once; number by type; ID card with expiry."""
    base = "$.documents"
    if problem := _list(base, value, minimum=1):
        return [problem]
    assert isinstance(value, list)
    problems: list[Invalid] = []
    for index, document in enumerate(value):
        entry = f"{base}[{index}]"
        if problem := _object(entry, document):
            problems.append(problem)
            continue
        problems += _unknown_keys(entry, document, DOCUMENT_FIELDS)
        kind = document.get("type")
        if kind not in DOCUMENT_TYPES:
            problems.append(not_in(f"{entry}.type", DOCUMENT_TYPES))
        elif "number" not in document:
            problems.append(required(f"{entry}.number"))
        else:
            problems += _present(check_string(f"{entry}.number", document["number"], document_number_pattern(kind)))
        if document.get("issued_by") is not None:
            problems += _present(check_text(f"{entry}.issued_by", document["issued_by"]))
        if document.get("issued_at") is not None:
            issued = parse_date(f"{entry}.issued_at", document["issued_at"])
            if isinstance(issued, Invalid):
                problems.append(issued)
            elif issued > today:  # (ours)
                problems.append(Invalid(f"{entry}.issued_at", "date", ISSUED_IN_FUTURE, {"before_or_at": str(today)}))
        if document.get("expiration_date") is None:
            if kind in DOCUMENTS_WITH_EXPIRATION:
                problems.append(required(f"{entry}.expiration_date"))
        else:
            expires = parse_date(f"{entry}.expiration_date", document["expiration_date"])
            if isinstance(expires, Invalid):
                problems.append(expires)
            elif expires < today:  # (ours)
                problems.append(
                    Invalid(f"{entry}.expiration_date", "date", DOCUMENT_EXPIRED, {"after_or_at": str(today)})
                )
    return problems + _each_type_once(base, value)


def check_address(entry: str, address: object) -> list[Invalid]:
    """DOMAIN §4 "Addresses" and the Blueprint's example address."""
    if problem := _object(entry, address):
        return [problem]
    assert isinstance(address, Mapping)
    problems = _unknown_keys(entry, address, ADDRESS_FIELDS)
    if address.get("type") not in ADDRESS_TYPES:
        problems.append(not_in(f"{entry}.type", ADDRESS_TYPES))
    if address.get("country") != "UA":
        problems.append(not_in(f"{entry}.country", ("UA",)))
    if address.get("settlement_type") not in SETTLEMENT_TYPES:
        problems.append(not_in(f"{entry}.settlement_type", SETTLEMENT_TYPES))
    for name in ("area", "settlement"):
        if address.get(name) is None:
            problems.append(required(f"{entry}.{name}"))
        else:
            problems += _present(check_text(f"{entry}.{name}", address[name]))
    for name in ("region", "street"):
        if address.get(name) is not None:
            problems += _present(check_text(f"{entry}.{name}", address[name]))
    if address.get("building") is None:
        problems.append(required(f"{entry}.building"))
    else:
        problems += _present(check_string(f"{entry}.building", address["building"], BUILDING_PATTERN))
    optional_patterns = {"apartment": APARTMENT_PATTERN, "zip": ZIP_PATTERN, "street_type": STREET_TYPE_PATTERN}
    for name, pattern in optional_patterns.items():
        if address.get(name) is not None:
            problems += _present(check_string(f"{entry}.{name}", address[name], pattern))
    if address.get("settlement_id") is not None:
        problems += _present(check_uuid(f"{entry}.settlement_id", address["settlement_id"]))
    return problems


def check_addresses(value: object) -> list[Invalid]:
    """DOMAIN §4: RESIDENCE (required) and REGISTRATION, each at most once."""
    base = "$.addresses"
    if problem := _list(base, value):
        return [problem]
    assert isinstance(value, list)
    problems: list[Invalid] = []
    for index, address in enumerate(value):
        problems += check_address(f"{base}[{index}]", address)
    problems += _each_type_once(base, value)
    if not problems and not any(a.get("type") == REQUIRED_ADDRESS_TYPE for a in value):
        problems.append(Invalid(base, "length", RESIDENCE_MISSING, {"min": 1}))
    return problems


def check_emergency_contact(value: object) -> list[Invalid]:
    """Blueprint `Emergency_Contact`: first and last name required, second optional, phones required."""
    base = "$.emergency_contact"
    if problem := _object(base, value):
        return [problem]
    assert isinstance(value, Mapping)
    problems = _unknown_keys(base, value, EMERGENCY_CONTACT_FIELDS)
    for name in ("first_name", "last_name", "second_name"):
        if value.get(name) is None:
            if name != "second_name":
                problems.append(required(f"{base}.{name}"))
        else:
            problems += _present(check_name(f"{base}.{name}", value[name]))
    if value.get("phones") is None:
        problems.append(required(f"{base}.phones"))
    else:
        problems += check_phones(f"{base}.phones", value["phones"], minimum=1)
    return problems


def check_authentication_methods(value: object) -> list[Invalid]:
    """DOMAIN §4: OTP with a phone, OFFLINE, THIRD_PERSON (a person id and an alias); at least one."""
    base = "$.authentication_methods"
    if problem := _list(base, value, minimum=1):
        return [problem]
    assert isinstance(value, list)
    problems: list[Invalid] = []
    exclusive_seen = False
    for index, method in enumerate(value):
        entry = f"{base}[{index}]"
        if problem := _object(entry, method):
            problems.append(problem)
            continue
        problems += _unknown_keys(entry, method, AUTHENTICATION_FIELDS)
        kind = method.get("type")
        if kind not in AUTHENTICATION_TYPES:
            problems.append(not_in(f"{entry}.type", AUTHENTICATION_TYPES))
            continue
        if kind in EXCLUSIVE_AUTHENTICATION:
            if exclusive_seen:
                problems.append(Invalid(f"{entry}.type", "unique", TWO_WAYS_TO_CONFIRM))
            exclusive_seen = True
        if method.get("phone_number") is not None:
            problems += _present(check_phone_number(f"{entry}.phone_number", method["phone_number"]))
        elif kind == "OTP":
            problems.append(required(f"{entry}.phone_number"))
        if kind == "THIRD_PERSON":
            if method.get("value") is None:
                problems.append(required(f"{entry}.value"))
            else:
                problems += _present(check_uuid(f"{entry}.value", method["value"]))
            if method.get("alias") is None:
                problems.append(required(f"{entry}.alias"))
            else:
                problems += _present(check_text(f"{entry}.alias", method["alias"], max_length=ALIAS_MAX_LENGTH))
    return problems


# --- the whole update ------------------------------------------------------------------------------


@dataclass(slots=True)
class PersonUpdate:
    """The outcome of checking a signed person: the changeable fields it sets, or what is wrong."""

    changes: dict[str, Any] = field(default_factory=dict)
    problems: list[Invalid] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_person_update(signed: Mapping[str, Any], current: Mapping[str, Any], today: date) -> PersonUpdate:
    """Check a signed person document against the person as `GET /api/pis/person` shows them.

    The fixed fields must come back exactly as the registry holds them. A changeable field absent
    from the document stays as it is; `null` clears email, phones or the preferred way (and may stand
    for a secret or emergency contact the person never had). The preferred way of communication must
    lead somewhere once the change is applied.
    """
    outcome = PersonUpdate()
    problems = outcome.problems
    problems += _unknown_keys("$", signed, KNOWN_FIELDS)
    problems += [required(f"$.{name}") for name in REQUIRED_FIELDS if name not in signed]
    problems += [
        Invalid(f"$.{name}", "invalid", FIXED)
        for name in FIXED_FIELDS
        if name in signed and signed[name] != current.get(name)
    ]
    checks = {
        "email": lambda v: _present(check_email("$.email", v)),
        "phones": lambda v: check_phones("$.phones", v),
        "documents": lambda v: check_documents(v, today),
        "addresses": check_addresses,
        "emergency_contact": check_emergency_contact,
        "secret": lambda v: _present(check_secret("$.secret", v)),
        "authentication_methods": check_authentication_methods,
        "preferred_way_communication": lambda v: [] if v in COMMUNICATION_WAYS else [
            not_in("$.preferred_way_communication", COMMUNICATION_WAYS)
        ],
    }  # fmt: skip
    for name in CHANGEABLE_FIELDS:
        if name not in signed:
            continue
        value = signed[name]
        if value is None or (name == "email" and value == ""):
            if name not in CLEARABLE_FIELDS and current.get(name) is not None:
                problems.append(required(f"$.{name}"))
            outcome.changes[name] = None
            continue
        found = checks[name](value)
        problems += found
        if not found:
            outcome.changes[name] = value
    if not problems:
        problems += check_reachable({**current, **outcome.changes})
    if problems:
        outcome.changes = {}
    return outcome


def check_reachable(person: Mapping[str, Any]) -> list[Invalid]:
    """The preferred way of communication must lead somewhere: an email, or a phone."""
    way = person.get("preferred_way_communication")
    if way == "email" and not person.get("email"):
        return [Invalid("$.email", "required", NO_EMAIL_FOR_WAY)]
    if way == "phone" and not person.get("phones"):
        return [Invalid("$.phones", "required", NO_PHONE_FOR_WAY)]
    return []
