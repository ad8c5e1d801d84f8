"""Readable Ukrainian summaries of what a patient signs, for the signing page and the bot."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from backend import labels
from backend.domain.masking import mask_document
from backend.registry.port import Address, DeclarationRequest, PersonChanges, Phone


def _item(label: str, value: str | None) -> dict[str, str] | None:
    return {"label": label, "value": value} if value else None


def _summary(title: str, lead: str, items: list[dict[str, str] | None]) -> dict[str, Any]:
    return {"title": title, "lead": lead, "items": [item for item in items if item]}


def declaration_request_summary(request: DeclarationRequest) -> dict[str, Any]:
    doctor, division, legal_entity = request.doctor, request.division, request.legal_entity
    return _summary(
        "Декларація з лікарем",
        "Ви підписуєте декларацію про вибір лікаря, який надає первинну медичну допомогу.",
        [
            _item("Лікар", doctor.full_name if doctor else None),
            _item("Спеціальність", labels.label(labels.SPECIALITY, doctor.speciality) if doctor else None),
            _item("Заклад", legal_entity.name if legal_entity else None),
            _item("Підрозділ", division.name if division else None),
            _item("Адреса", division.address if division else None),
            _item("Номер декларації", request.number),
            _item("Дата початку", labels.date_uk(request.start_date)),
            _item("Дата завершення", labels.date_uk(request.end_date)),
        ],
    )


def phones_text(phones: tuple[Phone, ...]) -> str:
    return "; ".join(f"{labels.label(labels.PHONE_TYPE, phone.type)}: {phone.number}" for phone in phones) or "—"


def address_text(address: Address) -> str:
    """The address in one Ukrainian line, every code through the dictionaries."""
    return labels.address_line_uk(asdict(address))


def person_update_summary(changes: PersonChanges) -> dict[str, Any]:
    items: list[dict[str, str] | None] = [
        _item("Електронна пошта", changes.email),
        _item("Кодове слово", "буде змінено" if changes.secret is not None else None),
        _item(
            "Спосіб зв’язку",
            labels.label(labels.COMMUNICATION, changes.preferred_way_communication)
            if changes.preferred_way_communication
            else None,
        ),
    ]
    if changes.phones is not None:
        items.append(_item("Телефони", phones_text(changes.phones)))
    for address in changes.addresses or ():
        items.append(_item(labels.label(labels.ADDRESS_TYPE, address.type), address_text(address)))
    for document in changes.documents or ():
        # Masked here too: the summary also goes to the chat; the page shows the exact data below it.
        items.append(_item(labels.label(labels.DOCUMENT_TYPE, document.type), mask_document(document.number)))
    if changes.emergency_contact is not None:
        contact = changes.emergency_contact
        name = " ".join(part for part in (contact.last_name, contact.first_name, contact.second_name) if part)
        items.append(_item("Контактна особа", f"{name}; {phones_text(contact.phones)}"))
    if changes.authentication_methods is not None:
        methods = ", ".join(
            labels.label(labels.AUTHENTICATION_METHOD, method.type) for method in changes.authentication_methods
        )
        items.append(_item("Способи входу", methods or "—"))
    return _summary("Зміна ваших даних", "Ви підписуєте оновлення своїх даних у реєстрі eHealth.", items)


def payload_text(payload: bytes) -> str:
    """The bytes being signed, shown as indented JSON when they are JSON (as in eHealth)."""
    try:
        return json.dumps(json.loads(payload), ensure_ascii=False, indent=2, sort_keys=True)
    except (ValueError, UnicodeDecodeError):
        return payload.decode("utf-8", errors="replace")
