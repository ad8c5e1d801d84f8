"""Phones, e-mails, street addresses and working hours in eHealth's shapes."""

from __future__ import annotations

import math
import random
import re
from typing import Any

from faker import Faker

from sandbox.registry.rules.text import with_apostrophe
from sandbox.registry.seeding.geography import OBLAST_BY_ADMIN1, SettlementData, romanise

# Mobile operator codes in use (Kyivstar, Vodafone, lifecell).
MOBILE_CODES = ("67", "68", "96", "97", "98", "50", "66", "95", "99", "63", "73", "93")
_SETTLEMENT_ABBREVIATION = {"CITY": "м.", "TOWNSHIP": "смт", "VILLAGE": "с.", "SETTLEMENT": "с-ще"}
_KM_PER_DEGREE = 111.32
_JITTER_RADIUS_KM = {"CITY": 1.5, "TOWNSHIP": 0.7, "VILLAGE": 0.7, "SETTLEMENT": 0.7}

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
_WORKING_HOURS_BY_DIVISION_TYPE: dict[str, tuple[dict[str, list[list[str]]], ...]] = {
    "CLINIC": (
        {**{day: [["08.00", "20.00"]] for day in WEEKDAYS}, "sat": [["09.00", "14.00"]]},
        {**{day: [["07.30", "19.30"]] for day in WEEKDAYS}, "sat": [["08.00", "13.00"]]},
        {day: [["08.00", "18.00"]] for day in WEEKDAYS},
    ),
    "AMBULANT_CLINIC": (
        {day: [["08.00", "17.00"]] for day in WEEKDAYS},
        {day: [["08.00", "12.00"], ["13.00", "17.00"]] for day in WEEKDAYS},
        {**{day: [["08.00", "18.00"]] for day in WEEKDAYS}, "sat": [["09.00", "13.00"]]},
    ),
    "FAP": (
        {day: [["08.00", "12.00"], ["13.00", "16.00"]] for day in WEEKDAYS},
        {day: [["09.00", "15.00"]] for day in WEEKDAYS},
    ),
}
# A street name Faker offers may be a whole odd phrase; plain names read best on a card.
_PLAIN_STREET = re.compile(r"^[А-ЩЬЮЯЄІЇҐа-щьюяєіїґ'’ʼ -]{3,28}$")


def settlement_label(settlement: SettlementData) -> str:
    """`м. Житомир`, `смт Черняхів`, `с. Тетерівка`."""
    return f"{_SETTLEMENT_ABBREVIATION[settlement.type]} {settlement.name}"


def mobile_phone(rng: random.Random) -> str:
    return f"+380{rng.choice(MOBILE_CODES)}{rng.randrange(10_000_000):07d}"


def land_line(rng: random.Random, settlement: SettlementData) -> str:
    code = OBLAST_BY_ADMIN1[settlement.region_admin1].phone_code
    digits = 9 - len(code)
    # Local numbers do not start with 0 or 1.
    return f"+380{code}{rng.randrange(2 * 10 ** (digits - 1), 10**digits)}"


def phones(rng: random.Random, settlement: SettlementData) -> list[dict[str, str]]:
    return [
        {"type": "LAND_LINE", "number": land_line(rng, settlement)},
        {"type": "MOBILE", "number": mobile_phone(rng)},
    ]


def latin_slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", romanise(name)).strip("-")


def street(fake: Faker) -> tuple[str, str]:
    """(street_type, street): a street (вулиця) or, for a masculine adjective, a lane (провулок)."""
    while True:
        name = with_apostrophe(fake.street_name())
        if _PLAIN_STREET.match(name):
            break
    if name.endswith(("ий", "ій")):
        return "LANE", name
    return "STREET", name


def address(
    rng: random.Random,
    fake: Faker,
    settlement: SettlementData,
    address_type: str,
    *,
    apartment: bool = False,
) -> dict[str, Any]:
    """An address object with exactly the keys eHealth knows (DOMAIN §4)."""
    oblast = OBLAST_BY_ADMIN1[settlement.region_admin1]
    street_type, street_name = street(fake)
    result: dict[str, Any] = {
        "type": address_type,
        "country": "UA",
        "area": oblast.name,
        "settlement": settlement.name,
        "settlement_type": settlement.type,
        "settlement_id": settlement.id,
        "street_type": street_type,
        "street": street_name,
        "building": str(rng.randint(1, 120 if settlement.type == "CITY" else 60)),
        "zip": f"{oblast.zip_prefix}{rng.randrange(1000):03d}",
    }
    if apartment:
        result["apartment"] = str(rng.randint(1, 180))
    return result


def working_hours(rng: random.Random, division_type: str) -> dict[str, list[list[str]]]:
    pattern = rng.choice(_WORKING_HOURS_BY_DIVISION_TYPE[division_type])
    return {day: [list(hours) for hours in spans] for day, spans in pattern.items()}


def jittered(rng: random.Random, settlement: SettlementData) -> tuple[float, float]:
    """A point within a few kilometres of the settlement's centre (less in a village)."""
    radius_km = _JITTER_RADIUS_KM[settlement.type]
    if settlement.type == "CITY" and settlement.population >= 100_000:
        radius_km = 3.0
    distance = radius_km * math.sqrt(rng.random())
    bearing = rng.random() * 2 * math.pi
    latitude = settlement.latitude + distance * math.cos(bearing) / _KM_PER_DEGREE
    longitude = settlement.longitude + distance * math.sin(bearing) / (
        _KM_PER_DEGREE * math.cos(math.radians(settlement.latitude))
    )
    return round(latitude, 6), round(longitude, 6)
