"""Validators for what a patient types or a client sends.

Each returns the normalised value or raises `InvalidValue`. They accept any `str` (arbitrary
unicode, control characters, huge strings) and never raise anything else for it.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Literal

from backend.domain.errors import InvalidValue
from backend.domain.text import NAME_APOSTROPHE, unify_apostrophes

# Input longer than this is rejected before any parsing, so no validator does work
# proportional to an absurd payload.
_MAX_RAW_LENGTH = 1000

Gender = Literal["MALE", "FEMALE"]


def _prepare(value: object, code: str, field: str | None = None, *, apostrophes: str | None = None) -> str:
    """NFKC-normalise and strip a raw value, rejecting non-strings and absurd lengths.

    With `apostrophes`, every apostrophe form becomes that one first: NFKC would otherwise
    turn "´" into a space and a combining accent.
    """
    if not isinstance(value, str) or len(value) > _MAX_RAW_LENGTH:
        raise InvalidValue(code, field)
    if apostrophes is None:
        return unicodedata.normalize("NFKC", value).strip()
    value = unicodedata.normalize("NFKC", unify_apostrophes(value, apostrophes))
    return unify_apostrophes(value, apostrophes).strip()


# NFKC turns a no-break space into a plain one, so only spaces and tabs need removing.
def _without_separators(value: str, separators: str = " -()./\t") -> str:
    return value.translate(str.maketrans("", "", separators))


_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_DASHES_TO_HYPHEN = str.maketrans(dict.fromkeys(_DASHES, "-"))


# --- РНОКПП (tax ID) ----------------------------------------------------------------------------

_TAX_ID_RE = re.compile(r"[0-9]{10}")
_TAX_ID_WEIGHTS = (-1, 5, 7, 9, 4, 6, 10, 5, 7)
_TAX_ID_EPOCH = date(1899, 12, 31)


def tax_id_check_digit(first_nine: str) -> int:
    """The control digit of an РНОКПП from its first nine digits."""
    total = sum(weight * int(digit) for weight, digit in zip(_TAX_ID_WEIGHTS, first_nine, strict=True))
    return total % 11 % 10


def _tax_id_digits(value: str) -> str:
    """Ten digits, spaces between them allowed; the control digit is not checked here."""
    digits = _without_separators(_prepare(value, "tax_id.format", "tax_id"), " \t")
    if not _TAX_ID_RE.fullmatch(digits):
        raise InvalidValue("tax_id.format", "tax_id")
    return digits


def validate_tax_id(value: str) -> str:
    """An РНОКПП: exactly ten digits (spaces allowed between them) with a correct control digit."""
    digits = _tax_id_digits(value)
    if tax_id_check_digit(digits[:9]) != int(digits[9]):
        raise InvalidValue("tax_id.checksum", "tax_id")
    return digits


def tax_id_birth_date(tax_id: str) -> date:
    """The birth date an РНОКПП encodes: its first five digits count days since 1899-12-31."""
    return _TAX_ID_EPOCH + timedelta(days=int(_tax_id_digits(tax_id)[:5]))


def tax_id_gender(tax_id: str) -> Gender:
    """The gender an РНОКПП encodes: an odd ninth digit is male, an even one female."""
    return "MALE" if int(_tax_id_digits(tax_id)[8]) % 2 else "FEMALE"


MAX_TAX_ID_SERIAL = 4999


def make_tax_id(birth_date: date, serial: int, gender: str) -> str:
    """Build a valid РНОКПП for a birth date, a serial number and a gender (for seeding).

    Digits 6–9 hold the serial and the gender: digits 6–8 are `serial // 5`, the ninth is
    `2 * (serial % 5)` plus 1 for a man, so serials 0..4999 cover every possible number of a
    given birth date and gender exactly once. Programming errors raise plain `ValueError`.
    """
    days = (birth_date - _TAX_ID_EPOCH).days
    if not 1 <= days <= 99999:
        raise ValueError("birth_date must be between 1900-01-01 and 2173-10-14")
    if not 0 <= serial <= MAX_TAX_ID_SERIAL:
        raise ValueError(f"serial must be between 0 and {MAX_TAX_ID_SERIAL}")
    if gender not in ("MALE", "FEMALE"):
        raise ValueError("gender must be MALE or FEMALE")
    ninth = 2 * (serial % 5) + (1 if gender == "MALE" else 0)
    first_nine = f"{days:05d}{serial // 5:03d}{ninth}"
    return first_nine + str(tax_id_check_digit(first_nine))


# --- УНЗР ---------------------------------------------------------------------------------------

_UNZR_RE = re.compile(r"([0-9]{8})-?([0-9]{5})")


def validate_unzr(value: str, birth_date: date | None = None) -> str:
    """A УНЗР `YYYYMMDD-NNNNN`: a real date (equal to `birth_date` when given), dash, five digits."""
    raw = _without_separators(_prepare(value, "unzr.format", "unzr"), " \t").translate(_DASHES_TO_HYPHEN)
    match = _UNZR_RE.fullmatch(raw)
    if not match:
        raise InvalidValue("unzr.format", "unzr")
    date_part, number = match.groups()
    try:
        encoded = date(int(date_part[:4]), int(date_part[4:6]), int(date_part[6:]))
    except ValueError:
        raise InvalidValue("unzr.format", "unzr") from None
    if birth_date is not None and encoded != birth_date:
        raise InvalidValue("unzr.birth_date_mismatch", "unzr")
    return f"{date_part}-{number}"


# --- Phones and email ---------------------------------------------------------------------------

_PHONE_DIGITS_RE = re.compile(r"\+?[0-9]+")
_UA_NATIONAL_RE = re.compile(r"[1-9][0-9]{8}")


def validate_phone(value: str) -> str:
    """A Ukrainian phone number, returned as `+380XXXXXXXXX`.

    Accepts the usual spellings: "+380 67 123 45 67", "067-123-45-67", "(067) 123 45 67",
    "380671234567", "0671234567", and the old trunk prefix "8 067 123 45 67".
    The two-digit operator or area code must not start with 0.
    """
    compact = _without_separators(_prepare(value, "phone.format", "phone"))
    if not _PHONE_DIGITS_RE.fullmatch(compact):
        raise InvalidValue("phone.format", "phone")
    digits = compact.lstrip("+")
    if compact.startswith("+") and not digits.startswith("380"):
        raise InvalidValue("phone.format", "phone")
    if len(digits) == 12 and digits.startswith("380"):
        national = digits[3:]
    elif len(digits) == 10 and digits.startswith("0"):
        national = digits[1:]
    elif len(digits) == 11 and digits.startswith("80") and not compact.startswith("+"):
        national = digits[2:]
    else:
        raise InvalidValue("phone.format", "phone")
    if not _UA_NATIONAL_RE.fullmatch(national):
        raise InvalidValue("phone.format", "phone")
    return "+380" + national


_EMAIL_LOCAL_RE = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_EMAIL_MAX_LENGTH = 254


def _is_domain_label(label: str) -> bool:
    return (
        0 < len(label) <= 63
        and not label.startswith("-")
        and not label.endswith("-")
        # ASCII letters and digits, or any letter (internationalised domains such as "укр").
        and all(char == "-" or (char.isascii() and char.isalnum()) or char.isalpha() for char in label)
    )


def validate_email(value: str) -> str:
    """An email address: one "@", a plain local part, a dotted domain (lower-cased), ≤ 254 chars."""
    raw = _prepare(value, "email.format", "email")
    if len(raw) > _EMAIL_MAX_LENGTH or raw.count("@") != 1:
        raise InvalidValue("email.format", "email")
    local, domain = raw.split("@")
    domain = domain.lower()
    labels = domain.split(".")
    if (
        not 0 < len(local) <= 64
        or not _EMAIL_LOCAL_RE.fullmatch(local)
        or len(labels) < 2
        or not all(_is_domain_label(label) for label in labels)
        or len(labels[-1]) < 2
        or labels[-1].isdigit()
    ):
        raise InvalidValue("email.format", "email")
    return f"{local}@{domain}"


# --- Documents ----------------------------------------------------------------------------------

DOCUMENT_TYPES: tuple[str, ...] = (
    "PASSPORT",
    "NATIONAL_ID",
    "BIRTH_CERTIFICATE",
    "TEMPORARY_CERTIFICATE",
    "PERMANENT_RESIDENCE_PERMIT",
    "REFUGEE_CERTIFICATE",
    "COMPLEMENTARY_PROTECTION_CERTIFICATE",
)

UKRAINIAN_CAPITALS = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ"
# Latin letters that look like Cyrillic ones: people type a series on a Latin keyboard.
_LATIN_LOOKALIKES = str.maketrans("ABCEHIKMOPTXY", "АВСЕНІКМОРТХУ")
_PASSPORT_RE = re.compile(f"[{UKRAINIAN_CAPITALS}]{{2}}[0-9]{{6}}")
_NATIONAL_ID_RE = re.compile(r"[0-9]{9}")
# NFKC has already turned "№" into "No".
_BIRTH_CERTIFICATE_RE = re.compile(rf"([IVXLCІХС]+)\s*-\s*([A-Z{UKRAINIAN_CAPITALS}]{{2}})\s*(?:NO\.?\s*)?([0-9]{{6}})")
_ROMAN_RE = re.compile(r"C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_OTHER_DOCUMENT_MAX_LENGTH = 20


def _document_number_text(number: str, code: str) -> str:
    raw = _prepare(number, code, "number").upper()
    raw = raw.translate(_DASHES_TO_HYPHEN)
    return " ".join(raw.split())


def _validate_passport(number: str) -> str:
    compact = _without_separators(_document_number_text(number, "document.passport_format"), " -")
    compact = compact.translate(_LATIN_LOOKALIKES)
    if not _PASSPORT_RE.fullmatch(compact):
        raise InvalidValue("document.passport_format", "number")
    return compact


def _validate_national_id(number: str) -> str:
    compact = _without_separators(_document_number_text(number, "document.national_id_format"), " -")
    if not _NATIONAL_ID_RE.fullmatch(compact):
        raise InvalidValue("document.national_id_format", "number")
    return compact


def _validate_birth_certificate(number: str) -> str:
    """`І-БК 123456`: a Roman-numeral series, dash, two Cyrillic letters, space, six digits.

    The numeral I is written as the Ukrainian letter І, as on the certificates; V, X, L, C
    have no Ukrainian counterpart and stay Latin, so one certificate has one spelling.
    """
    text = _document_number_text(number, "document.birth_certificate_format")
    match = _BIRTH_CERTIFICATE_RE.fullmatch(text)
    if not match:
        raise InvalidValue("document.birth_certificate_format", "number")
    series, letters, digits = match.groups()
    roman = series.translate(str.maketrans("ІХС", "IXC"))
    letters = letters.translate(_LATIN_LOOKALIKES)
    if not _ROMAN_RE.fullmatch(roman) or any(letter not in UKRAINIAN_CAPITALS for letter in letters):
        raise InvalidValue("document.birth_certificate_format", "number")
    return f"{roman.replace('I', 'І')}-{letters} {digits}"


def _validate_other_document(number: str) -> str:
    text = _document_number_text(number, "document.number_format")
    if not 1 <= len(text) <= _OTHER_DOCUMENT_MAX_LENGTH or not all(
        char.isalpha() or char in "0123456789- " for char in text
    ):
        raise InvalidValue("document.number_format", "number")
    return text


def validate_document(doc_type: str, number: str) -> str:
    """A document number of the given eHealth document type, normalised (upper case, spacing)."""
    kind = doc_type.strip().upper() if isinstance(doc_type, str) else ""
    if kind == "PASSPORT":
        return _validate_passport(number)
    if kind == "NATIONAL_ID":
        return _validate_national_id(number)
    if kind == "BIRTH_CERTIFICATE":
        return _validate_birth_certificate(number)
    if kind in DOCUMENT_TYPES:
        return _validate_other_document(number)
    raise InvalidValue("document.type", "type")


# eHealth requires an expiration date for these (an ID card is valid for ten years).
DOCUMENT_TYPES_WITH_EXPIRATION: frozenset[str] = frozenset({"NATIONAL_ID"})


def validate_document_expiration(doc_type: str, expiration_date: date | None) -> date | None:
    """The expiration date of a document: required for an ID card, optional for the others."""
    kind = doc_type.strip().upper() if isinstance(doc_type, str) else ""
    if expiration_date is None and kind in DOCUMENT_TYPES_WITH_EXPIRATION:
        raise InvalidValue("document.expiration_date_required", "expiration_date")
    if expiration_date is not None and not isinstance(expiration_date, date):
        raise InvalidValue("document.expiration_date_format", "expiration_date")
    return expiration_date


# --- Names, code word, free text ----------------------------------------------------------------

NAME_MAX_LENGTH = 50
_NAME_SEPARATORS = " -"


def _is_name_letter(char: str) -> bool:
    if not char.isalpha():
        return False
    name = unicodedata.name(char, "")
    return name.startswith(("CYRILLIC", "LATIN"))


def _capitalise_part(part: str) -> str:
    """ "петренко"/"ПЕТРЕНКО" → "Петренко"; a deliberate mix like "McDonald" is kept.

    Title case for the first letter, not upper: "ß" → "Ss" stays stable when validated again.
    """
    rest = part[1:]
    if rest.islower() or rest.isupper():
        rest = rest.lower()
    return part[:1].title() + rest


def validate_person_name(value: str) -> str:
    """A first, last or middle name: letters, apostrophe, hyphen, space; each part capitalised.

    Cyrillic (with ґ, є, і, ї) and Latin letters (foreigners' names) are accepted; every
    apostrophe form becomes ’. Parts are split at spaces and hyphens only, so "мар'яна"
    becomes "Мар’яна", not "Мар’Яна".
    """
    text = _prepare(value, "name.format", "name", apostrophes=NAME_APOSTROPHE)
    # Spaces collapse; other whitespace (a pasted line break, a tab) is not part of a name.
    text = re.sub(" *- *", "-", re.sub(" +", " ", text))
    if not 1 <= len(text) <= NAME_MAX_LENGTH:
        raise InvalidValue("name.format", "name", {"max_len": NAME_MAX_LENGTH})
    if not (_is_name_letter(text[0]) and _is_name_letter(text[-1])):
        raise InvalidValue("name.format", "name", {"max_len": NAME_MAX_LENGTH})
    previous = ""
    for char in text:
        is_separator = char in _NAME_SEPARATORS or char == NAME_APOSTROPHE
        if not (is_separator or _is_name_letter(char)) or (is_separator and previous == "separator"):
            raise InvalidValue("name.format", "name", {"max_len": NAME_MAX_LENGTH})
        previous = "separator" if is_separator else "letter"
    words = ["-".join(_capitalise_part(part) for part in word.split("-")) for word in text.split(" ")]
    result = " ".join(words)
    # Case mapping can change the length ("ß" → "SS"); the limit applies to what we store.
    if len(result) > NAME_MAX_LENGTH:
        raise InvalidValue("name.format", "name", {"max_len": NAME_MAX_LENGTH})
    return result


SECRET_MIN_LENGTH = 6
SECRET_MAX_LENGTH = 20


def validate_secret(value: str) -> str:
    """The code word: 6–20 letters (Cyrillic or Latin) or digits, no spaces. Case is kept."""
    text = _prepare(value, "secret.format", "secret")
    params: dict[str, object] = {"min_len": SECRET_MIN_LENGTH, "max_len": SECRET_MAX_LENGTH}
    if not SECRET_MIN_LENGTH <= len(text) <= SECRET_MAX_LENGTH:
        raise InvalidValue("secret.format", "secret", params)
    if not all(_is_name_letter(char) or char in "0123456789" for char in text):
        raise InvalidValue("secret.format", "secret", params)
    return text


# Bidirectional overrides and isolates can make text display differently from what it holds.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def validate_free_text(value: str, max_len: int, field: str) -> str:
    """Free text (a reason, a note): control characters removed except newlines, stripped."""
    if not isinstance(value, str):
        raise InvalidValue("text.empty", field)
    # Checked before cleaning so a gigantic payload is not walked character by character.
    if len(value) > max(max_len * 4, _MAX_RAW_LENGTH):
        raise InvalidValue("text.too_long", field, {"max_len": max_len})
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(
        char for char in text if char == "\n" or (unicodedata.category(char) != "Cc" and char not in _BIDI_CONTROLS)
    ).strip()
    if not text:
        raise InvalidValue("text.empty", field)
    if len(text) > max_len:
        raise InvalidValue("text.too_long", field, {"max_len": max_len})
    return text


SETTLEMENT_QUERY_MIN = 2
SETTLEMENT_QUERY_MAX = 60


def validate_settlement_query(value: str) -> str:
    """What a patient types to find a settlement: 2–60 letters, spaces, hyphens, apostrophes, dots."""
    text = " ".join(_prepare(value, "settlement.format", "settlement", apostrophes=NAME_APOSTROPHE).split())
    params: dict[str, object] = {"min_len": SETTLEMENT_QUERY_MIN, "max_len": SETTLEMENT_QUERY_MAX}
    if not SETTLEMENT_QUERY_MIN <= len(text) <= SETTLEMENT_QUERY_MAX:
        raise InvalidValue("settlement.format", "settlement", params)
    if not all(char.isalpha() or char in " -." or char == NAME_APOSTROPHE for char in text):
        raise InvalidValue("settlement.format", "settlement", params)
    if not any(char.isalpha() for char in text):
        raise InvalidValue("settlement.format", "settlement", params)
    return text


# --- Addresses and phone lists ------------------------------------------------------------------

ADDRESS_TYPES: tuple[str, ...] = ("RESIDENCE", "REGISTRATION")
SETTLEMENT_TYPES: tuple[str, ...] = ("CITY", "TOWNSHIP", "VILLAGE", "SETTLEMENT")
PHONE_TYPES: tuple[str, ...] = ("MOBILE", "LAND_LINE")
_ADDRESS_FIELDS = frozenset(
    {
        "type", "country", "area", "region", "settlement", "settlement_type", "settlement_id",
        "street_type", "street", "building", "apartment", "zip",
    }
)  # fmt: skip
_ADDRESS_NAME_MAX = 100
_STREET_MAX = 150
_STREET_TYPE_RE = re.compile(r"[A-Z][A-Z_]{1,29}")
_BUILDING_RE = re.compile(r"[0-9][0-9A-Za-zА-ЯҐЄІЇа-яґєії/ -]{0,19}")
_APARTMENT_RE = re.compile(r"[0-9A-Za-zА-ЯҐЄІЇа-яґєії][0-9A-Za-zА-ЯҐЄІЇа-яґєії/ -]{0,19}")
_ZIP_RE = re.compile(r"[0-9]{5}")


def _address_text(address: Mapping[str, object], key: str, max_len: int, *, required: bool) -> str | None:
    raw = address.get(key)
    if raw is not None and (not isinstance(raw, str) or len(raw) > _MAX_RAW_LENGTH):
        raise InvalidValue(f"address.{key}_format", key, {"max_len": max_len})
    text = " ".join(_prepare(raw, f"address.{key}_format", key, apostrophes=NAME_APOSTROPHE).split()) if raw else ""
    if not text:
        if required:
            raise InvalidValue(f"address.{key}_required", key)
        return None
    if (
        len(text) > max_len
        or not any(char.isalnum() for char in text)
        or any(unicodedata.category(char)[0] == "C" for char in text)
    ):
        raise InvalidValue(f"address.{key}_format", key, {"max_len": max_len})
    return text


def _address_code(address: Mapping[str, object], key: str, allowed: tuple[str, ...], *, required: bool) -> str | None:
    raw = address.get(key)
    if raw is None and not required:
        return None
    if not isinstance(raw, str) or raw.strip().upper() not in allowed:
        raise InvalidValue(f"address.{key}", key, {"allowed": list(allowed)})
    return raw.strip().upper()


def _address_pattern(address: Mapping[str, object], key: str, pattern: re.Pattern[str]) -> str | None:
    raw = address.get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if not isinstance(raw, str) or len(raw) > _MAX_RAW_LENGTH:
        raise InvalidValue(f"address.{key}_format", key)
    text = " ".join(unicodedata.normalize("NFKC", raw).split())
    if not pattern.fullmatch(text):
        raise InvalidValue(f"address.{key}_format", key)
    return text


def _parse_uuid(raw: object) -> str | None:
    """The canonical form of a UUID string, or None when it is not one."""
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    try:
        return str(uuid.UUID(raw.strip()))
    except ValueError:
        return None


def _address_uuid(address: Mapping[str, object], key: str) -> str | None:
    raw = address.get(key)
    if raw is None:
        return None
    parsed = _parse_uuid(raw)
    if parsed is None:
        raise InvalidValue(f"address.{key}_format", key)
    return parsed


def validate_address(address: Mapping[str, object]) -> dict[str, str]:
    """An eHealth address object, normalised; optional fields that are empty are dropped.

    Required: type (RESIDENCE|REGISTRATION), country "UA", area, settlement, settlement_type
    (CITY|TOWNSHIP|VILLAGE|SETTLEMENT), building. Optional: region, settlement_id (UUID),
    street_type (an eHealth STREET_TYPE code such as STREET), street, apartment, zip (5 digits).
    Unknown keys are refused, so a typo never silently drops data.
    """
    if not isinstance(address, Mapping):
        raise InvalidValue("address.format", "address")
    for key in address:
        if key not in _ADDRESS_FIELDS:
            raise InvalidValue("address.unknown_field", str(key)[:64])
    country = address.get("country")
    if not isinstance(country, str) or country.strip().upper() != "UA":
        raise InvalidValue("address.country", "country")
    building = _address_pattern(address, "building", _BUILDING_RE)
    if building is None:
        raise InvalidValue("address.building_required", "building")
    street_type = _address_pattern(address, "street_type", _STREET_TYPE_RE)
    apartment = _address_pattern(address, "apartment", _APARTMENT_RE)
    normalised: dict[str, str | None] = {
        "type": _address_code(address, "type", ADDRESS_TYPES, required=True),
        "country": "UA",
        "area": _address_text(address, "area", _ADDRESS_NAME_MAX, required=True),
        "region": _address_text(address, "region", _ADDRESS_NAME_MAX, required=False),
        "settlement": _address_text(address, "settlement", _ADDRESS_NAME_MAX, required=True),
        "settlement_type": _address_code(address, "settlement_type", SETTLEMENT_TYPES, required=True),
        "settlement_id": _address_uuid(address, "settlement_id"),
        "street_type": street_type,
        "street": _address_text(address, "street", _STREET_MAX, required=False),
        "building": building.upper(),
        "apartment": apartment.upper() if apartment else None,
        "zip": _address_pattern(address, "zip", _ZIP_RE),
    }
    return {key: value for key, value in normalised.items() if value is not None}


def validate_phones(phones: Sequence[Mapping[str, object]]) -> list[dict[str, str]]:
    """A person's phones: items {type MOBILE|LAND_LINE, number}; each type at most once."""
    if not isinstance(phones, list | tuple):
        raise InvalidValue("phones.format", "phones")
    seen: set[str] = set()
    result: list[dict[str, str]] = []
    for index, item in enumerate(phones):
        if not isinstance(item, Mapping):
            raise InvalidValue("phones.format", f"phones[{index}]")
        kind = item.get("type")
        if not isinstance(kind, str) or kind.strip().upper() not in PHONE_TYPES:
            raise InvalidValue("phones.type", f"phones[{index}].type", {"allowed": list(PHONE_TYPES)})
        kind = kind.strip().upper()
        if kind in seen:
            raise InvalidValue("phones.duplicate_type", f"phones[{index}].type")
        seen.add(kind)
        number = item.get("number")
        if not isinstance(number, str):
            raise InvalidValue("phone.format", f"phones[{index}].number")
        try:
            normalised = validate_phone(number)
        except InvalidValue as error:
            raise InvalidValue(error.code, f"phones[{index}].number", error.params) from None
        result.append({"type": kind, "number": normalised})
    return result


def validate_addresses(addresses: Sequence[Mapping[str, object]]) -> list[dict[str, str]]:
    """A person's addresses: each valid, each type at most once, a RESIDENCE address present."""
    if not isinstance(addresses, list | tuple):
        raise InvalidValue("addresses.format", "addresses")
    result: list[dict[str, str]] = []
    for index, item in enumerate(addresses):
        try:
            address = validate_address(item)
        except InvalidValue as error:
            inner = "" if error.field in (None, "address") else f".{error.field}"
            raise InvalidValue(error.code, f"addresses[{index}]{inner}", error.params) from None
        if any(known["type"] == address["type"] for known in result):
            raise InvalidValue("addresses.duplicate_type", f"addresses[{index}].type")
        result.append(address)
    if not any(address["type"] == "RESIDENCE" for address in result):
        raise InvalidValue("address.residence_required", "addresses")
    return result


AUTHENTICATION_METHOD_TYPES: tuple[str, ...] = ("OTP", "OFFLINE", "NA", "THIRD_PERSON")
_AUTHENTICATION_METHOD_FIELDS = frozenset({"type", "phone_number", "value", "alias"})
_ALIAS_MAX_LENGTH = 50


def validate_authentication_method(method: Mapping[str, object]) -> dict[str, str]:
    """How the registry confirms the person's actions: OTP needs a phone, THIRD_PERSON a person id and alias."""
    if not isinstance(method, Mapping):
        raise InvalidValue("auth_method.format", "authentication_method")
    for key in method:
        if key not in _AUTHENTICATION_METHOD_FIELDS:
            raise InvalidValue("auth_method.unknown_field", str(key)[:64])
    kind = method.get("type")
    if not isinstance(kind, str) or kind.strip().upper() not in AUTHENTICATION_METHOD_TYPES:
        raise InvalidValue("auth_method.type", "type", {"allowed": list(AUTHENTICATION_METHOD_TYPES)})
    result = {"type": kind.strip().upper()}
    phone_number = method.get("phone_number")
    if phone_number is not None and phone_number != "":
        if not isinstance(phone_number, str):
            raise InvalidValue("phone.format", "phone_number")
        try:
            result["phone_number"] = validate_phone(phone_number)
        except InvalidValue as error:
            raise InvalidValue(error.code, "phone_number", error.params) from None
    elif result["type"] == "OTP":
        raise InvalidValue("otp.phone_required", "phone_number")
    if result["type"] == "THIRD_PERSON":
        # The registry's id of the person who confirms the patient's actions.
        third_person = _parse_uuid(method.get("value"))
        if third_person is None:
            raise InvalidValue("auth_method.third_person_required", "value")
        result["value"] = third_person
    alias = method.get("alias")
    if alias is not None and alias != "":
        if not isinstance(alias, str):
            raise InvalidValue("auth_method.alias_format", "alias", {"max_len": _ALIAS_MAX_LENGTH})
        try:
            result["alias"] = " ".join(validate_free_text(alias, _ALIAS_MAX_LENGTH, "alias").split())
        except InvalidValue:
            raise InvalidValue("auth_method.alias_format", "alias", {"max_len": _ALIAS_MAX_LENGTH}) from None
    elif result["type"] == "THIRD_PERSON":
        raise InvalidValue("auth_method.alias_required", "alias")
    return result
