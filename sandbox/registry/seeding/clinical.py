"""What the sandbox's medical records are coded with: eHealth's dictionaries, the few values the seed uses.

Conditions in ICPC-2 (`eHealth/ICPC2/condition_codes`) and ICD-10-AM (`eHealth/ICD10_AM/condition_codes`),
lab results and vital signs in LOINC (`eHealth/LOINC/observation_codes`) with UCUM units and adult normal
ranges, vaccines of Ukraine's immunisation calendar (`eHealth/vaccine_codes`), and services a referral can
ask for (`Service` of the service dictionary; ids fixed so every seed names them the same).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sandbox.registry.summary.shapes import ICD10_AM_CONDITIONS, ICPC2_CONDITIONS, Measure, Service, Vaccine

_NAMESPACE = uuid.UUID("0b7f6c52-3c1e-4e9a-a4f2-6d1b5e8c9a21")


@dataclass(frozen=True)
class Diagnosis:
    system: str
    code: str
    text: str


T90 = Diagnosis(ICPC2_CONDITIONS, "T90", "Діабет інсулінонезалежний")
K86 = Diagnosis(ICPC2_CONDITIONS, "K86", "Гіпертензія неускладнена")
R96 = Diagnosis(ICPC2_CONDITIONS, "R96", "Астма")
A97 = Diagnosis(ICPC2_CONDITIONS, "A97", "Хвороби немає")
E11_9 = Diagnosis(ICD10_AM_CONDITIONS, "E11.9", "Цукровий діабет 2 типу без ускладнень")
I10 = Diagnosis(ICD10_AM_CONDITIONS, "I10", "Есенціальна (первинна) гіпертензія")
J45_9 = Diagnosis(ICD10_AM_CONDITIONS, "J45.9", "Астма, неуточнена")
J06_9 = Diagnosis(ICD10_AM_CONDITIONS, "J06.9", "Гостра інфекція верхніх дихальних шляхів, неуточнена")
J02_9 = Diagnosis(ICD10_AM_CONDITIONS, "J02.9", "Гострий фарингіт, неуточнений")
Z00_0 = Diagnosis(ICD10_AM_CONDITIONS, "Z00.0", "Загальний медичний огляд")

GLUCOSE = Measure("2345-7", "Глюкоза в сироватці або плазмі крові", "laboratory", "ммоль/л", "mmol/L", 3.9, 6.1)
HBA1C = Measure("4548-4", "Глікований гемоглобін (HbA1c)", "laboratory", "%", "%", 4.0, 6.0)
CHOLESTEROL = Measure("2093-3", "Холестерин загальний", "laboratory", "ммоль/л", "mmol/L", None, 5.2)
HAEMOGLOBIN = Measure("718-7", "Гемоглобін", "laboratory", "г/л", "g/L", 120.0, 150.0)
SYSTOLIC = Measure("8480-6", "Систолічний артеріальний тиск", "vital_signs", "мм рт. ст.", "mm[Hg]", 90.0, 139.0)
DIASTOLIC = Measure("8462-4", "Діастолічний артеріальний тиск", "vital_signs", "мм рт. ст.", "mm[Hg]", 60.0, 89.0)
BODY_WEIGHT = Measure("29463-7", "Маса тіла", "vital_signs", "кг", "kg", None, None)

MEASURES: dict[str, Measure] = {
    m.code: m for m in (GLUCOSE, HBA1C, CHOLESTEROL, HAEMOGLOBIN, SYSTOLIC, DIASTOLIC, BODY_WEIGHT)
}

# eHealth/vaccination_target_diseases (SNOMED CT disorders).
TUBERCULOSIS, HEPATITIS_B, DIPHTHERIA, TETANUS, PERTUSSIS = "56717001", "66071002", "397430003", "76902006", "27836007"
POLIO, HIB, MEASLES, MUMPS, RUBELLA, COVID_19 = "398102009", "91428005", "14189004", "36989005", "36653000", "840539006"

BCG = Vaccine("BCG", "БЦЖ", "Serum Institute of India", "ID", "LA", 0.05, (TUBERCULOSIS,))
HEP_B = Vaccine("HepB", "Гепатит B", "GlaxoSmithKline (Енджерикс-В)", "IM", "RT", 0.5, (HEPATITIS_B,))
DTP = Vaccine("DTP", "АКДП", "Sanofi Pasteur (Тетраксим)", "IM", "RT", 0.5, (DIPHTHERIA, TETANUS, PERTUSSIS))
DT = Vaccine("DT", "АДП", "Serum Institute of India", "IM", "LA", 0.5, (DIPHTHERIA, TETANUS))
TD = Vaccine("Td", "АДП-М", "Serum Institute of India", "IM", "LA", 0.5, (DIPHTHERIA, TETANUS))
IPV = Vaccine("IPV", "ІПВ", "Sanofi Pasteur (Імовакс Поліо)", "IM", "LT", 0.5, (POLIO,))
OPV = Vaccine("OPV", "ОПВ", "Bilthoven Biologicals", "PO", "oral", 0.1, (POLIO,))
HIB_VACCINE = Vaccine("Hib", "Hib-інфекція", "Sanofi Pasteur (Act-HIB)", "IM", "LT", 0.5, (HIB,))
MMR = Vaccine("MMR", "КПК", "Merck Sharp & Dohme (M-M-R II)", "SC", "LA", 0.5, (MEASLES, MUMPS, RUBELLA))
COVID = Vaccine("COVID-19", "COVID-19", "Pfizer-BioNTech (Comirnaty)", "IM", "LA", 0.3, (COVID_19,))
VACCINES: dict[str, Vaccine] = {v.code: v for v in (BCG, HEP_B, DTP, DT, TD, IPV, OPV, HIB_VACCINE, MMR, COVID)}


@dataclass(frozen=True)
class Dose:
    """A calendar dose: the vaccine, the age it is given at (months, days), its number in the series."""

    vaccine: Vaccine
    months: int
    days: int
    dose: int
    of: int


# Ukraine's calendar (MoH order No. 595) as the teenagers' generation received it.
CHILDHOOD_CALENDAR: tuple[Dose, ...] = (
    Dose(HEP_B, 0, 1, 1, 3),
    Dose(BCG, 0, 4, 1, 1),
    Dose(HEP_B, 1, 0, 2, 3),
    Dose(DTP, 2, 0, 1, 4),
    Dose(IPV, 2, 0, 1, 2),
    Dose(HIB_VACCINE, 2, 0, 1, 3),
    Dose(DTP, 4, 0, 2, 4),
    Dose(IPV, 4, 0, 2, 2),
    Dose(HIB_VACCINE, 4, 0, 2, 3),
    Dose(DTP, 6, 0, 3, 4),
    Dose(OPV, 6, 0, 1, 4),
    Dose(HEP_B, 6, 0, 3, 3),
    Dose(MMR, 12, 0, 1, 2),
    Dose(HIB_VACCINE, 12, 0, 3, 3),
    Dose(DTP, 18, 0, 4, 4),
    Dose(OPV, 18, 0, 2, 4),
    Dose(DT, 72, 0, 1, 1),
    Dose(OPV, 72, 0, 3, 4),
    Dose(MMR, 72, 0, 2, 2),
    Dose(OPV, 168, 0, 4, 4),
    Dose(TD, 192, 0, 1, 1),
)


def _service(code: str, name: str, category: str, request_category: str, request_category_text: str) -> Service:
    return Service(str(uuid.uuid5(_NAMESPACE, code)), code, name, category, request_category, request_category_text)


_LAB = ("laboratory", "108252007", "Лабораторна діагностика")
_IMAGING = ("imaging", "363679005", "Інструментальна діагностика (візуалізація)")
_CONSULTATION = ("consultation", "409063005", "Консультування")
_DIAGNOSTIC = ("diagnostic_procedure", "103693007", "Діагностична процедура")

HBA1C_TEST = _service("91910-01", "Визначення глікованого гемоглобіну (HbA1c)", *_LAB)
BIOCHEMISTRY = _service("91910-02", "Біохімічний аналіз крові (глюкоза, холестерин)", *_LAB)
LIPID_PANEL = _service("91910-03", "Ліпідограма", *_LAB)
BLOOD_COUNT = _service("91910-04", "Загальний аналіз крові", *_LAB)
ECG = _service("11700-00", "Електрокардіографія (ЕКГ) у спокої", *_DIAGNOSTIC)
SPIROMETRY = _service("11503-00", "Спірометрія", *_DIAGNOSTIC)
ABDOMINAL_ULTRASOUND = _service("55036-00", "Ультразвукове дослідження органів черевної порожнини", *_IMAGING)
CHEST_XRAY = _service("58500-00", "Рентгенографія органів грудної клітки", *_IMAGING)
ENDOCRINOLOGIST = _service("96199-01", "Консультація лікаря-ендокринолога", *_CONSULTATION)
SERVICES: dict[str, Service] = {
    s.code: s
    for s in (
        HBA1C_TEST,
        BIOCHEMISTRY,
        LIPID_PANEL,
        BLOOD_COUNT,
        ECG,
        SPIROMETRY,
        ABDOMINAL_ULTRASOUND,
        CHEST_XRAY,
        ENDOCRINOLOGIST,
    )
}
