"""Number formats of the registry (DOMAIN §3 "Declaration number", §4 "РНОКПП", "УНЗР", "Phones").

Checks take the value as the registry stores it: no spaces, no other spellings. Normalising what a
person typed is the cabinet's business, not the registry's.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

# --- РНОКПП --------------------------------------------------------------------------------------

TAX_ID_PATTERN = r"^[0-9]{10}$"
_TAX_ID = re.compile(TAX_ID_PATTERN)
_TAX_ID_DAY_ZERO = date(1899, 12, 31)
# DOMAIN §4: check digit = ((−d1 + 5d2 + 7d3 + 9d4 + 4d5 + 6d6 + 10d7 + 5d8 + 7d9) mod 11) mod 10.
_TAX_ID_FACTORS = (-1, 5, 7, 9, 4, 6, 10, 5, 7)


def tax_id_check_digit(first_nine: str) -> int:
    return sum(f * int(d) for f, d in zip(_TAX_ID_FACTORS, first_nine, strict=True)) % 11 % 10


def is_tax_id(value: object) -> bool:
    """Ten digits whose tenth is the check digit of the first nine."""
    return isinstance(value, str) and bool(_TAX_ID.match(value)) and tax_id_check_digit(value[:9]) == int(value[9])


def tax_id_birth_date(tax_id: str) -> date:
    """DOMAIN §4: digits 1–5 count the days since 1899-12-31."""
    return _TAX_ID_DAY_ZERO + timedelta(days=int(tax_id[:5]))


def tax_id_gender(tax_id: str) -> str:
    """DOMAIN §4: an odd ninth digit is a man's, an even one a woman's."""
    return "MALE" if int(tax_id[8]) % 2 else "FEMALE"


def new_tax_id(birth_date: date, serial: int, gender: str) -> str:
    """A valid РНОКПП for seeding: the birth date's day count, `serial` (0–4999) and the gender's parity."""
    days = (birth_date - _TAX_ID_DAY_ZERO).days
    if not 0 < days < 100_000 or not 0 <= serial < 5000 or gender not in ("MALE", "FEMALE"):
        raise ValueError("no РНОКПП for these values")
    middle, parity_slot = divmod(serial, 5)
    ninth = 2 * parity_slot + (gender == "MALE")
    first_nine = f"{days:05d}{middle:03d}{ninth}"
    return f"{first_nine}{tax_id_check_digit(first_nine)}"


# --- УНЗР ----------------------------------------------------------------------------------------

UNZR_PATTERN = r"^[0-9]{8}-[0-9]{5}$"
_UNZR = re.compile(UNZR_PATTERN)


def is_unzr(value: object, birth_date: date | None = None) -> bool:
    """DOMAIN §4: `YYYYMMDD-NNNNN`, the eight digits a real date (the birth date, when given)."""
    if not isinstance(value, str) or not _UNZR.match(value):
        return False
    try:
        encoded = date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return False
    return birth_date is None or encoded == birth_date


def new_unzr(birth_date: date, serial: int) -> str:
    return f"{birth_date:%Y%m%d}-{serial:05d}"


# --- phones --------------------------------------------------------------------------------------

PHONE_PATTERN = r"^\+380[0-9]{9}$"
_PHONE = re.compile(PHONE_PATTERN)
PHONE_TYPES: tuple[str, ...] = ("MOBILE", "LAND_LINE")


def is_phone(value: object) -> bool:
    """DOMAIN §4: `+380XXXXXXXXX`, exactly as stored."""
    return isinstance(value, str) and bool(_PHONE.match(value))


# --- declaration numbers -------------------------------------------------------------------------

# DOMAIN §3: `XXXX-XXXX-XXXX` over 0-9 A E H K M P T X (the Blueprint's example: `0000-12H4-245D`).
DECLARATION_NUMBER_SYMBOLS = "0123456789AEHKMPTX"
DECLARATION_NUMBER_PATTERN = rf"^[{DECLARATION_NUMBER_SYMBOLS}]{{4}}(-[{DECLARATION_NUMBER_SYMBOLS}]{{4}}){{2}}$"
_DECLARATION_NUMBER = re.compile(DECLARATION_NUMBER_PATTERN)


def is_declaration_number(value: object) -> bool:
    """A declaration request carries its future declaration's number: one format for both."""
    return isinstance(value, str) and bool(_DECLARATION_NUMBER.match(value))


def new_declaration_number(rng: random.Random) -> str:
    groups = ("".join(rng.choice(DECLARATION_NUMBER_SYMBOLS) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


# --- e-prescription numbers ----------------------------------------------------------------------

# DOMAIN §8 (e-prescriptions): `XXXX-XXXX-XXXX-XXXX` (the Blueprint's example `0000-243P-1X53-EH38`), over the
# declaration numbers' symbols.
MEDICATION_REQUEST_NUMBER_PATTERN = rf"^[{DECLARATION_NUMBER_SYMBOLS}]{{4}}(-[{DECLARATION_NUMBER_SYMBOLS}]{{4}}){{3}}$"
_MEDICATION_REQUEST_NUMBER = re.compile(MEDICATION_REQUEST_NUMBER_PATTERN)
VERIFICATION_CODE_DIGITS = 4  # the Blueprint's example `1234`


def is_medication_request_number(value: object) -> bool:
    return isinstance(value, str) and bool(_MEDICATION_REQUEST_NUMBER.match(value))


def new_medication_request_number(rng: random.Random) -> str:
    return "-".join("".join(rng.choice(DECLARATION_NUMBER_SYMBOLS) for _ in range(4)) for _ in range(4))


def new_verification_code(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789") for _ in range(VERIFICATION_CODE_DIGITS))


# --- referral (service request) numbers ----------------------------------------------------------

# `requisition` of a service request: the Blueprint's `Paper_referral` calls `1111-2222-3333-4444` the "Service
# request number"; the sandbox writes it as the e-prescriptions' numbers, `XXXX-XXXX-XXXX-XXXX` (ours).


def is_requisition_number(value: object) -> bool:
    return is_medication_request_number(value)


def new_requisition_number(rng: random.Random) -> str:
    return new_medication_request_number(rng)
