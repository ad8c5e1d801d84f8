"""The declaration's printable text (`content`): the HTML a patient reads before signing.

eHealth renders it from its own template; the sandbox renders a short Ukrainian version from the
same facts that go into `data_to_be_signed`, escaping every value.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

SPECIALITY_TITLES = {
    "FAMILY_DOCTOR": "лікар загальної практики — сімейний лікар",
    "THERAPIST": "лікар-терапевт",
    "PEDIATRICIAN": "лікар-педіатр",
}


def _full_name(last_name: str, first_name: str, second_name: str | None) -> str:
    return " ".join(part for part in (last_name, first_name, second_name) if part)


def _date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def format_address(addresses: list[dict[str, Any]]) -> str:
    """One readable line of the first address: "м. Київ, вул. Хрещатик, 1"."""
    if not addresses:
        return ""
    address = addresses[0]
    street = " ".join(str(part) for part in (address.get("street"), address.get("building")) if part)
    parts = (address.get("settlement"), street, address.get("area"))
    return ", ".join(str(part) for part in parts if part)


def render_declaration_content(
    *,
    declaration_number: str,
    person: dict[str, Any],
    doctor_name: str,
    speciality: str,
    division_name: str,
    division_addresses: list[dict[str, Any]],
    legal_entity_name: str,
    edrpou: str,
    start_date: date,
    end_date: date | None,
) -> str:
    patient = _full_name(person["last_name"], person["first_name"], person.get("second_name"))
    birth_date = date.fromisoformat(person["birth_date"]) if person.get("birth_date") else None
    term = f"до {_date(end_date)}" if end_date else "безстроково"
    lines = [
        "<h1>Декларація про вибір лікаря, який надає первинну медичну допомогу</h1>",
        f"<p>Номер декларації: {escape(declaration_number)}</p>",
        f"<p>Пацієнт: {escape(patient)}, дата народження {_date(birth_date)}</p>",
        f"<p>Лікар: {escape(doctor_name)}, {escape(SPECIALITY_TITLES.get(speciality, speciality))}</p>",
        f"<p>Заклад: {escape(legal_entity_name)} (ЄДРПОУ {escape(edrpou)})</p>",
        f"<p>Місце надання допомоги: {escape(division_name)}, {escape(format_address(division_addresses))}</p>",
        f"<p>Декларація діє з {_date(start_date)} {term}.</p>",
        "<p>Я обираю цього лікаря для надання мені первинної медичної допомоги і погоджуюся на обробку "
        "моїх персональних даних для цього. Декларація з іншим лікарем, якщо вона є, припиняє дію "
        "з дня підписання цієї.</p>",
    ]
    return "\n".join(lines)
