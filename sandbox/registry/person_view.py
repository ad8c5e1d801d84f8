"""The person as `GET /api/pis/person` shows them (the Blueprint's `pis_person_response`).

The same JSON is what a patient signs to change their data, so the update compares against it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from backend.domain.age import ADULT_AGE, OWN_ACCESS_AGE, AccessLevel, access_level, age_on
from sandbox.registry.models import Person


def person_access_level(person: Person, today: date) -> AccessLevel:
    return access_level(person.birth_date, person.legal_capacity_status == "VERIFIED", today)


def legal_capacity(person: Person, today: date) -> dict[str, str]:
    """The capacity check of a 14–17-year-old (DOMAIN §3); adults and children need none."""
    status = person.legal_capacity_status
    if status is None:
        is_teen = OWN_ACCESS_AGE <= age_on(person.birth_date, today) < ADULT_AGE
        status = "NOT_VERIFIED" if is_teen else "VERIFICATION_NOT_NEEDED"
    reason = "MANUAL_CONFIRMED" if status == "VERIFIED" else "AUTO_DATA_ABSENT"
    return {"verification_status": status, "verification_reason": reason}


def person_json(person: Person, today: date) -> dict[str, Any]:
    return {
        "id": person.id,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "second_name": person.second_name,
        "birth_date": person.birth_date.isoformat(),
        "birth_country": person.birth_country,
        "birth_settlement": person.birth_settlement,
        "gender": person.gender,
        "email": person.email,
        "tax_id": person.tax_id,
        "no_tax_id": person.no_tax_id,
        "secret": person.secret,
        "unzr": person.unzr,
        "documents": list(person.documents or []),
        "addresses": list(person.addresses or []),
        "phones": list(person.phones or []),
        "preferred_way_communication": person.preferred_way_communication,
        "emergency_contact": person.emergency_contact,
        "confidant_person": list(person.confidant_person or []),
        "authentication_methods": list(person.authentication_methods or []),
        "verification": {
            "verification_status": person.verification_status,
            "details": {"legal_capacity": legal_capacity(person, today)},
        },
    }
