"""The medicines catalogue of the sandbox: NHSU reimbursement programmes, INN dosages with their usual
dosage instructions, the brands pharmacies dispense for them (with prices), and a few pharmacies.

The same for every seed (ids are derived from names): what changes with the seed is who got which
prescription and its number. Prices and reimbursement are realistic UAH figures, per unit (pill, ml, dose).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

_NAMESPACE = uuid.UUID("9d7c0a52-6a0e-4f0b-9a59-5b1c0f3e2d71")


def catalogue_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


# --- programmes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Program:
    key: str
    name: str
    funding_source: str = "NHS"
    mr_blank_type: str = "F-1"

    @property
    def id(self) -> str:
        return catalogue_id("program", self.key)


AFFORDABLE = Program("affordable", "Доступні ліки")
INSULINS = Program("insulins", "Інсуліни")
PROGRAMS: tuple[Program, ...] = (AFFORDABLE, INSULINS)
PROGRAMS_SINCE = datetime(2017, 4, 1, 9, 0)  # «Доступні ліки» started in April 2017


# --- dosage instructions (Dosage_Instruction) ---------------------------------------------------

ROUTE_ORAL = ("26643006", "Пероральний шлях")
ROUTE_SUBCUTANEOUS = ("34206005", "Підшкірний шлях")
ROUTE_INHALATION = ("447694001", "Інгаляційний шлях")
_UCUM = "eHealth/ucum/units"
_UNIT_SYSTEM = "MEDICATION_UNIT"


def quantity(value: float, unit: str, code: str, system: str = _UNIT_SYSTEM) -> dict[str, Any]:
    """`Simple_Quantity`: a word a person reads as `unit`, the dictionary code as `code`."""
    return {"value": value, "unit": unit, "system": system, "code": code}


def per_day(value: float, unit: str, code: str) -> dict[str, Any]:
    """`Ratio`: `value` units per 1 day."""
    return {"numerator": quantity(value, unit, code), "denominator": quantity(1, "день", "d", _UCUM)}


def dosage_instruction(
    text: str,
    *,
    route: tuple[str, str],
    dose: dict[str, Any],
    max_per_day: dict[str, Any],
    frequency: int | None = None,
    period: float = 1,
    period_unit: str = "d",
    when: tuple[str, ...] = (),
    as_needed: bool = False,
    patient_instruction: str | None = None,
) -> dict[str, Any]:
    repeat: dict[str, Any] = {}
    if frequency is not None:
        repeat.update(frequency=frequency, period=period, period_unit=period_unit)
    if when:
        repeat["when"] = list(when)
    instruction: dict[str, Any] = {
        "sequence": 1,
        "text": text,
        "as_needed_boolean": as_needed,
        "route": {"coding": [{"system": "eHealth/SNOMED/route_codes", "code": route[0]}], "text": route[1]},
        "dose_and_rate": {
            "type": {"coding": [{"system": "eHealth/dose_and_rate", "code": "ordered"}]},
            "dose_quantity": dose,
        },
        "max_dose_per_period": max_per_day,
        "max_dose_per_administration": dose,
    }
    if repeat:
        instruction["timing"] = {"repeat": repeat}
    if patient_instruction:
        instruction["patient_instruction"] = patient_instruction
    return instruction


def _pills(value: float) -> dict[str, Any]:
    return quantity(value, "таблетка", "PILL")


# --- INN dosages and their brands ---------------------------------------------------------------


@dataclass(frozen=True)
class Brand:
    name: str
    manufacturer: str
    country: str
    package_qty: float  # units per package
    sell_price: float  # UAH per unit
    reimbursement_per_unit: float  # UAH per unit


@dataclass(frozen=True)
class Medicine:
    key: str
    name: str  # as eHealth names an INNM dosage
    form: str  # MEDICATION_FORM
    inn: str
    inn_original: str
    sctid: str
    strength: tuple[float, str, float, str]  # Dosage_drug: numerator value/unit per denominator value/unit
    program: Program
    qty: float  # prescribed, in denominator units
    treatment_days: int
    dosage: dict[str, Any]
    brands: tuple[Brand, ...]

    @property
    def id(self) -> str:
        return catalogue_id("innm_dosage", self.key)

    def brand_id(self, brand: Brand) -> str:
        return catalogue_id("medication", f"{self.key}:{brand.name}")


_TWICE_WITH_MEALS = "По 1 таблетці 2 рази на день під час їди"

MEDICINES: tuple[Medicine, ...] = (
    Medicine(
        "metformin-500", "Метформін 500 мг таблетки", "TABLET", "Метформін", "Metformin", "109081006",
        (500, "MG", 1, "PILL"), AFFORDABLE, 60, 30,
        dosage_instruction(
            _TWICE_WITH_MEALS, route=ROUTE_ORAL, dose=_pills(1), max_per_day=per_day(2, "таблетка", "PILL"),
            frequency=2, when=("CM",),
        ),
        (
            Brand("Діаформін 500", "АТ «Фармак»", "UA", 60, 1.42, 1.42),
            Brand("Сіофор 500", "Берлін-Хемі АГ", "DE", 60, 2.52, 1.42),
        ),
    ),
    Medicine(
        "metformin-850", "Метформін 850 мг таблетки", "TABLET", "Метформін", "Metformin", "109081006",
        (850, "MG", 1, "PILL"), AFFORDABLE, 60, 30,
        dosage_instruction(
            _TWICE_WITH_MEALS + " (вранці та ввечері)", route=ROUTE_ORAL, dose=_pills(1),
            max_per_day=per_day(2, "таблетка", "PILL"), frequency=2, when=("CM",),
        ),
        (Brand("Сіофор 850", "Берлін-Хемі АГ", "DE", 60, 2.95, 2.41),),
    ),
    Medicine(
        "metformin-1000", "Метформін 1000 мг таблетки", "COATED_TABLET", "Метформін", "Metformin", "109081006",
        (1000, "MG", 1, "PILL"), AFFORDABLE, 60, 30,
        dosage_instruction(
            "По 1 таблетці 2 рази на день під час сніданку та вечері", route=ROUTE_ORAL, dose=_pills(1),
            max_per_day=per_day(2, "таблетка", "PILL"), frequency=2, when=("CM",),
        ),
        (
            Brand("Глюкофаж 1000", "Мерк Санте", "FR", 60, 3.85, 2.83),
            Brand("Діаформін SR 1000", "АТ «Фармак»", "UA", 60, 2.83, 2.83),
        ),
    ),
    Medicine(
        "amlodipine-5", "Амлодипін 5 мг таблетки", "TABLET", "Амлодипін", "Amlodipine", "386864001",
        (5, "MG", 1, "PILL"), AFFORDABLE, 30, 30,
        dosage_instruction(
            "По 1 таблетці 1 раз на день вранці", route=ROUTE_ORAL, dose=_pills(1),
            max_per_day=per_day(1, "таблетка", "PILL"), frequency=1, when=("MORN",),
        ),
        (Brand("Амлодипін-Здоров’я 5 мг", "ТОВ «Фармацевтична компанія «Здоров’я»", "UA", 30, 1.29, 1.29),),
    ),
    Medicine(
        "amlodipine-10", "Амлодипін 10 мг таблетки", "TABLET", "Амлодипін", "Amlodipine", "386864001",
        (10, "MG", 1, "PILL"), AFFORDABLE, 30, 30,
        dosage_instruction(
            "По 1 таблетці 1 раз на день вранці", route=ROUTE_ORAL, dose=_pills(1),
            max_per_day=per_day(1, "таблетка", "PILL"), frequency=1, when=("MORN",),
        ),
        (Brand("Амлодипін-Здоров’я 10 мг", "ТОВ «Фармацевтична компанія «Здоров’я»", "UA", 30, 1.93, 1.93),),
    ),
    Medicine(
        "bisoprolol-5", "Бісопролол 5 мг таблетки", "COATED_TABLET", "Бісопролол", "Bisoprolol", "386868003",
        (5, "MG", 1, "PILL"), AFFORDABLE, 30, 30,
        dosage_instruction(
            "По 1 таблетці 1 раз на день вранці, до або під час сніданку", route=ROUTE_ORAL, dose=_pills(1),
            max_per_day=per_day(1, "таблетка", "PILL"), frequency=1, when=("MORN",),
        ),
        (
            Brand("Конкор 5 мг", "Мерк Хелскеа КГаА", "DE", 30, 4.68, 1.86),
            Brand("Бісопролол-Астрафарм 5 мг", "ТОВ «Астрафарм»", "UA", 30, 1.86, 1.86),
        ),
    ),
    Medicine(
        "enalapril-10", "Еналаприл 10 мг таблетки", "TABLET", "Еналаприл", "Enalapril", "372658000",
        (10, "MG", 1, "PILL"), AFFORDABLE, 40, 20,
        dosage_instruction(
            "По 1 таблетці 2 рази на день (вранці та ввечері)", route=ROUTE_ORAL, dose=_pills(1),
            max_per_day=per_day(2, "таблетка", "PILL"), frequency=2, when=("MORN", "EVE"),
        ),
        (
            Brand("Еналаприл-Здоров’я 10 мг", "ТОВ «Фармацевтична компанія «Здоров’я»", "UA", 20, 1.21, 1.21),
            Brand("Енап 10 мг", "КРКА, д.д., Ново место", "SI", 20, 2.98, 1.21),
        ),
    ),
    Medicine(
        "atorvastatin-20", "Аторвастатин 20 мг таблетки", "COATED_TABLET", "Аторвастатин", "Atorvastatin",
        "373444002", (20, "MG", 1, "PILL"), AFFORDABLE, 30, 30,
        dosage_instruction(
            "По 1 таблетці 1 раз на день ввечері", route=ROUTE_ORAL, dose=_pills(1),
            max_per_day=per_day(1, "таблетка", "PILL"), frequency=1, when=("EVE",),
        ),
        (Brand("Аторвакор 20 мг", "АТ «Фармак»", "UA", 30, 4.05, 3.12),),
    ),
    Medicine(
        "levothyroxine-50", "Левотироксин натрію 50 мкг таблетки", "TABLET", "Левотироксин натрію",
        "Levothyroxine sodium", "126202002", (50, "MKG", 1, "PILL"), AFFORDABLE, 50, 50,
        dosage_instruction(
            "По 1 таблетці 1 раз на день вранці натщесерце, за 30 хвилин до сніданку", route=ROUTE_ORAL,
            dose=_pills(1), max_per_day=per_day(1, "таблетка", "PILL"), frequency=1, when=("ACM",),
        ),
        (Brand("Еутирокс 50 мкг", "Мерк Хелскеа КГаА", "DE", 50, 1.12, 0.98),),
    ),
    Medicine(
        "levothyroxine-100", "Левотироксин натрію 100 мкг таблетки", "TABLET", "Левотироксин натрію",
        "Levothyroxine sodium", "126202002", (100, "MKG", 1, "PILL"), AFFORDABLE, 50, 50,
        dosage_instruction(
            "По 1 таблетці 1 раз на день вранці натщесерце, за 30 хвилин до сніданку", route=ROUTE_ORAL,
            dose=_pills(1), max_per_day=per_day(1, "таблетка", "PILL"), frequency=1, when=("ACM",),
        ),
        (Brand("Еутирокс 100 мкг", "Мерк Хелскеа КГаА", "DE", 50, 1.29, 1.1),),
    ),
    Medicine(
        "insulin-glargine-100", "Інсулін гларгін 100 ОД/мл розчин для ін’єкцій", "SOLUTION_FOR_INJECTION",
        "Інсулін гларгін", "Insulin glargine", "411529005", (100, "IU", 1, "ML"), INSULINS, 15, 75,
        dosage_instruction(
            "Підшкірно по 20 ОД 1 раз на день ввечері, в один і той самий час", route=ROUTE_SUBCUTANEOUS,
            dose=quantity(20, "ОД", "IU"), max_per_day=per_day(20, "ОД", "IU"), frequency=1, when=("EVE",),
        ),
        (Brand("Лантус СолоСтар", "Санофі-Авентіс Дойчленд ГмбХ", "DE", 15, 126.92, 118.44),),
    ),
    Medicine(
        "salbutamol-100", "Сальбутамол 100 мкг/доза аерозоль для інгаляцій", "INHALATION_AEROSOL", "Сальбутамол",
        "Salbutamol", "372897005", (100, "MKG", 1, "DOSE"), AFFORDABLE, 200, 30,
        dosage_instruction(
            "По 1–2 вдихи при нападі задишки; не більше 8 вдихів на добу", route=ROUTE_INHALATION,
            dose=quantity(2, "доза", "DOSE"), max_per_day=per_day(8, "доза", "DOSE"), as_needed=True,
            patient_instruction="Перед першим використанням струсніть інгалятор і зробіть пробний вдих у повітря",
        ),
        (Brand("Вентолін™ Евохалер™", "Глаксо Веллком Продакшн", "FR", 200, 0.62, 0.47),),
    ),
)  # fmt: skip
MEDICINE_BY_KEY: dict[str, Medicine] = {m.key: m for m in MEDICINES}
DEFAULT_MEDICINE = "metformin-500"


def _dosage_drug(strength: tuple[float, str, float, str]) -> dict[str, Any]:
    value, unit, per_value, per_unit = strength
    return {
        "numerator_unit": unit,
        "numerator_value": value,
        "denumerator_unit": per_unit,
        "denumerator_value": per_value,
    }


def program_rows() -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "name": p.name,
            "type": "MEDICATION",
            "funding_source": p.funding_source,
            "mr_blank_type": p.mr_blank_type,
            "is_active": True,
            "medication_request_allowed": True,
            "medication_dispense_allowed": True,
            "inserted_at": PROGRAMS_SINCE,
            "updated_at": PROGRAMS_SINCE,
        }
        for p in PROGRAMS
    ]


def innm_dosage_rows() -> list[dict[str, Any]]:
    return [
        {
            "id": m.id,
            "key": m.key,
            "name": m.name,
            "form": m.form,
            "dosage": _dosage_drug(m.strength),
            "ingredients": [
                {
                    "id": catalogue_id("ingredient", m.inn_original),
                    "name": m.inn,
                    "name_original": m.inn_original,
                    "sctid": m.sctid,
                    "dosage": _dosage_drug(m.strength),
                    "is_primary": True,
                }
            ],
            "medical_program_id": m.program.id,
            "default_qty": m.qty,
            "treatment_days": m.treatment_days,
            "default_dosage_instruction": [m.dosage],
        }
        for m in MEDICINES
    ]


def medication_rows() -> list[dict[str, Any]]:
    rows = []
    for m in MEDICINES:
        unit = m.strength[3]
        for brand in m.brands:
            rows.append(
                {
                    "id": m.brand_id(brand),
                    "innm_dosage_id": m.id,
                    "name": brand.name,
                    "form": m.form,
                    "manufacturer": {"name": brand.manufacturer, "country": brand.country},
                    "container": {
                        "numerator_unit": unit,
                        "numerator_value": 1,
                        "denumerator_unit": unit,
                        "denumerator_value": 1,
                    },
                    "package_qty": brand.package_qty,
                    "sell_price": brand.sell_price,
                    "reimbursement_per_unit": brand.reimbursement_per_unit,
                }
            )
    return rows


# --- pharmacies -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PharmacyOutlet:
    key: str
    legal_name: str
    short_name: str
    edrpou: str
    division_name: str
    settlement: str
    pharmacist: tuple[str, str, str]  # first, last, second name

    @property
    def id(self) -> str:
        return catalogue_id("pharmacy", self.key)

    @property
    def division_id(self) -> str:
        return catalogue_id("pharmacy_division", self.key)

    @property
    def pharmacist_id(self) -> str:
        return catalogue_id("pharmacist", self.key)


PHARMACIES: tuple[PharmacyOutlet, ...] = (
    PharmacyOutlet(
        "kalyna-kyiv", "ТОВ «Аптека Калина»", "Аптека Калина", "41836207",
        "Аптека «Калина» №12, вул. Антоновича, 35", "Київ", ("Ірина", "Савчук", "Григорівна"),
    ),
    PharmacyOutlet(
        "zdorova-rodyna-vinnytsia", "ТОВ «Здорова родина»", "Здорова родина", "39274518",
        "Аптека «Здорова родина», вул. Соборна, 44", "Вінниця", ("Наталія", "Ковальчук", "Степанівна"),
    ),
    PharmacyOutlet(
        "verbena-kamianets", "ПП «Вербена-Фарм»", "Вербена", "38105942",
        "Аптечний пункт «Вербена», вул. Князів Коріатовичів, 20", "Кам’янець-Подільський",
        ("Оксана", "Мельничук", "Василівна"),
    ),
)  # fmt: skip
PHARMACY_BY_SETTLEMENT: dict[str, PharmacyOutlet] = {p.settlement: p for p in PHARMACIES}


def pharmacy_rows() -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "name": p.legal_name,
            "short_name": p.short_name,
            "public_name": p.short_name,
            "edrpou": p.edrpou,
            "status": "ACTIVE",
        }
        for p in PHARMACIES
    ]


def pharmacy_division_rows() -> list[dict[str, Any]]:
    return [
        {
            "id": p.division_id,
            "pharmacy_id": p.id,
            "name": p.division_name,
            "type": "DRUGSTORE",
            "status": "ACTIVE",
            "settlement": p.settlement,
            "pharmacist": {
                "id": p.pharmacist_id,
                "first_name": p.pharmacist[0],
                "last_name": p.pharmacist[1],
                "second_name": p.pharmacist[2],
            },
        }
        for p in PHARMACIES
    ]
