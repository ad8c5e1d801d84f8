"""eHealth's dictionaries of codes a patient may see, and the one place where those codes become words.

eHealth publishes each dictionary (`GET /api/dictionaries?name=STREET_TYPE`, …) as code → Ukrainian name;
the codes here are eHealth's own (STREET_TYPE as the registry lists it, typos and a space included). The
Ukrainian words are what a patient reads: the short form an address uses ("вул.", "м."), eHealth's name,
or a plainer word where eHealth's is clerical ("ID-картка").

Who renders with what:
- the backend (its Ukrainian pages and signing summaries) takes the words from here (`Dictionary.word`,
  `address_line_uk`);
- the bot renders the same codes through its Fluent texts, in Ukrainian and English: `Dictionary.key`
  names the text, and a test keeps every Ukrainian text equal to the word here.
A code a dictionary does not know never reaches the patient: it gets the dictionary's neutral word
(«Документ»), or, where a word is only a prefix (a street or settlement type), no word at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_SLUG = re.compile(r"[^a-z0-9]+")


def code_slug(code: str) -> str:
    """`LAND_LINE` → `land-line`, `SMALL VILLAGE` → `small-village`: the code as part of a text key."""
    return _SLUG.sub("-", code.strip().lower()).strip("-")


@dataclass(frozen=True, slots=True)
class Dictionary:
    """One eHealth dictionary: its codes, the Ukrainian word of each, and the neutral word for the rest.

    `prefix` names the bot's texts (`{prefix}-{code_slug(code)}`, the neutral one `{prefix}-other`);
    `names` holds eHealth's own full names where the word is a short form (used to tell whether a street
    name already carries its type).
    """

    name: str
    prefix: str
    words: Mapping[str, str]
    other: str | None = None
    names: Mapping[str, str] | None = None

    def known(self, code: str | None) -> str | None:
        """The code as the dictionary spells it (case and surrounding spaces forgiven), or None."""
        if not code:
            return None
        if code in self.words:
            return code
        upper = code.strip().upper()
        return upper if upper in self.words else None

    def word(self, code: str | None) -> str | None:
        """The Ukrainian word; the neutral word (or None) for an unknown code; None when there is no code."""
        if not code:
            return None
        known = self.known(code)
        return self.words[known] if known is not None else self.other

    def key(self, code: str | None) -> str | None:
        """The bot's text for the code: its own, the neutral one for an unknown code, or None (say nothing)."""
        if not code:
            return None
        known = self.known(code)
        if known is not None:
            return f"{self.prefix}-{code_slug(known)}"
        return self.other_key

    @property
    def other_key(self) -> str | None:
        return f"{self.prefix}-other" if self.other is not None else None


# (code, eHealth's name, the short form before a street name in an address)
_STREET_TYPES: tuple[tuple[str, str, str], ...] = (
    ("STREET", "вулиця", "вул."),
    ("AVENUE", "проспект", "просп."),
    ("BOULEVARD", "бульвар", "бульв."),
    ("LANE", "провулок", "пров."),
    ("SQUARE", "площа", "пл."),
    ("MAIDAN", "майдан", "майдан"),
    ("RIVER_SIDE", "набережна", "наб."),
    ("ASCENT", "узвіз", "узвіз"),
    ("BLIND_STREET", "тупик", "туп."),
    ("PASSAGE", "проїзд", "проїзд"),
    ("PASS", "прохід", "прохід"),
    ("COUNTRY_LANE", "завулок", "завулок"),
    ("ALLEY", "алея", "алея"),
    ("LINE", "лінія", "лінія"),
    ("HIGHWAY", "шосе", "шосе"),
    ("ROAD", "дорога", "дорога"),
    ("ROADWAY", "тракт", "тракт"),
    ("TRACK", "траса", "траса"),
    ("WAY", "шлях", "шлях"),
    ("ENTRANCE", "в’їзд", "в’їзд"),
    ("PASSING_LOOP", "роз’їзд", "роз’їзд"),
    ("CROSSROADS", "розвилка", "розвилка"),
    ("MICRODISTRICT", "мікрорайон", "мкрн"),
    ("BLOCK", "квартал", "кв-л"),
    ("HOUSING_AREA", "житловий масив", "ж/м"),
    ("MASSIF", "масив", "масив"),
    ("GARDEN_SQUARE", "сквер", "сквер"),
    ("PARK", "парк", "парк"),
    ("GROVE", "гай", "гай"),
    ("TRACT", "урочище", "урочище"),
    ("ISLAND", "острів", "острів"),
    ("SETTLEMENT", "селище", "с-ще"),
    ("SMALL VILLAGE", "присілок", "присілок"),
    ("HAMLET", "хутір", "хутір"),
    ("STATION", "станція", "ст."),
    ("STATION_SETTLEMENT", "будинок МПС", "будинок МПС"),
    ("STATE_FARM", "радгосп", "радгосп"),
    ("SELECTION_BASE", "селекційна станція", "селекційна станція"),
    ("FORESTRY", "лісництво", "лісництво"),
    ("MINE", "шахта", "шахта"),
    ("MILITARY_BASE", "військова частина", "в/ч"),
    ("SANATORIUM", "санаторій", "санаторій"),
    ("BOARGING_HOUSE", "пансіонат", "пансіонат"),
    ("DACHA_COOPERATIVE", "дачний кооператив", "дачний кооператив"),
)

STREET_TYPE = Dictionary(
    "STREET_TYPE",
    "street-type",
    {code: short for code, _, short in _STREET_TYPES},
    names={code: name for code, name, _ in _STREET_TYPES},
)
SETTLEMENT_TYPE = Dictionary(
    "SETTLEMENT_TYPE",
    "settlement-type",
    {"CITY": "м.", "TOWNSHIP": "смт", "VILLAGE": "с.", "SETTLEMENT": "с-ще"},
    names={"CITY": "місто", "TOWNSHIP": "селище міського типу", "VILLAGE": "село", "SETTLEMENT": "селище"},
)
DOCUMENT_TYPE = Dictionary(
    "DOCUMENT_TYPE",
    "document-type",
    {
        "PASSPORT": "Паспорт (книжечка)",
        "NATIONAL_ID": "ID-картка",
        "BIRTH_CERTIFICATE": "Свідоцтво про народження",
        "BIRTH_CERTIFICATE_FOREIGN": "Свідоцтво про народження іноземного зразка",
        "TEMPORARY_CERTIFICATE": "Посвідка на тимчасове проживання",
        "PERMANENT_RESIDENCE_PERMIT": "Посвідка на постійне проживання",
        "REFUGEE_CERTIFICATE": "Посвідчення біженця",
        "COMPLEMENTARY_PROTECTION_CERTIFICATE": "Посвідчення особи, яка потребує додаткового захисту",
        "TEMPORARY_PASSPORT": "Тимчасове посвідчення громадянина України",
    },
    other="Документ",
)
ADDRESS_TYPE = Dictionary(
    "ADDRESS_TYPE",
    "address-kind",
    {"RESIDENCE": "Адреса проживання", "REGISTRATION": "Адреса реєстрації"},
    other="Адреса",
)
PHONE_TYPE = Dictionary(
    "PHONE_TYPE", "phone-type", {"MOBILE": "Мобільний", "LAND_LINE": "Стаціонарний"}, other="Телефон"
)
GENDER = Dictionary("GENDER", "gender", {"MALE": "чоловіча", "FEMALE": "жіноча"})
PREFERRED_WAY_COMMUNICATION = Dictionary(
    "PREFERRED_WAY_COMMUNICATION",
    "communication",
    {"email": "Електронна пошта", "phone": "Телефон"},
)
AUTHENTICATION_METHOD = Dictionary(
    "AUTHENTICATION_METHOD",
    "authentication-method",
    {"OTP": "Код у SMS", "OFFLINE": "Особисто в закладі (документи)", "THIRD_PERSON": "Через довірену особу"},
    other="Інший спосіб",
)
SPECIALITY_TYPE = Dictionary(
    "SPECIALITY_TYPE",
    "speciality",
    {"FAMILY_DOCTOR": "Сімейний лікар", "THERAPIST": "Терапевт", "PEDIATRICIAN": "Педіатр"},
    other="Лікар первинної допомоги",
)

# The dictionaries the bot renders through its own texts (in both languages).
BOT_DICTIONARIES: tuple[Dictionary, ...] = (
    STREET_TYPE,
    SETTLEMENT_TYPE,
    DOCUMENT_TYPE,
    PHONE_TYPE,
    GENDER,
    PREFERRED_WAY_COMMUNICATION,
)


# --- addresses ------------------------------------------------------------------------------------

_CITY_MARK = re.compile(r"^\s*(м\.|місто)\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class AddressParts:
    """An address as it is read, the codes checked: a code here is one its dictionary knows, or None.

    `street_type` is None also when the street name already says it ("вул. Ніжинська", as eHealth's own
    example has it); `area` is None when it only repeats the settlement (the area of Kyiv is «м. Київ»).
    """

    street_type: str | None
    street: str | None
    building: str | None
    apartment: str | None
    settlement_type: str | None
    settlement: str | None
    region: str | None
    area: str | None
    zip: str | None


def _value(address: Mapping[str, Any], key: str) -> str | None:
    value = address.get(key)
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _street_forms() -> tuple[str, ...]:
    forms = {form.casefold() for form in (*STREET_TYPE.words.values(), *(STREET_TYPE.names or {}).values())}
    return tuple(sorted(forms, key=len, reverse=True))


_STREET_FORMS = _street_forms()
# One pattern for every form: a form ending in "." may run on into the name ("пров.Тихий"), any other must
# end where a word does. Trying the forms one by one took 60 startswith calls a street: 2.7 million in a
# directory sync of 100,000 doctors.
_NAMES_ITS_TYPE = re.compile(
    "(?:{}|(?:{})(?![^\\W_]))".format(
        "|".join(re.escape(form) for form in _STREET_FORMS if form.endswith(".")),
        "|".join(re.escape(form) for form in _STREET_FORMS if not form.endswith(".")),
    )
)


def names_its_type(street: str) -> bool:
    """Whether a street name starts with a street type word ("вул. Ніжинська", "проспект Свободи")."""
    folded = street.casefold().replace("'", "’").replace("ʼ", "’")
    return _NAMES_ITS_TYPE.match(folded) is not None


def _same_place(area: str, settlement: str) -> bool:
    """«м. Київ» / «М.КИЇВ» as an area is the city of Kyiv itself."""
    return _CITY_MARK.sub("", area).casefold() == _CITY_MARK.sub("", settlement).casefold()


def address_parts(address: Mapping[str, Any]) -> AddressParts:
    """The parts of an eHealth address worth reading, with the codes the dictionaries know."""
    street = _value(address, "street")
    settlement = _value(address, "settlement")
    area = _value(address, "area")
    region = _value(address, "region")
    if settlement and area and _same_place(area, settlement):
        area = None
    if settlement and region and _same_place(region, settlement):
        region = None
    street_type = STREET_TYPE.known(_value(address, "street_type"))
    if street is None or names_its_type(street):
        street_type = None
    return AddressParts(
        street_type=street_type,
        street=street,
        building=_value(address, "building"),
        apartment=_value(address, "apartment"),
        settlement_type=SETTLEMENT_TYPE.known(_value(address, "settlement_type")),
        settlement=settlement,
        region=region,
        area=area,
        zip=_value(address, "zip"),
    )


def address_line_uk(address: Mapping[str, Any]) -> str:
    """The address in one Ukrainian line, as a letter is addressed: street and house, flat, settlement,
    district, area, postcode — "вул. Городоцька, 118, кв. 5, м. Львів, Львівська, 79022"."""
    parts = address_parts(address)
    street = " ".join(p for p in (STREET_TYPE.word(parts.street_type), parts.street) if p) or None
    settlement = " ".join(p for p in (SETTLEMENT_TYPE.word(parts.settlement_type), parts.settlement) if p) or None
    house = f"буд. {parts.building}" if parts.building and not street else parts.building
    pieces = [
        street,
        house,
        f"кв. {parts.apartment}" if parts.apartment else None,
        settlement,
        parts.region,
        parts.area,
        parts.zip,
    ]
    return ", ".join(piece for piece in pieces if piece)
