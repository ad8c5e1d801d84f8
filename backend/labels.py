"""Ukrainian labels for registry codes, for the pages and summaries the backend itself renders.
(The bot keeps its own texts in its locales.)"""

from __future__ import annotations

from datetime import date

SPECIALITY = {"FAMILY_DOCTOR": "Сімейний лікар", "THERAPIST": "Терапевт", "PEDIATRICIAN": "Педіатр"}
DOCUMENT_TYPE = {
    "PASSPORT": "Паспорт (книжечка)",
    "NATIONAL_ID": "ID-картка",
    "BIRTH_CERTIFICATE": "Свідоцтво про народження",
    "TEMPORARY_CERTIFICATE": "Посвідка на тимчасове проживання",
    "PERMANENT_RESIDENCE_PERMIT": "Посвідка на постійне проживання",
    "REFUGEE_CERTIFICATE": "Посвідчення біженця",
    "COMPLEMENTARY_PROTECTION_CERTIFICATE": "Посвідчення особи, яка потребує додаткового захисту",
}
ADDRESS_TYPE = {"RESIDENCE": "Адреса проживання", "REGISTRATION": "Адреса реєстрації"}
PHONE_TYPE = {"MOBILE": "Мобільний", "LAND_LINE": "Стаціонарний"}
COMMUNICATION = {"email": "електронна пошта", "phone": "телефон"}
AUTHENTICATION_METHOD = {
    "OTP": "Код у SMS",
    "OFFLINE": "Особисто в закладі (документи)",
    "THIRD_PERSON": "Через довірену особу",
}
SETTLEMENT_TYPE = {"CITY": "м.", "TOWNSHIP": "смт", "VILLAGE": "с.", "SETTLEMENT": "с-ще"}


def label(table: dict[str, str], code: str | None) -> str:
    """The Ukrainian label, or the code itself for values the table does not know yet."""
    if code is None:
        return ""
    return table.get(code, code)


def date_uk(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""
